"""List the interface strings of Django, Wagtail, wagtail-localize and the other installed apps that have
no Chinese translation anywhere, as a .po to translate into wucheng_site/locale_upstream (after an
upgrade of Wagtail, say); docs/admin-translation.md."""

import polib
from django.core.management.base import BaseCommand

from wucheng_site.admin_messages import untranslated


class Command(BaseCommand):
    help = "Print the installed apps' strings that have no zh-hans translation, as a .po file."

    def add_arguments(self, parser):
        parser.add_argument("--language", default="zh-hans")
        parser.add_argument("--include", action="append", default=[], help="only catalogues starting so")

    def handle(self, *args, language, include, **options):
        missing = [m for m in untranslated(language) if not include or m.catalogue.startswith(tuple(include))]
        po = polib.POFile(wrapwidth=100)
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=1; plural=0;"}
        for message in missing:
            entry = polib.POEntry(
                msgid=message.msgid, msgctxt=message.msgctxt, occurrences=[(message.catalogue, "")]
            )
            if message.msgid_plural:
                entry.msgid_plural = message.msgid_plural
                entry.msgstr_plural = {0: ""}
            po.append(entry)
        self.stdout.write(str(po))
        self.stderr.write(f"{len(missing)} strings without a {language} translation")
