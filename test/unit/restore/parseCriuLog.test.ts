import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { criuErrorHint, criuLogTail, describeCriuError, parseCriuLog } from '../../../server/src/restore/index';

/** Excerpts of real CRIU 4.1.1 logs (runc 1.1.5) from failing restores and dumps made on purpose. */
const fixtures = resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'criu-logs');

function parseFixture(name: string) {
	const log = join(fixtures, name);
	return { log, errors: parseCriuLog(readFileSync(log, 'utf8'), log) };
}

describe('parseCriuLog on real logs', () => {
	test('emptied core-1.img: the cause is the unexpected EOF, then its consequences', () => {
		const { log, errors } = parseFixture('restore-empty-core.log');
		assert.deepEqual(errors.map((e) => [e.file, e.line, e.message]), [
			['criu/image.c', 882, 'Unexpected EOF'],
			['criu/cr-restore.c', 510, "Can't open core data for 1"],
			['criu/cr-restore.c', 2320, 'Restoring FAILED.'],
			['criu/cgroup.c', 1998, 'cg: cgroupd: recv req error: No such file or directory'],
		]);
		assert.equal(errors[0].log, log);
		const lines = readFileSync(log, 'utf8').split('\n');
		for (const e of errors) assert.match(lines[e.logLine - 1], new RegExp(`Error \\(${e.file}:${e.line}\\)`), 'logLine points at the line');
	});

	test('the harmless RLIMIT_NOFILE line present in every log is never reported', () => {
		for (const name of ['restore-empty-core.log', 'restore-garbage-inventory.log', 'restore-rootfs-file-changed.log', 'dump-socket-stdio.log']) {
			const text = readFileSync(join(fixtures, name), 'utf8');
			assert.match(text, /RLIMIT_NOFILE for self/, `${name} has the line`);
			assert.ok(parseFixture(name).errors.every((e) => !/RLIMIT_NOFILE/.test(e.message)));
		}
	});

	test('an image that is not one: magic mismatch of inventory.img', () => {
		const { errors } = parseFixture('restore-garbage-inventory.log');
		assert.deepEqual(errors.map((e) => `${e.file}:${e.line} ${e.message}`), ["criu/image.c:558 Magic doesn't match for inventory.img"]);
	});

	test('a rootfs file changed after the checkpoint: per-pid lines, the bad size is the cause', () => {
		const { errors } = parseFixture('restore-rootfs-file-changed.log');
		assert.equal(errors[0].file, 'criu/files-reg.c');
		assert.equal(errors[0].line, 2175);
		assert.equal(errors[0].message, 'File data.txt has bad size 31 (expect 6)');
		assert.equal(errors[1].message, 'Unable to open fd=3 id=0x5');
		assert.equal(errors.length, 4);
	});

	test('stdio that is a socket, not a pipe: restore and dump', () => {
		assert.equal(parseFixture('restore-detached-socket-stdio.log').errors[0].message, 'Unable to reopen the pipe /proc/self/fd/0: No such device or address');
		const dump = parseFixture('dump-socket-stdio.log').errors;
		assert.deepEqual([dump[0].file, dump[0].message], ['criu/sk-unix.c', 'unix: Unix socket 21285 not found']);
		assert.equal(dump.at(-1)?.message, 'Dumping FAILED.');
	});

	test('a CRIU that stopped without an Error line gives no errors; the tail says where it got to', () => {
		const text = readFileSync(join(fixtures, 'restore-missing-pstree.log'), 'utf8');
		assert.deepEqual(parseCriuLog(text, 'x'), []);
		const tail = criuLogTail(text, 3);
		assert.equal(tail.length, 3);
		assert.match(tail.join('\n'), /No pstree\.img image/);
	});
});

describe('parseCriuLog line forms', () => {
	test('restorer (pie) lines, per-pid prefixes, old CRIU without directories, CRLF', () => {
		const text = [
			'(00.100000) Warn  (criu/cr-restore.c:1043): not an error',
			'pie: 34661: Error (criu/pie/restorer.c:317): Unable to drop capability 0: -1',
			'(00.200000) pie: 7: Error (criu/pie/restorer.c:820): BUG at criu/pie/restorer.c:820',
			'(10.335243)      1: Error (cr-restore.c:1225): BUG at cr-restore.c:1225\r',
			'Error (criu/cr-restore.c:2320): Restoring FAILED.',
			'(00.1) Error message without a location',
		].join('\n');
		assert.deepEqual(parseCriuLog(text, '/l').map((e) => [e.file, e.line, e.message, e.logLine]), [
			['criu/pie/restorer.c', 317, 'Unable to drop capability 0: -1', 2],
			['criu/pie/restorer.c', 820, 'BUG at criu/pie/restorer.c:820', 3],
			['cr-restore.c', 1225, 'BUG at cr-restore.c:1225', 4],
			['criu/cr-restore.c', 2320, 'Restoring FAILED.', 5],
		]);
	});
	test('empty text, and a one-line summary for the user', () => {
		assert.deepEqual(parseCriuLog('', '/l'), []);
		const [e] = parseCriuLog('(00.0) Error (criu/image.c:882): Unexpected EOF', '/w/restore.log');
		assert.equal(describeCriuError(e), 'CRIU: Unexpected EOF (criu/image.c:882; /w/restore.log:1)');
	});
});

describe('criuErrorHint: the first real Error of each real log explained', () => {
	const cases: [string, RegExp][] = [
		['restore-empty-core.log', /images are damaged or incomplete: checkpoint again/],
		['restore-garbage-inventory.log', /inventory\.img is not a CRIU image/],
		['restore-rootfs-file-changed.log', /the file data\.txt changed after the checkpoint \(now 31 bytes, 6 when checkpointed\)/],
		['restore-detached-socket-stdio.log', /fd 0 is not a pipe on this side/],
		['dump-socket-stdio.log', /unix socket whose peer is outside/],
		['dump-file-stdio.log', /fd 1 is a host file \(\/var\/lib\/demo\/out\.log\) outside its mounts/],
	];
	for (const [name, hint] of cases) {
		test(name, () => {
			const { errors } = parseFixture(name);
			assert.match(criuErrorHint(errors[0]) ?? '(no hint)', hint);
		});
	}
	test('consequences and unknown messages get no hint', () => {
		const { errors } = parseFixture('restore-empty-core.log');
		assert.equal(criuErrorHint(errors.at(-2)!), undefined, 'Restoring FAILED.');
		assert.equal(criuErrorHint({ file: 'x.c', line: 1, message: 'something new', log: '/l', logLine: 1 }), undefined);
	});
});
