import type { Described } from './capabilities';

/** Common `mounts[].type` values (any type in /proc/filesystems is allowed, plus `bind`). */
export const mountTypes: readonly Described[] = [
	{ name: 'bind', description: 'Bind mount of `source` (same as the `bind`/`rbind` option).' },
	{ name: 'proc', description: 'The proc pseudo file system.' },
	{ name: 'sysfs', description: 'The sysfs pseudo file system.' },
	{ name: 'tmpfs', description: 'A memory-backed file system.' },
	{ name: 'devpts', description: 'Pseudo-terminal device file system.' },
	{ name: 'mqueue', description: 'POSIX message queue file system.' },
	{ name: 'cgroup', description: 'cgroup v1 hierarchy.' },
	{ name: 'cgroup2', description: 'cgroup v2 unified hierarchy.' },
	{ name: 'overlay', description: 'Overlay file system (lowerdir/upperdir/workdir options).' },
	{ name: 'devtmpfs', description: 'Kernel-managed device file system.' },
	{ name: 'hugetlbfs', description: 'Huge page file system.' },
	{ name: 'securityfs', description: 'Security module file system.' },
	{ name: 'debugfs', description: 'Kernel debug file system.' },
	{ name: 'none', description: 'No file system type (with `bind` options).' },
];

/** Mount options runc understands itself (runc specconv's tables); others are file-system data (`size=64m`, `mode=755`). */
export const mountOptions: readonly Described[] = [
	['bind', 'Bind mount the source.'], ['rbind', 'Recursively bind mount the source.'],
	['ro', 'Read-only.'], ['rw', 'Read-write.'], ['suid', 'Honour set-user-ID bits.'], ['nosuid', 'Ignore set-user-ID bits.'],
	['dev', 'Allow device files.'], ['nodev', 'Forbid device files.'], ['exec', 'Allow execution.'], ['noexec', 'Forbid execution.'],
	['sync', 'Synchronous I/O.'], ['async', 'Asynchronous I/O.'], ['dirsync', 'Synchronous directory updates.'],
	['remount', 'Remount an existing mount.'], ['mand', 'Allow mandatory locks.'], ['nomand', 'Forbid mandatory locks.'],
	['atime', 'Update access times.'], ['noatime', 'Do not update access times.'], ['diratime', 'Update directory access times.'],
	['nodiratime', 'Do not update directory access times.'], ['relatime', 'Update access times relative to modify time.'],
	['norelatime', 'Disable relatime.'], ['strictatime', 'Always update access times.'], ['nostrictatime', 'Disable strictatime.'],
	['lazytime', 'Keep timestamps in memory only.'], ['nolazytime', 'Disable lazytime.'], ['silent', 'Suppress some kernel messages.'],
	['loud', 'Disable silent.'], ['private', 'Private propagation.'], ['rprivate', 'Recursive private propagation.'],
	['shared', 'Shared propagation.'], ['rshared', 'Recursive shared propagation.'], ['slave', 'Slave propagation.'],
	['rslave', 'Recursive slave propagation.'], ['unbindable', 'Unbindable.'], ['runbindable', 'Recursively unbindable.'],
	['idmap', 'ID-mapped mount using the container user namespace mappings.'], ['ridmap', 'Recursive ID-mapped mount.'],
	['tmpcopyup', 'runc: copy the underlying directory contents up into a tmpfs.'],
	['rro', 'Recursive read-only (mount_setattr).'], ['rrw', 'Recursive read-write.'],
	['rnosuid', 'Recursive nosuid.'], ['rnodev', 'Recursive nodev.'], ['rnoexec', 'Recursive noexec.'],
	['rnoatime', 'Recursive noatime.'], ['rrelatime', 'Recursive relatime.'], ['rstrictatime', 'Recursive strictatime.'],
	['rnosymfollow', 'Recursive nosymfollow.'], ['nosymfollow', 'Do not follow symlinks when resolving paths.'],
	['symfollow', 'Follow symlinks (clears nosymfollow).'], ['rsymfollow', 'Recursive symfollow.'],
	['rsuid', 'Recursive suid.'], ['rdev', 'Recursive dev.'], ['rexec', 'Recursive exec.'], ['ratime', 'Recursive atime.'],
	['rdiratime', 'Recursive diratime.'], ['rnodiratime', 'Recursive nodiratime.'], ['rnorelatime', 'Recursive norelatime.'],
	['rnostrictatime', 'Recursive nostrictatime.'], ['acl', 'POSIX ACLs (MS_POSIXACL).'], ['defaults', 'No flags (rw,suid,dev,exec,async).'],
	['iversion', 'Update the inode i_version.'], ['noiversion', 'Do not update the inode i_version.'],
].map(([name, description]) => ({ name, description }));

/**
 * `linux.rootfsPropagation` values of the spec (config-linux.md#rootfs-mount-propagation; the schema's
 * enum). runc also accepts the recursive forms (rprivate…), which the schema rejects.
 */
export const rootfsPropagations: readonly Described[] = [
	{ name: 'private', description: 'Mount events do not propagate in either direction.' },
	{ name: 'slave', description: 'Mount events propagate from the host into the container only.' },
	{ name: 'shared', description: 'Mount events propagate in both directions.' },
	{ name: 'unbindable', description: 'Private, and cannot be bind mounted.' },
];

/** Names of {@link mountOptions}, for membership tests. */
export const mountOptionNames: ReadonlySet<string> = new Set(mountOptions.map((o) => o.name));
