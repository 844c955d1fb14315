"""What the search app keeps: the searches that found nothing (Reports → Searches without results), and
the synonym groups staff keep (Settings → Search synonyms).

Searches without results are kept like Wagtail's search statistics (``search/query_log.py``): written
in the same batches, never a query that looks like personal data, deleted after
``SEARCH_QUERY_RETENTION_DAYS`` by the same ``manage.py searchpromotions_garbage_collect`` (this app's
command of that name extends Wagtail's).

A synonym group is applied when a query is read (``search.synonyms``), on every engine: the index
holds the words of the text as written, and a query word of a group matches any word of its group.
Changing a group therefore needs no reindexing; it takes effect with the next search.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH

from .segmentation import normalise


class ZeroResultQuery(models.Model):
    """How many first-page searches for ``query_string`` found nothing on ``date``: what editors turn
    into synonyms, editors' picks or missing pages."""

    query_string = models.CharField(_("query"), max_length=MAX_QUERY_STRING_LENGTH)
    date = models.DateField(_("date"))
    hits = models.PositiveIntegerField(_("searches"), default=0)

    class Meta:
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        constraints = [
            models.UniqueConstraint(fields=["query_string", "date"], name="search_zeroresult_query_date")
        ]
        indexes = [models.Index(fields=["date"], name="search_zeroresult_date")]

    def __str__(self):
        return self.query_string

    @classmethod
    def garbage_collect(cls, days=None):
        """Delete the days older than the statistics' retention (``QueryDailyHits.garbage_collect``)."""
        days = settings.WAGTAILSEARCH_HITS_MAX_AGE if days is None else days
        cls.objects.filter(date__lt=timezone.now().date() - datetime.timedelta(days)).delete()


# Separators staff may type between the words of a group: comma, Chinese comma, 顿号, semicolon, newline.
SEPARATORS = ",，、;；\n"


def split_terms(text):
    """The distinct words of a group as typed (order kept, blanks dropped)."""
    for separator in SEPARATORS:
        text = text.replace(separator, ",")
    return list(dict.fromkeys(term.strip() for term in text.split(",") if term.strip()))


class SearchSynonym(models.Model):
    """Words a search treats as one: 捐款、捐赠、捐助 — or an abbreviation and what it stands for,
    红会、红十字会."""

    terms = models.TextField(
        _("words"),
        help_text=_(
            "Two or more words or abbreviations that mean the same, separated by commas (，、 also work). "
            "A search for any of them finds pages with any of them."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("Why the group exists."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["pk"]

    def __str__(self):
        return "、".join(split_terms(self.terms))

    def clean(self):
        terms = split_terms(self.terms)
        if len(terms) < 2:
            raise ValidationError({"terms": _("Give at least two words, separated by commas.")})
        too_long = [term for term in terms if len(term) > 30]
        if too_long:
            raise ValidationError({"terms": _("A word may have at most 30 characters: %s") % too_long[0]})
        if len(terms) > 12:
            raise ValidationError({"terms": _("A group may have at most 12 words.")})
        if len({normalise(term) for term in terms}) < 2:
            raise ValidationError({"terms": _("The words are the same once normalised.")})
        # Stored one per line, normalised separators: what a reader of the list expects.
        self.terms = "，".join(terms)
