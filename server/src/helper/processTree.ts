import { readdirSync, readFileSync } from 'node:fs';

/** Pids of every live descendant of `root` (children first seen in /proc), not including `root`. */
export function descendants(root: number): number[] {
	const children = new Map<number, number[]>();
	for (const name of safeReaddir('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		const ppid = parentOf(Number(name));
		if (ppid === undefined) continue;
		const list = children.get(ppid);
		if (list) list.push(Number(name));
		else children.set(ppid, [Number(name)]);
	}
	const out: number[] = [];
	const queue = [root];
	while (queue.length) {
		const pid = queue.shift()!;
		for (const c of children.get(pid) ?? []) {
			out.push(c);
			queue.push(c);
		}
	}
	return out;
}

/** True while a process with this pid exists (zombies included). */
export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Name of a process, for saying what was stopped: its comm, except for programs started through the
 * dynamic loader (a `criu` wrapper running `ld-linux… --library-path … /…/criu`), named after the
 * program the loader runs.
 */
export function commOf(pid: number): string | undefined {
	try {
		const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
		if (!/^ld[-.]/.test(comm)) return comm;
		const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
		const program = args.slice(1).filter((a) => a.startsWith('/') && !a.includes(':')).pop();
		return program ? program.slice(program.lastIndexOf('/') + 1) : comm;
	} catch {
		return undefined;
	}
}

/**
 * SIGKILLs a process, its process group and every descendant. The tree is read before anything is
 * killed (orphans are re-parented away once their parent dies) and again after, for children forked
 * in between; CRIU forks restored tasks as it goes.
 */
export function killTree(root: number): { pid: number; comm: string | undefined }[] {
	const killed: { pid: number; comm: string | undefined }[] = [];
	// pid 0 or 1 would mean our own process group or init: never.
	if (!Number.isSafeInteger(root) || root <= 1) return killed;
	const seen = new Set<number>();
	for (let round = 0; round < 3; round++) {
		const pids = [root, ...descendants(root)].filter((p) => !seen.has(p));
		if (pids.length === 0) break;
		const named = pids.map((pid) => ({ pid, comm: commOf(pid) }));
		for (const p of pids) {
			seen.add(p);
			try {
				process.kill(p, 'SIGSTOP');
			} catch {
				// already gone
			}
		}
		for (const p of named) {
			try {
				process.kill(p.pid, 'SIGKILL');
				killed.push(p);
			} catch {
				// already gone
			}
		}
	}
	try {
		process.kill(-root, 'SIGKILL');
	} catch {
		// no such group (already gone, or root was not a group leader)
	}
	return killed;
}

function parentOf(pid: number): number | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// comm may hold spaces and parentheses: the fields after it start past the last ')'.
		const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return Number(rest[1]);
	} catch {
		return undefined;
	}
}

function safeReaddir(dir: string): string[] {
	try {
		return readdirSync(dir);
	} catch {
		return [];
	}
}
