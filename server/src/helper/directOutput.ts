import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, fstatSync, lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the per-job socket directories go when running as root (tmpfs, gone at reboot). */
const ROOT_BASE = '/run/oci-restore-stdio';
/** A socket directory this old was left by a helper killed while it waited (a wait lasts seconds). */
const STALE_MS = 10 * 60 * 1000;

/** Who may connect: the uid (and gid) that owns the client's end of the helper's stdio. */
export interface ClientIdentity {
	uid: number;
	gid: number;
}

/**
 * The client's identity, learned without trusting anything the client says: the helper's stdin is a
 * socket or pipe the client created, and such an inode belongs to its creator (Linux sets a socket's
 * or pipe's owner to the creating process's fsuid). Undefined when stdin is anything else (a file, a
 * tty): then nobody is known to hand the output to, and the helper keeps sending frames.
 */
export function clientIdentity(fd = 0): ClientIdentity | undefined {
	try {
		const st = fstatSync(fd);
		return st.isSocket() || st.isFIFO() ? { uid: st.uid, gid: st.gid } : undefined;
	} catch {
		return undefined;
	}
}

/**
 * One listening Unix socket through which the client receives the container's stdout directly: it
 * lives in a fresh directory with an unguessable name (mode 0711: nobody can list it), is owned by the
 * client's uid with mode 0600, and accepts exactly one connection, which becomes runc's (and so the
 * container's) stdout. The helper never opens a path the client supplied; the client only connects to
 * a path the helper made.
 */
export class DirectOutput {
	private settle: ((s: Socket | undefined) => void) | undefined;
	private readonly accepted: Promise<Socket | undefined>;
	private closed = false;
	/** The client's connection until `accept` hands it out (abort closes it). */
	private unclaimed: Socket | undefined;
	/** True once `abort` was called: the wait ended on purpose, not by a timeout. */
	aborted = false;

	private constructor(
		private readonly server: Server,
		private readonly dir: string,
		/** The socket's path, to announce to the client. */
		readonly path: string,
	) {
		this.accepted = new Promise((resolve) => (this.settle = resolve));
		server.on('connection', (s) => {
			if (this.closed) {
				s.destroy();
				return;
			}
			this.unclaimed = s;
			this.settle?.(s);
			this.close();
		});
		server.on('error', () => this.settle?.(undefined));
	}

	/** Creates the directory and the listening socket for `client`; throws when it cannot. */
	static async open(client: ClientIdentity, base = defaultBase()): Promise<DirectOutput> {
		ensureBase(base);
		const dir = join(base, randomBytes(16).toString('hex'));
		mkdirSync(dir, { mode: 0o711 });
		chmodSync(dir, 0o711);
		const path = join(dir, 'stdout.sock');
		// Paused: the helper must never read the connection; its only use is as runc's stdout.
		const server = createServer({ pauseOnConnect: true });
		try {
			await new Promise<void>((resolve, reject) => {
				server.once('error', reject);
				server.listen(path, () => {
					server.off('error', reject);
					resolve();
				});
			});
			chmodSync(path, 0o600);
			chownSync(path, client.uid, client.gid);
		} catch (err) {
			server.close();
			rmSync(dir, { recursive: true, force: true });
			throw err;
		}
		return new DirectOutput(server, dir, path);
	}

	/**
	 * The client's connection (at once when it already connected), or undefined when it did not connect
	 * within `timeoutMs` or `abort` was called. Either way the socket file and its directory are gone
	 * when this resolves.
	 */
	async accept(timeoutMs: number): Promise<Socket | undefined> {
		const timer = setTimeout(() => this.settle?.(undefined), timeoutMs);
		const s = this.aborted ? undefined : await this.accepted;
		clearTimeout(timer);
		this.close();
		this.unclaimed = undefined;
		return s;
	}

	/**
	 * Stops waiting for the client (cancel, shutdown, a restore that does not use it) and closes a
	 * connection not handed out yet: the client sees EOF and stops waiting for output there.
	 */
	abort(): void {
		this.aborted = true;
		this.settle?.(undefined);
		this.close();
		this.unclaimed?.destroy();
		this.unclaimed = undefined;
	}

	private close(): void {
		if (this.closed) return;
		this.closed = true;
		this.server.close();
		rmSync(this.dir, { recursive: true, force: true });
	}
}

function defaultBase(): string {
	const euid = process.geteuid?.() ?? -1;
	return euid === 0 ? ROOT_BASE : join(tmpdir(), `oci-restore-stdio-${euid}`);
}

/** The base directory: ours (owned by this euid), a real directory, writable by nobody else, searchable. */
function ensureBase(base: string): void {
	mkdirSync(base, { recursive: true, mode: 0o711 });
	const st = lstatSync(base);
	const euid = process.geteuid?.() ?? -1;
	if (!st.isDirectory() || st.uid !== euid || (st.mode & 0o022) !== 0) {
		throw new Error(`${base} is not a directory owned by uid ${euid} and writable only by it`);
	}
	if ((st.mode & 0o711) !== 0o711) chmodSync(base, (st.mode & 0o7777) | 0o711);
	const now = Date.now();
	for (const name of readdirSync(base)) {
		try {
			const p = join(base, name);
			if (now - lstatSync(p).mtimeMs > STALE_MS) rmSync(p, { recursive: true, force: true });
		} catch {
			// another helper removed it first
		}
	}
}
