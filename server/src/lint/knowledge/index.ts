/**
 * Domain knowledge shared by the lint rules and the language server's completion and hover.
 * Plain readonly data with one-line descriptions; no logic beyond lookups.
 */
export * from './capabilities';
export * from './namespaces';
export * from './rlimits';
export * from './seccomp';
export * from './mounts';
export * from './signals';
export * from './sysctls';
export * from './devices';
