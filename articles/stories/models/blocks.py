"""The story body: ordered blocks of text, quotes and inline photos.

Blocks are django-content-editor plugins of one region ("body"); each block is a
row with an `ordering`, so the editor's order is the reader's order.
"""

from __future__ import annotations

from content_editor.models import create_plugin_base
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from articles.photos.models import Photo
from articles.stories.models.stories import Story
from articles.stories.sanitizer import RICH_TEXT_EXTENSIONS, sanitize_html

StoryBlock = create_plugin_base(Story)


class RichText(StoryBlock):
    text = ProseEditorField(
        _("text"),
        config={"extensions": RICH_TEXT_EXTENSIONS},
        sanitize=sanitize_html,
        help_text=_("Paragraphs, with bold, italic, links, lists and subheadings."),
    )

    class Meta(StoryBlock.Meta):
        get_latest_by = "pk"
        verbose_name = _("text")
        verbose_name_plural = _("text blocks")

    def __str__(self):
        return Truncator(strip_tags(self.text)).words(12)

    def clean(self):
        # The form's "required" sees the typed HTML; what is stored is the sanitised text, so a
        # block of nothing but stripped markup (a <style>, an empty link) must be refused here,
        # or the story could not be saved again until someone found the blank block.
        if not strip_tags(sanitize_html(self.text)).strip():
            message = _("This text block has no text left once cleaned; type some text or remove the block.")
            raise ValidationError({"text": message})

    def save(self, *args, **kwargs):
        # Sanitise on every save, not only in forms: scripts and imports write here too.
        self.text = sanitize_html(self.text)
        super().save(*args, **kwargs)


class Quote(StoryBlock):
    quote = models.TextField(_("quote"), help_text=_("The words only, without quotation marks."))
    attribution = models.CharField(
        _("attribution"),
        max_length=200,
        blank=True,
        help_text=_('Who said it, for example "Maria Lopez, union spokeswoman".'),
    )

    class Meta(StoryBlock.Meta):
        get_latest_by = "pk"
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(quote=""),
                name="quote_not_empty",
                violation_error_message="A quote block needs the words quoted.",
                violation_error_code="quote_empty",
            )
        ]

    def __str__(self):
        return Truncator(self.quote).words(12)


class InlinePhoto(StoryBlock):
    photo = models.ForeignKey(
        Photo, verbose_name=_("photo"), on_delete=models.PROTECT, related_name="placements"
    )
    caption = models.TextField(
        _("caption for this story"),
        blank=True,
        help_text=_("Leave empty to use the library caption. The credit always comes from the library."),
    )

    class Meta(StoryBlock.Meta):
        get_latest_by = "pk"
        verbose_name = _("photo")
        verbose_name_plural = _("inline photos")

    def __str__(self):
        return f"Photo {self.photo_id} in “{self.parent}”"

    @property
    def caption_with_credit(self) -> str:
        return self.photo.caption_with_credit(self.caption)


BODY_BLOCKS = [RichText, Quote, InlinePhoto]
