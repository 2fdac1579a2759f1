#!/usr/bin/env bash
# `npm run setup`: installs the system prerequisites of the tests and of restoring containers.
# Runs as root (CI runs it as root on a fresh clone). Each step is idempotent and fast when
# everything is already installed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ "$(id -u)" != 0 ]]; then
	echo "setup: must run as root: it installs runc, CRIU and system packages (try: sudo npm run setup)" >&2
	exit 1
fi

bash "$here/setup-runtime.sh"

# Real VS Code (code-server) for the extension tests; optional until that script exists.
if [[ -f "$here/setup-vscode.sh" ]]; then
	bash "$here/setup-vscode.sh"
else
	echo "setup: scripts/setup-vscode.sh not present; skipping the VS Code test prerequisites"
fi
echo "setup: done"
