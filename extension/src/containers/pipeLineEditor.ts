/** Where a {@link PipeLineEditor} sends what it makes of the keys. */
export interface PipeLineSink {
	/** Text to show in the terminal (the echo of what was typed). */
	echo(text: string): void;
	/** Bytes for the container's stdin; an empty array ends it (EOF). */
	send(data: Uint8Array): void;
	/** Ctrl-C: the container gets SIGINT, as it would from a terminal of its own. */
	interrupt(): void;
}

/**
 * Line editing and echo for a terminal on a container's pipes (`process.terminal: false`), which has
 * no pty and so no line discipline: typed characters are echoed and kept until Enter sends the line
 * with "\n"; Backspace edits; Ctrl-D sends the pending text, or on an empty line ends the container's
 * stdin; Ctrl-C interrupts; escape sequences (cursor keys) mean nothing to a pipe and are dropped.
 */
export class PipeLineEditor {
	private line = '';

	constructor(private readonly sink: PipeLineSink) {}

	input(data: string): void {
		for (let i = 0; i < data.length; i++) {
			const ch = data[i];
			if (ch === '\x03') {
				this.line = '';
				this.sink.echo('^C\r\n');
				this.sink.interrupt();
			} else if (ch === '\x04') {
				this.sink.send(new TextEncoder().encode(this.line));
				this.line = '';
			} else if (ch === '\r' || ch === '\n') {
				if (ch === '\n' && i > 0 && data[i - 1] === '\r') continue;
				this.sink.echo('\r\n');
				this.sink.send(new TextEncoder().encode(`${this.line}\n`));
				this.line = '';
			} else if (ch === '\x7f' || ch === '\b') {
				if (this.line) {
					this.line = [...this.line].slice(0, -1).join('');
					this.sink.echo('\b \b');
				}
			} else if (ch === '\x1b') {
				const m = /^\x1b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?/.exec(data.slice(i));
				i += (m?.[0].length ?? 1) - 1;
			} else if (ch >= ' ' || ch === '\t') {
				this.line += ch;
				this.sink.echo(ch);
			}
		}
	}
}
