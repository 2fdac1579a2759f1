import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { base, expectCodes, expectNone, expectOne, fixAndRelint, text } from './ruleHarness';

describe('process-*', () => {
	test('empty args is an error on the array; missing args on the process key', () => {
		const c = base();
		c.process.args = [];
		expectOne(c, 'process-args-empty', '/process/args');
		delete c.process.args;
		const d = expectOne(c, 'process-args-empty', '/process');
		// Missing member: the range is the "process" key.
		const src = text(c);
		const line = src.split('\n').findIndex((l) => l.includes('"process"'));
		assert.equal(d.range.start.line, line);
	});
	test('args on Windows may be replaced by commandLine', () => {
		const c = base();
		delete c.process.args;
		c.process.commandLine = 'cmd.exe';
		expectNone(c, 'process-args-empty');
	});
	test('relative cwd: error with a fix to the absolute path', () => {
		const c = base();
		c.process.cwd = 'home/user/../app';
		const d = expectOne(c, 'process-cwd-absolute', '/process/cwd');
		assert.match(d.message, /"\/home\/app"/);
		const fixed = fixAndRelint(c, 'process-cwd-absolute', '/process/cwd');
		assert.equal(JSON.parse(fixed).process.cwd, '/home/app');
		c.process.cwd = '/srv';
		expectNone(c, 'process-cwd-absolute');
	});
	test('env entries: no "=", empty name and NUL are errors; odd names warnings', () => {
		const c = base();
		c.process.env = ['PATH=/bin', 'NOVALUE', '=x', 'A\u0000=1', '1ABC=2', 'MY-VAR=3', 'EMPTY='];
		const ds = expectCodes(c, [
			['process-env-format', '/process/env/1'],
			['process-env-format', '/process/env/2'],
			['process-env-format', '/process/env/3'],
			['process-env-format', '/process/env/4'],
			['process-env-format', '/process/env/5'],
		]);
		assert.deepEqual(ds.map((d) => d.severity), ['error', 'error', 'error', 'warning', 'warning']);
	});
	test('a variable set twice: warning on the earlier entry, the fix removes it', () => {
		const c = base();
		c.process.env = ['PATH=/bin', 'TERM=xterm', 'PATH=/usr/bin:/bin'];
		const d = expectOne(c, 'process-env-duplicate', '/process/env/0');
		assert.equal(d.severity, 'warning');
		assert.match(d.message, /process\.env\[2\]/);
		assert.deepEqual(JSON.parse(fixAndRelint(c, 'process-env-duplicate', '/process/env/0')).process.env, ['TERM=xterm', 'PATH=/usr/bin:/bin']);
		c.process.env = ['PATH=/bin', 'TERM=xterm'];
		expectNone(c, 'process-env-duplicate');
	});
	test('consoleSize without terminal warns; with terminal it passes', () => {
		const c = base();
		c.process.consoleSize = { height: 24, width: 80 };
		assert.equal(expectOne(c, 'process-console-size-without-terminal', '/process/consoleSize').severity, 'warning');
		c.process.terminal = true;
		expectNone(c, 'process-console-size-without-terminal');
	});
	test('oomScoreAdj range', () => {
		const c = base();
		c.process.oomScoreAdj = 1001;
		expectOne(c, 'process-oom-score-adj-range', '/process/oomScoreAdj');
		c.process.oomScoreAdj = -1000;
		expectNone(c, 'process-oom-score-adj-range');
	});
	test('umask above 0777', () => {
		const c = base();
		c.process.user.umask = 512;
		expectOne(c, 'process-umask-range', '/process/user/umask');
		c.process.user.umask = 18;
		expectNone(c, 'process-umask-range');
	});
});

describe('scheduler-* and io-priority-range', () => {
	test('nice out of range for SCHED_OTHER; any nice for SCHED_FIFO is not checked', () => {
		const c = base();
		c.process.scheduler = { policy: 'SCHED_OTHER', nice: 20 };
		expectOne(c, 'scheduler-nice-range', '/process/scheduler/nice');
		c.process.scheduler = { policy: 'SCHED_OTHER', nice: -20 };
		expectNone(c, 'scheduler-nice-range');
	});
	test('priority only with FIFO/RR', () => {
		const c = base();
		c.process.scheduler = { policy: 'SCHED_OTHER', priority: 10 };
		expectOne(c, 'scheduler-priority-policy', '/process/scheduler/priority');
		c.process.scheduler = { policy: 'SCHED_RR', priority: 10 };
		expectNone(c, 'scheduler-priority-policy');
	});
	test('runtime/deadline/period only with SCHED_DEADLINE', () => {
		const c = base();
		c.process.scheduler = { policy: 'SCHED_FIFO', runtime: 1000, period: 2000 };
		expectCodes(c, [['scheduler-deadline-fields', '/process/scheduler/runtime'], ['scheduler-deadline-fields', '/process/scheduler/period']]);
		c.process.scheduler = { policy: 'SCHED_DEADLINE', runtime: 1000, deadline: 1500, period: 2000 };
		expectNone(c, 'scheduler-deadline-fields');
	});
	test('ioPriority 0..7', () => {
		const c = base();
		c.process.ioPriority = { class: 'IOPRIO_CLASS_BE', priority: 8 };
		expectOne(c, 'io-priority-range', '/process/ioPriority/priority');
		c.process.ioPriority = { class: 'IOPRIO_CLASS_BE', priority: 7 };
		expectNone(c, 'io-priority-range');
	});
});
