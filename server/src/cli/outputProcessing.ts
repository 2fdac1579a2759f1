import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const STTY = ['/usr/bin/stty', '/bin/stty'];

/**
 * `stty opost` / `stty -opost` on our terminal (Node has no termios API beyond setRawMode). libuv's raw
 * mode keeps output post-processing (\n → \r\n); a container's own pty already did that, so its bytes
 * must pass through unchanged.
 */
export function setOutputProcessing(on: boolean): void {
	const stty = STTY.find((p) => existsSync(p));
	if (stty) spawnSync(stty, [on ? 'opost' : '-opost'], { stdio: ['inherit', 'ignore', 'ignore'] });
}
