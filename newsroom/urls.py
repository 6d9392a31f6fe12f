"""URL wiring: the reader site, the admin and, in development, uploaded media."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from newsroom.deferred_urls import deferred_include

admin.site.site_header = settings.NEWSROOM_NAME
admin.site.site_title = f"{settings.NEWSROOM_NAME} admin"
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.availability.urls")),
    path("", include("articles.security.urls")),
    path("alerts/", include("articles.alerts.urls")),
    # Imported on the first API request: reader and admin workers never load django-ninja.
    deferred_include("api/", "articles.api.urls", app_name="ninja", namespace="api"),
    path("", include("articles.reader.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
