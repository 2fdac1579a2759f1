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
