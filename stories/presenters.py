"""Context for the story listing (StoryIndexPage's route): filters by category, tag and year, paginated.

Presenters take the page and the request's parameters and return template context; the page's route
renders it (``StoryIndexPage.listing``)."""

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from wucheng_site.pagination import paginate

from .models import StoryCategory


class StoryFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, tags, years):
        super().__init__(data)
        self.fields["category"].choices = [("", _("Any")), *StoryCategory.choices]
        self.fields["tag"].choices = [("", _("Any"))] + [(tag.slug, tag.name) for tag in tags]
        self.fields["year"].choices = [("", _("Any"))] + [(str(year), str(year)) for year in years]

    def filters(self):
        """The valid filters only: a bad value is reported on its field and the others still apply."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


def filter_stories(stories, filters):
    if "category" in filters:
        stories = stories.filter(category=filters["category"])
    if "tag" in filters:
        stories = stories.filter(tags__slug=filters["tag"])
    if "year" in filters:
        stories = stories.filter(date__year=filters["year"])
    return stories


def story_listing(index_page, params):
    """The filter form, one page of matching stories and the latest campaigns; ``params`` is the GET."""
    stories = index_page.stories()
    tags = Tag.objects.filter(stories_storytag_items__content_object__in=stories).distinct().order_by("name")
    years = [day.year for day in stories.dates("date", "year", order="DESC")]
    form = StoryFilterForm(params or None, tags, years)
    filters = form.filters() if form.is_bound else {}
    selected = filter_stories(stories, filters).defer_streamfields().prefetch_related("tagged_items__tag")
    return {
        "form": form,
        "stories": paginate(selected, params.get("page", 1), index_page.per_page),
        "campaigns": list(index_page.campaigns().defer_streamfields()[:4]),
        "filter_query": urlencode(filters),
        "filtered": bool(filters),
    }
