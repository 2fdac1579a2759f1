import type { CriuError } from '../common/helperProtocol';

interface Hint {
	match: RegExp;
	hint: (m: RegExpExecArray) => string;
}

/** Causes seen on real restores/dumps (test/fixtures/criu-logs) and in CRIU's issue tracker. */
const HINTS: readonly Hint[] = [
	{
		match: /^File (.+) has bad size (\d+) \(expect (\d+)\)/,
		hint: (m) => `the file ${m[1]} changed after the checkpoint (now ${m[2]} bytes, ${m[3]} when checkpointed): restore it as it was, or checkpoint again`,
	},
	{
		match: /^File (.+) has bad mode/,
		hint: (m) => `the permissions of ${m[1]} changed after the checkpoint: put them back, or checkpoint again`,
	},
	{
		match: /^Can't lookup mount=\d+ for fd=(\d+) path=(.+)$/,
		hint: (m) => `the container's fd ${m[1]} is a host file (${m[2]}) outside its mounts; give the container pipes or a terminal for stdio instead of a file`,
	},
	{
		match: /^unix: Unix socket \d+ not found/,
		hint: () => 'the container holds a unix socket whose peer is outside it (often stdio set up as a socketpair); use pipes or a terminal, or checkpoint with --ext-unix-sk',
	},
	{
		match: /^Unable to reopen the pipe \/proc\/self\/fd\/(\d+)/,
		hint: (m) => `the restored container's fd ${m[1]} is not a pipe on this side (runc passed its own stdio, e.g. a socket); restore attached, or give runc real pipes`,
	},
	{
		match: /^(Unexpected EOF|Magic doesn't match for (\S+))/,
		hint: (m) => `the checkpoint images are damaged or incomplete${m[2] ? ` (${m[2]} is not a CRIU image)` : ''}: checkpoint again`,
	},
	{
		match: /^Can't fork for (\d+): File exists/,
		hint: (m) => `pid ${m[1]} is already taken: restore into a new pid namespace (the container's config must have one)`,
	},
	{
		match: /vDSO/,
		hint: () => 'this CRIU does not understand the running kernel\'s vDSO: install a newer CRIU (4.x)',
	},
	{
		match: /FPU feature required by image is not supported/,
		hint: () => 'the checkpoint was made on a CPU with features this one lacks: restore on a compatible machine',
	},
	{
		match: /iptables-restore|nftables/,
		hint: () => 'CRIU could not lock the network: install iptables (iptables-restore) or nftables support',
	},
];

/** What a CRIU error usually means and what to do, for the causes we know; undefined otherwise. */
export function criuErrorHint(e: CriuError): string | undefined {
	for (const h of HINTS) {
		const m = h.match.exec(e.message);
		if (m) return h.hint(m);
	}
	return undefined;
}
