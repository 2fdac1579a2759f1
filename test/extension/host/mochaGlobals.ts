/**
 * Typed access to the mocha `bdd` globals inside the extension host. mocha defines them on
 * globalThis before it loads each suite file; the suites are bundled, so they cannot import mocha.
 */
type Fn = (this: unknown) => unknown;
type Hook = (fn: Fn) => void;

interface MochaGlobals {
	describe(title: string, fn: () => void): void;
	it(title: string, fn: Fn): void;
	before: Hook;
	after: Hook;
	beforeEach: Hook;
	afterEach: Hook;
}

const g = globalThis as unknown as MochaGlobals;

export const describe = (title: string, fn: () => void): void => g.describe(title, fn);
export const it = (title: string, fn: Fn): void => g.it(title, fn);
export const before: Hook = (fn) => g.before(fn);
export const after: Hook = (fn) => g.after(fn);
