from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotosConfig(AppConfig):
    """The photo library: files, metadata, renditions and the chooser. Depends on no other newsroom app."""

    name = "articles.photos"
    verbose_name = _("Photo library")
