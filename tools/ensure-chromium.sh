#!/usr/bin/env bash
# Make sure Debian's Chromium and ChromeDriver are installed for the browser tests.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Browser tests need Debian's 'chromium' and 'chromium-driver' packages." >&2
  exit 1
fi
echo "Installing Chromium and ChromeDriver (Debian packages) …"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
