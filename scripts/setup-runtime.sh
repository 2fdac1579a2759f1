#!/usr/bin/env bash
# Installs the real container runtime the restore tests and the helper use:
#   - runc, iptables (CRIU's network lock needs iptables-restore), busybox-static (test bundles),
#     sudo, util-linux, procps, gdb — from the system's own Debian suite (bookworm);
#   - CRIU 4.x from Debian trixie, unpacked into a private prefix with its own libc and started
#     through a wrapper first in PATH. Bookworm's CRIU 3.17 fails `criu check` on current kernels
#     ("Unexpected rt vDSO area bounds"), and adding trixie to the system's apt sources would
#     upgrade libc and most of the system on the next `apt-get install`, so trixie is only ever
#     reached through a private apt state directory.
#
# Idempotent and fast when everything is already in place. Must run as root.
# Environment (all optional):
#   OCI_RESTORE_CRIU_PREFIX   private prefix for CRIU (default /opt/oci-restore/criu)
#   OCI_RESTORE_CRIU_WRAPPER  wrapper path, should be first in PATH (default /usr/local/sbin/criu)
#   OCI_RESTORE_DEBIAN_MIRROR Debian mirror for trixie (default: the system's, else deb.debian.org)
#   OCI_RESTORE_FORCE_CRIU=1  reinstall CRIU even when the installed one works
set -euo pipefail

PREFIX="${OCI_RESTORE_CRIU_PREFIX:-/opt/oci-restore/criu}"
WRAPPER="${OCI_RESTORE_CRIU_WRAPPER:-/usr/local/sbin/criu}"
STATE_DIR=/var/cache/oci-restore/apt-trixie
APT=(apt-get -o DPkg::Lock::Timeout=600)
# pkexec, polkitd and dbus: the pkexec elevation test asks a real polkit (its own system bus when none runs).
# python3-minimal: the helper's python3 receives runc's console socket (terminal containers restored detached).
SYSTEM_PACKAGES=(runc iptables busybox-static sudo util-linux procps gdb pkexec polkitd dbus python3-minimal)
# criu and the shared libraries it loads, as trixie names them (the wrapper gives CRIU trixie's
# own loader and libc, so none of the system's libraries are used).
CRIU_PACKAGES=(criu libcompel1 libc6 libgnutls30t64 libnet1 libnftables1 libnl-3-200 libprotobuf-c1
	libbsd0 libuuid1 libnftnl11 libmnl0 libjansson4 libxtables12 libp11-kit0 libidn2-0 libunistring5
	libtasn1-6 libnettle8t64 libhogweed6t64 libgmp10 libmd0 libffi8)

log() { printf 'setup-runtime: %s\n' "$*"; }
die() { printf 'setup-runtime: ERROR: %s\n' "$*" >&2; exit 1; }

[[ "$(id -u)" == 0 ]] || die "must run as root (try: sudo npm run setup)"
command -v apt-get >/dev/null || die "needs a Debian-based system with apt-get (Debian 12 bookworm is what we test on)"

case "$(dpkg --print-architecture)" in
	amd64) TRIPLET=x86_64-linux-gnu; LOADER=ld-linux-x86-64.so.2 ;;
	arm64) TRIPLET=aarch64-linux-gnu; LOADER=ld-linux-aarch64.so.1 ;;
	*) die "unsupported architecture $(dpkg --print-architecture) (amd64 and arm64 are supported)" ;;
esac

# --- 1. system packages -------------------------------------------------------------------------
missing=()
for p in "${SYSTEM_PACKAGES[@]}"; do
	if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" != installed ]]; then
		missing+=("$p")
	fi
done
if ((${#missing[@]})); then
	log "installing ${missing[*]}"
	# A fresh image has no package lists; refresh them once if the install cannot find a package.
	if ! DEBIAN_FRONTEND=noninteractive "${APT[@]}" install -y --no-install-recommends "${missing[@]}"; then
		"${APT[@]}" update
		DEBIAN_FRONTEND=noninteractive "${APT[@]}" install -y --no-install-recommends "${missing[@]}"
	fi
else
	log "system packages already installed (${SYSTEM_PACKAGES[*]})"
fi

# --- 2. CRIU 4.x in a private prefix ------------------------------------------------------------
criu_works() {
	[[ -x "$WRAPPER" && -x "$PREFIX/usr/sbin/criu" ]] || return 1
	local v
	v="$("$WRAPPER" --version 2>/dev/null | sed -n 's/^Version: *//p')" || return 1
	[[ "$v" == 4.* || "$v" == [5-9].* ]] || return 1
	"$WRAPPER" check >/dev/null 2>&1
}

debian_mirror() {
	if [[ -n "${OCI_RESTORE_DEBIAN_MIRROR:-}" ]]; then
		printf '%s\n' "$OCI_RESTORE_DEBIAN_MIRROR"
		return
	fi
	# The first mirror of the system's main archive (not -security), in deb822 or one-line format.
	local m
	m="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '
		/^URIs:/ { uri = $2 } /^Suites:/ { if ($2 !~ /-security$/ && uri ~ /debian\/?$/ && !found) { print uri; found = 1 } }')"
	if [[ -z "$m" ]]; then
		m="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			awk '$1 == "deb" && $2 !~ /^\[/ && $2 ~ /debian\/?$/ && $3 !~ /-security$/ { print $2; exit }')"
	fi
	printf '%s\n' "${m:-http://deb.debian.org/debian}"
}

write_wrapper() {
	local tmp="$WRAPPER.tmp.$$"
	install -d -o root -g root -m 0755 "$(dirname "$WRAPPER")" "$PREFIX/libexec"
	# The loader runs through a link named criu, so the process is called criu (its comm comes from
	# the name it was executed by): ps, runc's and our own messages name CRIU, not ld-linux.
	ln -sfn "../usr/lib/$TRIPLET/$LOADER" "$PREFIX/libexec/criu"
	cat >"$tmp" <<EOF
#!/bin/sh
# CRIU from Debian trixie in a private prefix (installed by oci-restore's scripts/setup-runtime.sh).
exec $PREFIX/libexec/criu --library-path $PREFIX/usr/lib/$TRIPLET:$PREFIX/lib/$TRIPLET $PREFIX/usr/sbin/criu "\$@"
EOF
	chown root:root "$tmp"
	chmod 0755 "$tmp"
	mv -f "$tmp" "$WRAPPER"
}

if [[ "${OCI_RESTORE_FORCE_CRIU:-0}" != 1 ]] && criu_works; then
	log "CRIU already installed in $PREFIX ($("$WRAPPER" --version | sed -n 's/^Version: *//p'))"
else
	mirror="$(debian_mirror)"
	log "installing CRIU from Debian trixie ($mirror) into $PREFIX"
	install -d -o root -g root -m 0755 "$STATE_DIR" "$STATE_DIR/lists/partial" "$STATE_DIR/cache/archives/partial" "$STATE_DIR/debs"
	cat >"$STATE_DIR/trixie.sources" <<EOF
Types: deb
URIs: $mirror
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	O=(-o "Dir::Etc::SourceList=$STATE_DIR/trixie.sources" -o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$STATE_DIR/lists" -o "Dir::Cache=$STATE_DIR/cache" -o Dir::State::status=/dev/null)
	"${APT[@]}" "${O[@]}" update
	rm -f "$STATE_DIR/debs"/*.deb
	# apt-get download writes into the current directory; _apt needs to write there when sandboxed.
	(cd "$STATE_DIR/debs" && "${APT[@]}" "${O[@]}" -o APT::Sandbox::User=root download "${CRIU_PACKAGES[@]}")
	staging="$(mktemp -d "$(dirname "$PREFIX")/.criu-staging.XXXXXX" 2>/dev/null || true)"
	if [[ -z "$staging" ]]; then
		install -d -o root -g root -m 0755 "$(dirname "$PREFIX")"
		staging="$(mktemp -d "$(dirname "$PREFIX")/.criu-staging.XXXXXX")"
	fi
	for deb in "$STATE_DIR/debs"/*.deb; do
		dpkg-deb -x "$deb" "$staging"
	done
	[[ -x "$staging/usr/sbin/criu" ]] || die "the trixie criu package did not contain usr/sbin/criu"
	# Every library criu links must come from the prefix (the loader would otherwise fall back to
	# the system's bookworm copies); a new dependency in trixie shows up here.
	missing_libs="$(LD_TRACE_LOADED_OBJECTS=1 "$staging/usr/lib/$TRIPLET/$LOADER" \
		--library-path "$staging/usr/lib/$TRIPLET:$staging/lib/$TRIPLET" "$staging/usr/sbin/criu" 2>&1 |
		awk -v prefix="$staging/" '$2 == "=>" && index($3, prefix) != 1 { print $1 }' | tr '\n' ' ')"
	if [[ -n "$missing_libs" ]]; then
		rm -rf "$staging"
		die "trixie's criu needs libraries not in CRIU_PACKAGES: $missing_libs(add their packages to scripts/setup-runtime.sh)"
	fi
	# The helper refuses tools a non-root user could replace: root-owned, nothing group/world-writable.
	chown -R root:root "$staging"
	chmod -R go-w "$staging"
	chmod 0755 "$staging"
	rm -rf "$PREFIX.old"
	[[ -e "$PREFIX" ]] && mv "$PREFIX" "$PREFIX.old"
	mv "$staging" "$PREFIX"
	rm -rf "$PREFIX.old"
	write_wrapper
fi
# Keep the wrapper current even when only the prefix was kept (e.g. a changed wrapper path).
grep -qF "$PREFIX/libexec/criu --library-path" "$WRAPPER" 2>/dev/null && [[ -L "$PREFIX/libexec/criu" ]] || write_wrapper
chmod go-w "$(dirname "$PREFIX")" "$PREFIX"

# --- 3. verify ----------------------------------------------------------------------------------
runc_path="$(command -v runc)" || die "runc is not in PATH after installing it"
found_criu="$(command -v criu || true)"
if [[ "$found_criu" != "$WRAPPER" ]]; then
	log "WARNING: 'criu' in PATH is ${found_criu:-missing}, not the wrapper $WRAPPER: runc >= 1.2 runs the 'criu' it finds in PATH (point OCI_RESTORE_CRIU or the criuPath setting at the wrapper)"
fi
log "$("$runc_path" --version | head -n1) ($runc_path)"
criu_version="$("$WRAPPER" --version | sed -n 's/^Version: *//p')"
[[ -n "$criu_version" ]] || die "$WRAPPER --version printed no version"
log "criu $criu_version ($WRAPPER)"
if ! check_out="$("$WRAPPER" check 2>&1)"; then
	printf '%s\n' "$check_out" >&2
	die "criu check failed: this kernel lacks something CRIU needs (see the lines above)"
fi
grep -q 'Looks good' <<<"$check_out" || { printf '%s\n' "$check_out" >&2; die "criu check did not say 'Looks good'"; }
log "criu check: Looks good"
