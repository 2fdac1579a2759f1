import { checkToolSafe } from '../restore/checkToolSafe';
import { lookPath } from '../restore/findTool';
import { HelperError } from './helperError';

/** Where the system's python3 is looked for (never the caller's PATH: this runs as root). */
export const PYTHON_CANDIDATES: readonly string[] = ['/usr/bin/python3', '/bin/python3', '/usr/local/bin/python3'];

/** What to install when no usable python3 is found. */
export const PYTHON_HOW_TO = 'install python3 (Debian/Ubuntu: apt-get install python3-minimal)';

/**
 * The system python3 that receives the console runc hands over for a detached terminal container:
 * absolute, and (as root) root-owned and not writable by anyone else, checked like runc and CRIU.
 * Throws a `not-found` HelperError naming the package when there is none, `not-permitted` when the one
 * found is unsafe to run as root.
 */
export function findConsolePython(candidates: readonly string[] = PYTHON_CANDIDATES): string {
	const found = candidates.map((c) => lookPath(c, '')).find((p) => p !== undefined);
	if (!found) {
		throw new HelperError(
			'not-found',
			`restoring a terminal container (process.terminal: true) detached needs python3 to receive runc's console socket (none in ${candidates.join(', ')}): ${PYTHON_HOW_TO}; or restore it attached`,
			'detach',
		);
	}
	if ((process.geteuid?.() ?? -1) !== 0) return found;
	try {
		return checkToolSafe(found);
	} catch (err) {
		throw new HelperError('not-permitted', `refusing to run python3 as root: ${(err as Error).message}`, 'detach');
	}
}

/**
 * The console trampoline, run as `python3 -I -S -c RECEIVE_CONSOLE_PY SOCKET FILE ARGS...` with a
 * status pipe on fd 3. Node cannot receive a file descriptor over a unix socket (no SCM_RIGHTS), so
 * this listens on SOCKET, takes the pty master runc sends there (one fd, its name as payload, as
 * runc's utils.SendFile does), moves it to fd 4 and execs FILE ARGS (our console keeper), which
 * inherits it, with the environment the helper gave the trampoline. Status lines on fd 3: `listening`, `received NAME`, or `error REASON`. It exits when
 * fd 3 reaches EOF first (the helper went away before runc connected).
 */
export const RECEIVE_CONSOLE_PY = `
import array, os, select, socket, sys
ST = 3
def say(m):
	os.write(ST, (m.replace('\\n', ' ') + '\\n').encode('utf-8', 'replace'))
try:
	path = sys.argv[1]
	os.umask(0o077)
	s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
	try:
		os.unlink(path)
	except FileNotFoundError:
		pass
	s.bind(path)
	s.listen(1)
	say('listening')
	while True:
		r, _, _ = select.select([s, ST], [], [])
		if s in r:
			break
		if not os.read(ST, 1):
			os.unlink(path)
			sys.exit(2)
	c, _ = s.accept()
	s.close()
	os.unlink(path)
	fds = array.array('i')
	msg, anc, _, _ = c.recvmsg(4096, socket.CMSG_SPACE(fds.itemsize * 4))
	for level, kind, data in anc:
		if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
			fds.frombytes(data[:len(data) - len(data) % fds.itemsize])
	c.close()
	if len(fds) != 1:
		for fd in fds:
			os.close(fd)
		say('error runc sent %d file descriptors instead of one' % len(fds))
		sys.exit(1)
	say('received ' + msg.decode('utf-8', 'replace'))
	if fds[0] != 4:
		os.dup2(fds[0], 4)
		os.close(fds[0])
	os.set_inheritable(4, True)
	os.set_inheritable(ST, True)
	os.execve(sys.argv[2], sys.argv[2:], dict(os.environ))
except Exception as e:
	say('error %s: %s' % (type(e).__name__, e))
	sys.exit(1)
`;
