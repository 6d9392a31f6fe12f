"""Who is credited on a story, in order: bylines and contributors; and editor-picked related stories."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OrderedAuthorCredit(models.Model):
    """An author credited on a story at an explicit position (1 = first)."""

    story = models.ForeignKey("stories.Story", verbose_name=_("story"), on_delete=models.CASCADE)
    author = models.ForeignKey("stories.Author", verbose_name=_("author"), on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("position"), help_text=_("1 is named first."))

    class Meta:
        abstract = True
        ordering = ["story", "position"]

    def __str__(self):
        return f"{self.author} ({self.position})"


class Byline(OrderedAuthorCredit):
    class Meta(OrderedAuthorCredit.Meta):
        default_related_name = "bylines"
        get_latest_by = "pk"
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(fields=["story", "author"], name="byline_author_once"),
            models.UniqueConstraint(fields=["story", "position"], name="byline_position_unique"),
            models.CheckConstraint(
                condition=Q(position__gte=1),
                name="byline_position_positive",
                violation_error_message="A byline's position is a number from 1 up.",
                violation_error_code="position_not_positive",
            ),
        ]


class Contribution(OrderedAuthorCredit):
    class Meta(OrderedAuthorCredit.Meta):
        default_related_name = "contributions"
        get_latest_by = "pk"
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        constraints = [
            models.UniqueConstraint(fields=["story", "author"], name="contribution_author_once"),
            models.UniqueConstraint(fields=["story", "position"], name="contribution_position_unique"),
            models.CheckConstraint(
                condition=Q(position__gte=1),
                name="contribution_position_positive",
                violation_error_message="A contributor's position is a number from 1 up.",
                violation_error_code="position_not_positive",
            ),
        ]


class RelatedStory(models.Model):
    story = models.ForeignKey(
        "stories.Story", verbose_name=_("story"), on_delete=models.CASCADE, related_name="related_links"
    )
    related = models.ForeignKey(
        "stories.Story", verbose_name=_("related story"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), help_text=_("1 is listed first."))

    class Meta:
        ordering = ["story", "position"]
        get_latest_by = "pk"
        verbose_name = _("related story")
        verbose_name_plural = _("related stories")
        constraints = [
            models.UniqueConstraint(fields=["story", "related"], name="related_story_once"),
            models.UniqueConstraint(fields=["story", "position"], name="related_position_unique"),
            models.CheckConstraint(
                condition=~Q(story=models.F("related")),
                name="related_not_self",
                violation_error_message="A story cannot be related to itself: choose another story.",
                violation_error_code="related_to_itself",
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1),
                name="related_position_positive",
                violation_error_message="A related story's position is a number from 1 up.",
                violation_error_code="position_not_positive",
            ),
        ]

    def __str__(self):
        return str(self.related)
