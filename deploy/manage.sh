#!/usr/bin/env bash
# Run a management command with production's environment, as the site's user:
#   deploy/manage.sh migrate            (reads /etc/wucheng/env, or $WUCHENG_ENV)
# Run it as root or as the site's user (wucheng); as root it switches to that user, so files it writes
# (media, the search index's state) belong to the site.
set -euo pipefail
app="$(cd "$(dirname "$0")/.." && pwd)"
envfile="${WUCHENG_ENV:-/etc/wucheng/env}"
user="${WUCHENG_USER:-wucheng}"
[ -r "$envfile" ] || { echo "manage.sh: cannot read $envfile (set WUCHENG_ENV)" >&2; exit 1; }
set -a
# shellcheck disable=SC1090
. "$envfile"
set +a
cd "$app"
if [ "$(id -u)" -eq 0 ] && [ "$user" != root ]; then
  exec runuser -u "$user" -m -- "$app/.venv/bin/python" manage.py "$@"
fi
exec "$app/.venv/bin/python" manage.py "$@"
