import { chmodSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { encodeFrame, FrameReader, type Frame } from './framing';
import { keeperMessage, removeSocket } from './keeperSupport';

/** An attached client with this much unsent output pauses the container's output (like a slow terminal or pipe would). */
const CLIENT_HIGH_WATER = 1024 * 1024;
/** A client that keeps the output paused this long is disconnected: it must not stall the container for good. */
const STALLED_CLIENT_MS = 30_000;

/** The keeper's hold on the container's output, paused while an attached client lags behind. */
export interface KeeperOutput {
	pause(): void;
	resume(): void;
}

/**
 * A keeper's root-only attach socket and its clients: framed events to each client, with
 * back-pressure (a client over the high-water mark pauses the container's output until it drained,
 * one that never drains is dropped), and a hang-up for all when the keeper ends.
 */
export class AttachServer<E extends object> {
	/** The listening server; its `error` events are the keeper's to handle. */
	readonly server: Server;
	private readonly clients = new Set<Socket>();
	/** Clients over the high-water mark, each with the timer that drops it if it never drains. */
	private readonly slow = new Map<Socket, NodeJS.Timeout>();
	private closed = false;

	/**
	 * @param path the socket's path
	 * @param output what a lagging client pauses
	 * @param onClient called for each new client (before its input is read): the keeper greets it
	 * @param onInput each frame a client sends
	 */
	constructor(
		private readonly path: string,
		private readonly output: KeeperOutput,
		onClient: (c: Socket) => void,
		onInput: (c: Socket, f: Frame) => void,
	) {
		this.server = createServer((c) => {
			if (this.closed) return void c.destroy();
			this.clients.add(c);
			c.on('error', () => undefined);
			c.on('close', () => {
				this.clients.delete(c);
				this.caughtUp(c);
			});
			const reader = new FrameReader((f) => onInput(c, f));
			c.on('data', (chunk: Buffer) => reader.push(chunk));
			onClient(c);
		});
	}

	/** Replaces a stale socket, listens, makes the socket root-only, then calls `onListening`. */
	listen(onListening: () => void): void {
		removeSocket(this.path);
		this.server.listen(this.path, () => {
			chmodSync(this.path, 0o600);
			onListening();
		});
	}

	/** Sends one event (and its bytes) to one client. */
	send(c: Socket, e: E, data?: Buffer): void {
		for (const part of encodeFrame(e, data)) c.write(part);
		if (c.writableLength <= CLIENT_HIGH_WATER || this.slow.has(c)) return;
		this.slow.set(c, setTimeout(() => {
			keeperMessage(`dropping an attached client that read nothing for ${STALLED_CLIENT_MS / 1000} s`);
			c.destroy();
		}, STALLED_CLIENT_MS));
		c.once('drain', () => this.caughtUp(c));
		this.output.pause();
	}

	/** Sends one event (and its bytes) to every attached client. */
	broadcast(e: E, data?: Buffer): void {
		for (const c of this.clients) this.send(c, e, data);
	}

	/** Sends `last` (the hang-up) to every client and ends it, stops listening and removes the socket. */
	close(last: E): void {
		if (this.closed) return;
		this.closed = true;
		for (const c of this.clients) {
			this.send(c, last);
			c.end();
		}
		for (const t of this.slow.values()) clearTimeout(t);
		this.server.close();
		removeSocket(this.path);
	}

	private caughtUp(c: Socket): void {
		clearTimeout(this.slow.get(c));
		if (!this.slow.delete(c) || this.slow.size > 0 || this.closed) return;
		this.output.resume();
	}
}
