"""URL wiring: the admin and, in development, uploaded media."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from articles.previews import story_preview

admin.site.site_header = settings.NEWSROOM_NAME
admin.site.site_title = f"{settings.NEWSROOM_NAME} admin"
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("preview/<str:signed_token>/", story_preview, name="story-preview"),
    # The reader site is not built yet; until it is, the front door is the newsroom.
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
