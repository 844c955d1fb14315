"""The interface strings of the installed apps, in their source language (English), and which of them
have no translation: what the admin could show untranslated (docs/admin-translation.md).

Each app that ships translations has a catalogue of its source language (``locale/en/LC_MESSAGES``)
listing every msgid it uses; Django, Wagtail and wagtail-localize do. Our own msgids are the entries
of our catalogue. Used by ``manage.py untranslated_strings`` (what to add to
wucheng_site/locale_upstream after an upgrade) and by the test that walks the admin per role.
"""

from dataclasses import dataclass
from pathlib import Path

import django
import polib
from django.apps import apps
from django.conf import settings
from django.utils import translation


@dataclass(frozen=True)
class Message:
    msgid: str
    msgid_plural: str = ""
    msgctxt: str | None = None
    catalogue: str = ""  # where it comes from, e.g. "wagtail/admin" (relative to site-packages)


def _label(directory):
    """``directory`` relative to site-packages (an installed package) or to the project."""
    parts = directory.parts
    if "site-packages" in parts:
        return "/".join(parts[parts.index("site-packages") + 1 :])
    return str(directory.relative_to(settings.BASE_DIR))


def source_catalogues():
    """Paths of the English catalogues of Django and of every installed app that has one."""
    paths = [Path(django.__file__).parent / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po"]
    for app in apps.get_app_configs():
        paths.append(Path(app.path) / "locale" / "en" / "LC_MESSAGES" / "django.po")
    return [path for path in paths if path.exists()]


def own_catalogues():
    """Our catalogues (every LOCALE_PATHS entry), whose msgids are our source strings."""
    return [Path(p) / "zh_Hans" / "LC_MESSAGES" / "django.po" for p in settings.LOCALE_PATHS]


def source_messages():
    """Every msgid of the installed apps and of our catalogues, once each."""
    found = {}
    # An app's catalogue: <app>/locale/en/LC_MESSAGES/django.po; ours: <locale dir>/zh_Hans/LC_MESSAGES/django.po.
    catalogues = [(path, path.parents[3]) for path in source_catalogues()]
    catalogues += [(path, path.parents[2]) for path in own_catalogues() if path.exists()]
    for path, directory in catalogues:
        label = _label(directory)
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgid:
                continue
            key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
            found.setdefault(key, Message(entry.msgid, entry.msgid_plural, entry.msgctxt, label))
    return list(found.values())


def translate(message, count=1):
    if message.msgid_plural:
        if message.msgctxt:
            return translation.npgettext(message.msgctxt, message.msgid, message.msgid_plural, count)
        return translation.ngettext(message.msgid, message.msgid_plural, count)
    if message.msgctxt:
        return translation.pgettext(message.msgctxt, message.msgid)
    return translation.gettext(message.msgid)


def untranslated(language="zh-hans"):
    """The source messages that ``language`` leaves in the source language (msgstr missing everywhere)."""
    with translation.override(language):
        return [message for message in source_messages() if translate(message) == message.msgid]
