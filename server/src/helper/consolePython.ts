import { findPython, PYTHON_CANDIDATES, PYTHON_HOW_TO, PythonMissingError } from '../restore/findPython';
import { HelperError } from './helperError';

export { PYTHON_CANDIDATES, PYTHON_HOW_TO };

/**
 * The system python3 that receives the console runc hands over for a detached terminal container
 * (see findPython). Throws a `not-found` HelperError naming the package when there is none,
 * `not-permitted` when the one found is unsafe to run as root.
 */
export function findConsolePython(candidates: readonly string[] = PYTHON_CANDIDATES): string {
	try {
		return findPython(candidates);
	} catch (err) {
		if (err instanceof PythonMissingError) throw new HelperError('not-found', `${err.message}: ${PYTHON_HOW_TO}; or restore it attached`, 'detach');
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
