#!/bin/sh
# Fail when a user-facing string has no Chinese translation.
#
# Runs the same `makemessages` as `make messages`, but on a throw-away copy of the project, so the
# real catalogue is never touched; then lists the entries of the copied zh_Hans catalogue that are
# untranslated or fuzzy (msgmerge guesses fuzzy translations for new strings close to old ones).
# Fix: `make messages`, translate the listed msgids in wucheng_site/locale/zh_Hans/LC_MESSAGES/django.po.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
python="$root/.venv/bin/python"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

tar -C "$root" -cf - --exclude=./.git --exclude=./.venv --exclude=./.venv-lock --exclude=./media \
  --exclude=./node_modules --exclude=./static --exclude=./db.sqlite3 --exclude='*/__pycache__' . \
  | tar -C "$work" -xf -
cd "$work"
DJANGO_SETTINGS_MODULE=wucheng_site.settings.test "$python" manage.py makemessages -l zh_Hans \
  --no-obsolete --no-location -i ".venv/*" -i "tests/*" >/dev/null
po=wucheng_site/locale/zh_Hans/LC_MESSAGES/django.po
missing=$( { msgattrib --untranslated --no-obsolete "$po"; msgattrib --only-fuzzy --no-obsolete "$po"; } )
if printf '%s\n' "$missing" | grep -q '^msgid '; then
  echo "Strings without a Chinese translation (run \`make messages\` and translate them in $po):" >&2
  printf '%s\n' "$missing" >&2
  exit 1
fi
