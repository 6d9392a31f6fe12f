from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.urls import reverse

from articles.models import Photo


class PhotoChooserWidget(ForeignKeyRawIdWidget):
    """Pick a photo from the library: a searchable pop-up list and a thumbnail preview."""

    template_name = "admin/articles/widgets/photo_chooser.html"

    class Media:
        css = {"all": ["articles/admin/newsroom_admin.css"]}
        js = ["admin/js/jquery.init.js", "articles/admin/photo_chooser.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        photo = None
        if value:
            photo = Photo.objects.filter(pk=value).first()
        context["photo"] = photo
        context["preview_url"] = reverse(f"{self.admin_site.name}:articles_photo_preview", args=[0])
        return context
