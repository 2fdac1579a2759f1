import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PipeLineEditor } from '../../../extension/src/containers/pipeLineEditor';

function editor() {
	const echoed: string[] = [];
	const sent: string[] = [];
	let interrupts = 0;
	const e = new PipeLineEditor({
		echo: (t) => echoed.push(t),
		send: (d) => sent.push(d.length === 0 ? '<EOF>' : new TextDecoder().decode(d)),
		interrupt: () => interrupts++,
	});
	return { e, echoed, sent, interrupts: () => interrupts };
}

describe('PipeLineEditor (a terminal on a pipe container\'s stdin)', () => {
	test('echoes typing, sends the line with \\n on Enter (\\r, \\n or \\r\\n), backspace edits', () => {
		const x = editor();
		x.e.input('helo');
		x.e.input('\x7f');
		x.e.input('lo\r');
		x.e.input('two\r\nthree\n');
		assert.deepEqual(x.sent, ['hello\n', 'two\n', 'three\n']);
		assert.equal(x.echoed.join(''), 'helo\b \blo\r\ntwo\r\nthree\r\n');
	});

	test('Ctrl-D sends the pending text, and on an empty line ends the input (EOF)', () => {
		const x = editor();
		x.e.input('part\x04');
		x.e.input('\x04');
		assert.deepEqual(x.sent, ['part', '<EOF>']);
	});

	test('Ctrl-C drops the line and interrupts; cursor keys are dropped', () => {
		const x = editor();
		x.e.input('abc\x03');
		x.e.input('a\x1b[Ab\x1bOBc\r');
		assert.equal(x.interrupts(), 1);
		// The interrupted "abc" never reached the container; the second line is "abc" without the escape sequences.
		assert.deepEqual(x.sent, ['abc\n']);
		assert.equal(x.echoed.join(''), 'abc^C\r\nabc\r\n');
	});
});
