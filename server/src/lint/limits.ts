/** Go's encoding/json (runc) refuses to nest deeper than this. */
export const maxDepth = 10000;
