from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from disclosures import views as disclosure_views
from home import views as home_views
from oversight import views as oversight_views
from search import views as search_views

from . import admin_guards, health, views
from .api import api_router
from .sitemaps import AllLocalesSitemap

urlpatterns = [
    # Admin views Wagtail leaves open to every admin user, guarded (wucheng_site/admin_guards.py):
    # the same paths as Wagtail's, so they must come first.
    path("admin/", include(admin_guards.urlpatterns)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": AllLocalesSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", health.healthz, name="healthz"),  # monitoring (docs/operations.md)
    path(".well-known/security.txt", home_views.security_txt, name="security_txt"),
    path("display-mode/", views.set_display_mode, name="set_display_mode"),
    path(
        "open-data/<slug:dataset>.<slug:extension>",
        disclosure_views.open_data_file,
        name="open_data_file",
    ),
    path("api/v2/", api_router.urls),
]

# Image renditions are public and named by their content: in production nginx serves /media/images/
# itself (deploy/nginx/wucheng.conf); Django serves them too, so a site without that location still
# shows its pictures. Nothing else under MEDIA_ROOT has a URL: documents go through /documents/, which
# checks that they are published (wucheng_site/wagtail_hooks.py); originals only in development.
urlpatterns += [
    re_path(
        r"^media/images/(?P<path>[^/]+)$",
        views.serve_rendition,
        {"document_root": settings.MEDIA_ROOT / "images"},
        name="media_rendition",
    )
]
if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(
        f"{settings.MEDIA_URL}original_images/", document_root=settings.MEDIA_ROOT / "original_images"
    )

# Chinese at /, English at /en/: the default language carries no prefix.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("open-data/", disclosure_views.open_data_page, name="open_data"),
    path("report-a-concern/", oversight_views.report_redirect, name="report_concern"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
