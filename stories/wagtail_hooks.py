"""Admin wiring of the story section: the propaganda department's dashboard panel."""

from wagtail import hooks


@hooks.register("construct_homepage_panels")
def add_stories_panel(request, panels):
    from .dashboard import panels_for

    panels.extend(panels_for(request))
