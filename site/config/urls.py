from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap

from conference.admin.views import check_in_view
from core import views as core_views
from core.media import serve_media
from newsletter.webhooks import tracking_urlpatterns

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include("core.document_urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("identitet.css", core_views.identity_css, name="identity_css"),
    path("api/statistikk/v1/", include("flo.urls")),
    path("abonnement/", include("newsletter.urls")),
    path("konferanse-pamelding/", include("conference.urls")),
    # Bounce and complaint webhooks: only the configured ESP's route, only with its secret (none with SMTP).
    *tracking_urlpatterns(),
    # Opened from the QR code in a conference confirmation, by staff at the door.
    path("konferanse-innsjekk/<str:token>/", check_in_view, name="conference_check_in"),
]

if settings.SERVE_MEDIA:
    # One machine: Django serves uploads with HEAD and byte ranges. Behind nginx or with
    # object storage, set SERVE_MEDIA=false and let them serve MEDIA_URL.
    urlpatterns += [re_path(r"^media/(?P<path>.+)$", serve_media, name="media")]

# Episode audio, transcripts and chapters have file endings that Wagtail's own pattern refuses.
urlpatterns += [path("", include("podcast.urls"))]
urlpatterns += [path("", include(wagtail_urls))]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
