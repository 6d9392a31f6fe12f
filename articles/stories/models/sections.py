"""Sections: the newsroom's desks, listed in the site's navigation."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.reversed_urls import reverse_once


class Section(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("Part of the section's web address."))
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("One sentence shown on the section page and in search results."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        help_text=_("Sections are listed in this order in the site's navigation."),
    )

    class Meta:
        ordering = ["position", "name"]
        get_latest_by = "pk"
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="section_slug_unique"),
            models.UniqueConstraint(fields=["name"], name="section_name_unique"),
            models.CheckConstraint(
                condition=~models.Q(slug=""),
                name="section_slug_not_empty",
                violation_error_message="A section needs a web address (its slug).",
                violation_error_code="slug_empty",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_once("articles:section-detail", slug=self.slug)
