import type { Described } from './capabilities';

/** Seccomp actions (`linux.seccomp.defaultAction`, `syscalls[].action`). */
export const seccompActions: readonly Described[] = [
	{ name: 'SCMP_ACT_KILL', description: 'Kill the thread that made the syscall (same as SCMP_ACT_KILL_THREAD).' },
	{ name: 'SCMP_ACT_KILL_PROCESS', description: 'Kill the whole process.' },
	{ name: 'SCMP_ACT_KILL_THREAD', description: 'Kill the thread that made the syscall.' },
	{ name: 'SCMP_ACT_TRAP', description: 'Send SIGSYS to the thread.' },
	{ name: 'SCMP_ACT_ERRNO', description: 'Fail the syscall with errnoRet (default EPERM).' },
	{ name: 'SCMP_ACT_TRACE', description: 'Notify a ptrace tracer (errnoRet is the trace message).' },
	{ name: 'SCMP_ACT_ALLOW', description: 'Allow the syscall.' },
	{ name: 'SCMP_ACT_LOG', description: 'Allow the syscall and log it.' },
	{ name: 'SCMP_ACT_NOTIFY', description: 'Send the syscall to a user-space agent listening on listenerPath.' },
];

/** Seccomp architectures (`linux.seccomp.architectures`). */
export const seccompArchitectures: readonly Described[] = [
	['SCMP_ARCH_X86', 'x86 32-bit'], ['SCMP_ARCH_X86_64', 'x86-64'], ['SCMP_ARCH_X32', 'x32 ABI'],
	['SCMP_ARCH_ARM', '32-bit ARM'], ['SCMP_ARCH_AARCH64', '64-bit ARM'],
	['SCMP_ARCH_MIPS', 'MIPS o32 big-endian'], ['SCMP_ARCH_MIPS64', 'MIPS n64 big-endian'], ['SCMP_ARCH_MIPS64N32', 'MIPS n32 big-endian'],
	['SCMP_ARCH_MIPSEL', 'MIPS o32 little-endian'], ['SCMP_ARCH_MIPSEL64', 'MIPS n64 little-endian'], ['SCMP_ARCH_MIPSEL64N32', 'MIPS n32 little-endian'],
	['SCMP_ARCH_PPC', 'PowerPC 32-bit'], ['SCMP_ARCH_PPC64', 'PowerPC 64-bit big-endian'], ['SCMP_ARCH_PPC64LE', 'PowerPC 64-bit little-endian'],
	['SCMP_ARCH_S390', 's390 31-bit'], ['SCMP_ARCH_S390X', 's390x 64-bit'],
	['SCMP_ARCH_PARISC', 'PA-RISC 32-bit'], ['SCMP_ARCH_PARISC64', 'PA-RISC 64-bit'],
	['SCMP_ARCH_RISCV64', 'RISC-V 64-bit'], ['SCMP_ARCH_LOONGARCH64', 'LoongArch 64-bit'], ['SCMP_ARCH_M68K', 'Motorola 68000'],
	['SCMP_ARCH_SH', 'SuperH big-endian'], ['SCMP_ARCH_SHEB', 'SuperH big-endian'],
].map(([name, description]) => ({ name, description }));

/** Comparison operators of `syscalls[].args[].op`. */
export const seccompOperators: readonly Described[] = [
	{ name: 'SCMP_CMP_NE', description: 'Argument is not equal to value.' },
	{ name: 'SCMP_CMP_LT', description: 'Argument is less than value.' },
	{ name: 'SCMP_CMP_LE', description: 'Argument is less than or equal to value.' },
	{ name: 'SCMP_CMP_EQ', description: 'Argument is equal to value.' },
	{ name: 'SCMP_CMP_GE', description: 'Argument is greater than or equal to value.' },
	{ name: 'SCMP_CMP_GT', description: 'Argument is greater than value.' },
	{ name: 'SCMP_CMP_MASKED_EQ', description: '(argument & value) equals valueTwo.' },
];

/** Flags of `linux.seccomp.flags` (seccomp(2) SECCOMP_FILTER_FLAG_*). */
export const seccompFlags: readonly Described[] = [
	{ name: 'SECCOMP_FILTER_FLAG_TSYNC', description: 'Synchronize the filter to all threads.' },
	{ name: 'SECCOMP_FILTER_FLAG_LOG', description: 'Log all actions except SCMP_ACT_ALLOW.' },
	{ name: 'SECCOMP_FILTER_FLAG_SPEC_ALLOW', description: 'Disable Speculative Store Bypass mitigation.' },
	{ name: 'SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV', description: 'Make notify waits killable once the agent received the request.' },
];

/** The highest syscall argument index (syscalls take at most six arguments). */
export const seccompMaxArgIndex = 5;
