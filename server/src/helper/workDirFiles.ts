/**
 * Names of the files a restore job leaves in its work directory, shared by the planner that puts them
 * in a plan, the job and keepers that write them, and the CLI that tells the user where they are.
 */

/** The output log of a detached pipe-mode container (written by its pipe keeper). */
export const DETACHED_LOG = 'container.log';

/** The output log of a detached terminal container (written by its console keeper). */
export const CONSOLE_LOG = 'console.log';

/** A keeper's own log (start-up, status, why it ended). */
export const KEEPER_LOG = 'keeper.log';

/**
 * The pid file runc writes once the restore is done, relative to the work directory. It has a
 * directory of its own because the helper watches the directory for it (inotify): CRIU appends
 * restore.log line by line next to it, and in the work directory itself every one of those writes
 * (about a thousand per restore) would wake the helper while runc and CRIU need the CPU.
 */
export const RUNC_PID_FILE = 'pid/runc.pid';

/** Where job directories made before the pid file had its own directory keep it. */
export const LEGACY_RUNC_PID_FILE = 'runc.pid';
