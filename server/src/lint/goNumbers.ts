/**
 * Numbers as runc's Go decoder sees them: an integer field takes only an integral literal
 * (strconv.ParseInt/ParseUint on the source text), in range for the field's Go type. Judged from
 * the TEXT, because a JS double cannot tell 18446744073709551615 from 18446744073709551616.
 */
import { goIntBounds, type IntegerNode } from './schema/schemaModel';

export interface NumberProblem {
	code: 'integer-expected' | 'integer-range';
	message: string;
	/** The literal to write instead, when there is an obvious one (e.g. `1.0` → `1`). */
	replacement?: string;
}

/**
 * Checks a JSON number literal against an integer field; `name` is the field's name for
 * messages. Returns undefined when Go would decode it.
 */
export function checkGoInteger(literal: string, n: IntegerNode, name: string): NumberProblem | undefined {
	const [tmin, tmax] = goIntBounds(n.go);
	const unsigned = n.go.startsWith('u');
	if (!/^-?\d+$/.test(literal)) {
		const asNumber = Number(literal);
		const integral = Number.isSafeInteger(asNumber) ? String(asNumber) : undefined;
		return {
			code: 'integer-expected',
			message: `${name} must be an integer literal (${n.go}); runc's Go decoder rejects ${literal}${integral !== undefined ? `, write ${integral}` : ''}. Fractions and exponents are not allowed in integer fields.`,
			replacement: integral,
		};
	}
	if (unsigned && literal.startsWith('-')) {
		return { code: 'integer-range', message: `${name} is unsigned (${n.go}): ${literal} is negative. Allowed: ${rangeText(n, tmin, tmax)}.` };
	}
	// Fast path: up to 15 digits is exact as a double.
	let value: bigint | number;
	let lo: bigint | number = n.min !== undefined ? BigInt(n.min) : tmin;
	let hi: bigint | number = n.max !== undefined ? BigInt(n.max) : tmax;
	if (literal.length <= 15) {
		value = Number(literal);
		lo = Number(lo < -(2n ** 53n) ? -(2 ** 53) : lo);
		hi = Number(hi > 2n ** 53n ? 2 ** 53 : hi);
	} else value = BigInt(literal);
	if (value < lo || value > hi) {
		const outsideType = BigInt(literal) < tmin || BigInt(literal) > tmax;
		const why = outsideType ? `does not fit in ${n.go}` : n.boundsHint ?? 'is out of range';
		return { code: 'integer-range', message: `${name} ${literal} ${outsideType ? why : `is out of range: ${why}`}. Allowed: ${rangeText(n, tmin, tmax)}.` };
	}
	return undefined;
}

function rangeText(n: IntegerNode, tmin: bigint, tmax: bigint): string {
	const lo = n.min ?? String(tmin);
	const hi = n.max ?? String(tmax);
	return `${lo} to ${hi}`;
}
