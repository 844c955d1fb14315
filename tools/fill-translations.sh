#!/usr/bin/env bash
# Merge translations into the zh-hans catalogue: tools/fill-translations.sh FILE.po
#
# FILE.po (with a header entry, like any .po) holds only new or corrected entries (msgid = the English source string, msgstr = Chinese).
# Its entries win over the catalogue's; fuzzy marks are dropped; the catalogue is then compiled.
# Run `make messages` first so the catalogue has the new msgids.
set -euo pipefail
catalogue="$(dirname "$0")/../wucheng_site/locale/zh_Hans/LC_MESSAGES/django.po"
tmp="$(mktemp)"
# The catalogue's header (first entry) with FILE's entries (everything after FILE's header).
{ awk 'NF==0{exit} {print}' "$catalogue"; echo; awk 'seen{print} NF==0{seen=1}' "$1"; } >"$tmp.0"
msgcat --use-first --no-location -o "$tmp" "$tmp.0" "$catalogue"
# Keep the catalogue's own entries and order; take only the translations from the merged file.
msgmerge --quiet --no-fuzzy-matching --no-location -o "$tmp.2" "$tmp" "$catalogue"
msgattrib --clear-fuzzy --no-location -o "$catalogue" "$tmp.2"
rm -f "$tmp" "$tmp.0" "$tmp.2"
msgfmt --check-format --statistics -o "${catalogue%.po}.mo" "$catalogue"
