#!/usr/bin/env bash
# Install axe-core (pinned in package-lock.json) for the accessibility browser tests. Idempotent.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "The accessibility tests need Node.js and npm to install axe-core (tools/a11y)." >&2
      exit 1
    fi
    echo "Installing Node.js and npm (Debian packages) …"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  echo "Installing axe-core into tools/a11y/node_modules …"
  npm ci --silent --no-audit --no-fund
fi
