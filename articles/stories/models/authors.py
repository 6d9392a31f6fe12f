"""Authors: the people named in bylines and contributor lines, each with an author page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from articles.photos.models import Photo, attach_renditions, rendition_rows
from articles.reversed_urls import reverse_once


class AuthorQuerySet(models.QuerySet):
    def with_portrait(self) -> AuthorQuerySet:
        """The portrait and its renditions, for `portrait_for_readers`."""
        return self.select_related("portrait").annotate(portrait_rendition_rows=rendition_rows("portrait_id"))


class Author(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, help_text=_("Part of the author page's web address."))
    job_title = models.CharField(
        _("job title"), max_length=120, blank=True, help_text=_('For example "Political correspondent".')
    )
    bio = models.TextField(
        _("short bio"),
        max_length=1000,
        blank=True,
        help_text=_("Two or three sentences, shown on the author page."),
    )
    portrait = models.ForeignKey(
        "photos.Photo",
        verbose_name=_("portrait"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portrait_of",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        help_text=_("The staff account of this author, if they have one."),
    )

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        get_latest_by = "pk"
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="author_slug_unique"),
            models.CheckConstraint(
                condition=~models.Q(slug=""),
                name="author_slug_not_empty",
                violation_error_message="An author needs a web address (their slug).",
                violation_error_code="slug_empty",
            ),
            models.CheckConstraint(
                condition=~models.Q(name=""),
                name="author_name_not_empty",
                violation_error_message="An author needs a name.",
                violation_error_code="name_empty",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_once("articles:author-detail", slug=self.slug)

    @cached_property
    def portrait_for_readers(self) -> Photo | None:
        """The portrait with its renditions, if its licence still runs; needs `with_portrait()`."""
        if self.portrait_id is None or not self.portrait.is_usable():
            return None
        return attach_renditions(self.portrait, self.portrait_rendition_rows)
