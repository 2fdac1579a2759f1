import type { Described } from './capabilities';

/** Signal names (signal(7)), for stop-signal annotations and the CLI's kill flags. */
export const signals: readonly Described[] = [
	['SIGHUP', 'Hangup'], ['SIGINT', 'Interrupt from keyboard'], ['SIGQUIT', 'Quit from keyboard'], ['SIGILL', 'Illegal instruction'],
	['SIGTRAP', 'Trace/breakpoint trap'], ['SIGABRT', 'Abort'], ['SIGBUS', 'Bus error'], ['SIGFPE', 'Floating-point exception'],
	['SIGKILL', 'Kill (cannot be caught)'], ['SIGUSR1', 'User-defined signal 1'], ['SIGSEGV', 'Invalid memory reference'],
	['SIGUSR2', 'User-defined signal 2'], ['SIGPIPE', 'Broken pipe'], ['SIGALRM', 'Timer signal'], ['SIGTERM', 'Termination'],
	['SIGSTKFLT', 'Stack fault on coprocessor'], ['SIGCHLD', 'Child stopped or terminated'], ['SIGCONT', 'Continue if stopped'],
	['SIGSTOP', 'Stop process (cannot be caught)'], ['SIGTSTP', 'Stop typed at terminal'], ['SIGTTIN', 'Terminal input for background process'],
	['SIGTTOU', 'Terminal output for background process'], ['SIGURG', 'Urgent condition on socket'], ['SIGXCPU', 'CPU time limit exceeded'],
	['SIGXFSZ', 'File size limit exceeded'], ['SIGVTALRM', 'Virtual alarm clock'], ['SIGPROF', 'Profiling timer expired'],
	['SIGWINCH', 'Window resize'], ['SIGIO', 'I/O now possible'], ['SIGPWR', 'Power failure'], ['SIGSYS', 'Bad system call'],
].map(([name, description]) => ({ name, description }));
