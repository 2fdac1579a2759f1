/** The task type of restore tasks in tasks.json (package.json `taskDefinitions`). */
export const TASK_TYPE = 'oci-restore';
