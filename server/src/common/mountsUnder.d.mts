// Types of mountsUnder.mjs (kept beside it: the project's tsconfig does not check JavaScript).
export declare function mountsUnder(dir: string): string[];
