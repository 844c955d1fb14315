"""What the site keeps of the searches that found nothing (Reports → Searches without results).

Kept like Wagtail's search statistics (``search/query_log.py``): written in the same batches, never a
query that looks like personal data, deleted after ``SEARCH_QUERY_RETENTION_DAYS`` by the same
``manage.py searchpromotions_garbage_collect`` (this app's command of that name extends Wagtail's).
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH


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
