#!/usr/bin/env bash
# Install the checkers of the browser tests, pinned in package-lock.json: axe-core (accessibility) and
# the Nu Html Checker (vnu-jar, HTML validity; runs on Java, the same Debian JRE as OpenSearch).
# Idempotent.
set -euo pipefail
cd "$(dirname "$0")"

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "The accessibility and validity tests need: $* (Debian packages; tools/a11y)." >&2
    exit 1
  fi
  echo "Installing $* (Debian packages) …"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

missing=()
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "${missing[@]}"
fi

# Installed again whenever package-lock.json changes (a copy of the one installed is kept beside them).
if ! cmp -s package-lock.json node_modules/.installed-package-lock.json; then
  echo "Installing axe-core and vnu-jar into tools/a11y/node_modules …"
  # --ignore-scripts: vnu-jar's postinstall would fetch a Java runtime when none is found; the JRE
  # above is the one it runs on.
  npm ci --silent --no-audit --no-fund --ignore-scripts
  cp package-lock.json node_modules/.installed-package-lock.json
fi
