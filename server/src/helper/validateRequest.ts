import { METHODS, type ErrorPayload, type Method, type Requests } from '../common/helperProtocol';

/** A request that passed the shape check: the method is known and every field has its declared type. */
export interface ValidRequest<M extends Method = Method> {
	id: number;
	method: M;
	params: Requests[M]['params'];
	data?: Buffer;
}

type FieldType = 'string' | 'boolean' | 'uint' | 'strings' | readonly string[];
type Shape = Record<string, { type: FieldType; required?: boolean }>;

const tools: Shape = { runc: { type: 'string' }, criu: { type: 'string' }, runcRoot: { type: 'string' } };
const cgroupsModes = ['soft', 'full', 'strict', 'ignore'] as const;
/** Signal names runc accepts, with or without the SIG prefix, or a number. */
const SIGNAL = /^(SIG)?[A-Z][A-Z0-9+-]{1,11}$|^[0-9]{1,2}$/;

const shapes: Record<Method, Shape> = {
	preflight: { ...tools, bundle: { type: 'string' }, imagePath: { type: 'string' }, id: { type: 'string' }, detach: { type: 'boolean' } },
	restore: {
		...tools,
		id: { type: 'string', required: true },
		bundle: { type: 'string', required: true },
		imagePath: { type: 'string' },
		workPath: { type: 'string' },
		tcpEstablished: { type: 'boolean' },
		extUnixSk: { type: 'boolean' },
		shellJob: { type: 'boolean' },
		fileLocks: { type: 'boolean' },
		manageCgroupsMode: { type: cgroupsModes },
		detach: { type: 'boolean' },
		pidFile: { type: 'string' },
		noSubreaper: { type: 'boolean' },
		noPivot: { type: 'boolean' },
		emptyNs: { type: 'strings' },
		autoDedup: { type: 'boolean' },
		lazyPages: { type: 'boolean' },
		lsmProfile: { type: 'string' },
		lsmMountContext: { type: 'string' },
		cols: { type: 'uint' },
		rows: { type: 'uint' },
		output: { type: ['frames', 'direct'] },
	},
	checkpoint: {
		...tools,
		id: { type: 'string', required: true },
		imagePath: { type: 'string', required: true },
		workPath: { type: 'string' },
		leaveRunning: { type: 'boolean' },
		tcpEstablished: { type: 'boolean' },
		extUnixSk: { type: 'boolean' },
		shellJob: { type: 'boolean' },
		fileLocks: { type: 'boolean' },
		preDump: { type: 'boolean' },
		parentPath: { type: 'string' },
		manageCgroupsMode: { type: cgroupsModes },
		emptyNs: { type: 'strings' },
		autoDedup: { type: 'boolean' },
	},
	stdin: { size: { type: 'uint', required: true } },
	resize: { cols: { type: 'uint', required: true }, rows: { type: 'uint', required: true } },
	signal: { signal: { type: 'string', required: true } },
	list: { ...tools },
	state: { ...tools, id: { type: 'string', required: true } },
	kill: { ...tools, id: { type: 'string', required: true }, signal: { type: 'string' }, all: { type: 'boolean' } },
	delete: { ...tools, id: { type: 'string', required: true }, force: { type: 'boolean' } },
	attach: { ...tools, id: { type: 'string', required: true }, cols: { type: 'uint' }, rows: { type: 'uint' } },
	cancel: {},
};

/** Longest string field accepted (paths, ids); longer values are refused before anything runs. */
const MAX_STRING = 4096;

/**
 * Checks a decoded frame header against the closed verb set and each verb's parameter shape:
 * unknown methods, unknown fields, wrong types, NUL bytes and over-long strings are refused here,
 * before any process can start. Semantic checks (paths exist, flags the runc version supports) come
 * after, in the restore planning core.
 */
export function validateRequest(header: Record<string, unknown>, data?: Buffer): ValidRequest | { id: number | null; error: ErrorPayload } {
	const id = typeof header.id === 'number' && Number.isSafeInteger(header.id) && header.id >= 0 ? header.id : null;
	const bad = (message: string, field?: string) => ({ id, error: { code: 'bad-request' as const, message, details: field } });
	if (id === null) return bad('request id must be a non-negative integer', 'id');
	for (const key of Object.keys(header)) {
		if (key !== 'id' && key !== 'method' && key !== 'params') return bad(`unknown frame field '${key}'`, key);
	}
	const method = header.method;
	if (typeof method !== 'string' || !(METHODS as readonly string[]).includes(method)) {
		return bad(`unknown method ${JSON.stringify(method)} (methods: ${METHODS.join(', ')})`, 'method');
	}
	const params = header.params ?? {};
	if (typeof params !== 'object' || params === null || Array.isArray(params)) return bad('params must be an object', 'params');
	const shape = shapes[method as Method];
	const p = params as Record<string, unknown>;
	for (const [key, value] of Object.entries(p)) {
		const field = shape[key];
		if (!field) return bad(`${method}: unknown parameter '${key}'`, key);
		const problem = checkType(value, field.type);
		if (problem) return bad(`${method}: '${key}' ${problem}`, key);
	}
	for (const [key, field] of Object.entries(shape)) {
		if (field.required && p[key] === undefined) return bad(`${method}: '${key}' is required`, key);
	}
	if (method === 'signal' && !SIGNAL.test(p.signal as string)) return bad(`signal: '${p.signal}' is not a signal name`, 'signal');
	if (method === 'kill' && p.signal !== undefined && !SIGNAL.test(p.signal as string)) return bad(`kill: '${p.signal}' is not a signal name`, 'signal');
	if (method === 'stdin' && (data === undefined || data.length !== p.size)) return bad('stdin: payload does not match size', 'size');
	if (method !== 'stdin' && data !== undefined) return bad(`${method}: takes no payload`, 'size');
	return { id, method: method as Method, params: p as never, data };
}

function checkType(value: unknown, type: FieldType): string | undefined {
	if (Array.isArray(type)) {
		return typeof value === 'string' && type.includes(value) ? undefined : `must be one of ${type.join(', ')}`;
	}
	switch (type) {
		case 'string':
			return typeof value !== 'string' ? 'must be a string' : stringProblem(value);
		case 'boolean':
			return typeof value === 'boolean' ? undefined : 'must be a boolean';
		case 'uint':
			return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= 0xffffffff ? undefined : 'must be a non-negative integer';
		case 'strings':
			if (!Array.isArray(value) || value.length > 16) return 'must be an array of at most 16 strings';
			for (const v of value) {
				if (typeof v !== 'string') return 'must be an array of strings';
				const problem = stringProblem(v);
				if (problem) return problem;
			}
			return undefined;
	}
	return 'has an unknown type';
}

function stringProblem(value: string): string | undefined {
	if (value.length === 0) return 'must not be empty';
	if (value.length > MAX_STRING) return `must be at most ${MAX_STRING} characters`;
	if (value.includes('\0')) return 'must not contain NUL';
	return undefined;
}
