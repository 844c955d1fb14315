"""Create or refresh a page's translation through wagtail-localize from known string pairs.

Used by the demo content (and by importers that ship English text): the translation is a real
wagtail-localize translation, so editors see it under "Translations", it stays synced with its
source, and strings without an English version fall back to the source text.
"""

from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation, TranslationSource


def translate_page(page, language_code, strings, user=None, publish=True):
    """Translate ``page`` into ``language_code``; ``strings`` maps source text to translated text.

    Returns the translated page. Running it again updates the translation in place.
    """
    locale = Locale.objects.get(language_code=language_code)
    source, _ = TranslationSource.update_or_create_from_instance(page)
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    for segment in source.stringsegment_set.select_related("string", "context"):
        text = strings.get(segment.string.data)
        if text is None:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": text,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "last_translated_by": user,
            },
        )
    # wagtail-localize publishes through ``transaction.on_commit`` with the page object it held when
    # the translation was created; inside a larger transaction that stale object overwrites the
    # tree counters of pages added meanwhile (and in tests the callback never runs). So save a draft
    # and publish it here, from a freshly loaded revision. (wagtail/wagtail-localize#720)
    translation.save_target(user=user, publish=False)
    translated = page.get_translation(locale)
    if publish:
        translated.get_latest_revision().publish(user=user)
        translated.refresh_from_db()
    return translated


def stream_with_pairs(blocks, extra=None):
    """Chinese StreamField data for demo and imported content, and the zh→en string pairs in it.

    ``blocks`` is a list of (kind, value) with bilingual values: ("heading", (zh, en)),
    ("paragraph", (zh, en)), ("callout", ((title_zh, title_en), (text_zh, text_en))),
    ("quote", ((quote_zh, quote_en), (who_zh, who_en))). Other kinds go to ``extra(kind, value)``,
    which returns (block, pairs).
    """
    data, pairs = [], {}
    for kind, value in blocks:
        if kind == "heading":
            data.append(("heading", {"text": value[0], "level": "h2"}))
            pairs[value[0]] = value[1]
        elif kind == "paragraph":
            data.append(("paragraph", f"<p>{value[0]}</p>"))
            pairs[value[0]] = value[1]
        elif kind == "callout":
            (title_zh, title_en), (text_zh, text_en) = value
            data.append(("callout", {"title": title_zh, "text": f"<p>{text_zh}</p>"}))
            pairs |= {title_zh: title_en, text_zh: text_en}
        elif kind == "quote":
            (quote_zh, quote_en), (who_zh, who_en) = value
            data.append(("quote", {"quote": quote_zh, "attribution": who_zh}))
            pairs |= {quote_zh: quote_en, who_zh: who_en}
        else:
            block, more = extra(kind, value)
            data.append(block)
            pairs |= more
    return data, pairs
