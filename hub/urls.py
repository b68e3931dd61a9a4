"""URLs: the admin and documents unprefixed, every public page under /<lang>/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from hub import admin_views, media, sitemaps, views
from network import views as network_views
from search import api as search_api
from search import views as search_views
from search.feeds import SearchFeed

urlpatterns = [
    # Images narrowed like the image chooser (hub.admin_views), before Wagtail's own.
    path("admin/images/", admin_views.ImageIndexView.as_view()),
    path("admin/images/results/", admin_views.ImageIndexView.as_view(results_only=True)),
    path("admin/images/<int:image_id>/", admin_views.ImageEditView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document URLs, each answered by its view through hub.media.
    re_path(r"^documents/(\d+)/(.*)$", media.serve_document),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        media.authenticate_with_collection_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "images/<str:signature>/<int:image_id>/<str:filter_spec>/",
        media.ImageServeView.as_view(),
    ),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/search/", search_api.search_api, name="search_api"),
    path("api/search/suggest/", search_api.suggest_api, name="search_suggest"),
    path("api/contacts/", network_views.contacts_api, name="contacts_api"),
    path("contacts/<int:pk>.vcf", network_views.contact_vcard, name="contact_vcard"),
    path("healthz/", views.health, name="health"),
    path("", views.root_redirect, name="root"),
]

if settings.SERVE_MEDIA:
    # Image renditions from the app itself, each checked (hub.media): nothing else under
    # /media/ is ever served from here, documents go through Wagtail's view above. Behind a web
    # server, turn off only if it applies the same rules (README, Security).
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", media.serve_media, name="media")]

urlpatterns += i18n_patterns(
    path("search/", search_views.search_page, name="search"),
    path("search/feed/", SearchFeed(), name="search_feed"),
    path("network/", include("network.urls")),
    path("help/", views.help_now, name="help_now"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = views.page_not_found
