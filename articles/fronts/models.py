"""Fronts: what editors pin at the top of the home page and of each section page, and from when.

A front's state is a series of whole arrangements, each with the time it takes effect; the live
one is the newest whose time has come. A scheduled change ("at 09:00 this becomes the lead") is
simply an arrangement with a future time. Whole arrangements rather than per-slot changes, because
then "what is on the front at T" is one index probe (no replay of edits), an editor sees exactly
the front a change will give, cancelling a change is deleting one row, and the past arrangements
are the front's history.

Which pinned stories readers see is still decided by `Story.objects.published()`: a pinned story
that is a draft, unpublished or not yet live is left out and its slot falls back to the newest
story (articles/fronts/composition.py).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.stories.models import Section, Story

# Slots an editor may order on one front: the lead and the stories under it.
FRONT_SLOTS = 6


class ArrangementQuerySet(models.QuerySet):
    def of_front(self, section: Section | int | None) -> ArrangementQuerySet:
        """Arrangements of one front: a section's, or the home page's when `section` is None."""
        if section is None:
            return self.filter(section__isnull=True)
        return self.filter(section=section)

    def in_effect(self, *, now: datetime | None = None) -> ArrangementQuerySet:
        """Arrangements whose time has come, the live one first."""
        now = timezone.now() if now is None else now
        return self.filter(takes_effect_at__lte=now).order_by("-takes_effect_at", "-pk")

    def scheduled(self, *, now: datetime | None = None) -> ArrangementQuerySet:
        """Arrangements still waiting for their time, the next one first."""
        now = timezone.now() if now is None else now
        return self.filter(takes_effect_at__gt=now).order_by("takes_effect_at", "pk")


class Arrangement(models.Model):
    """The top slots of one front (the home page, or a section) from `takes_effect_at` on."""

    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="front_arrangements",
        help_text=_("Empty for the home page."),
    )
    takes_effect_at = models.DateTimeField(
        _("takes effect at"),
        default=timezone.now,
        help_text=_("The front shows this arrangement from this time until a newer one takes effect."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("arranged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("arranged at"), default=timezone.now, editable=False)

    objects = ArrangementQuerySet.as_manager()

    class Meta:
        ordering = ["-takes_effect_at", "-pk"]
        get_latest_by = "takes_effect_at"
        verbose_name = _("front arrangement")
        verbose_name_plural = _("fronts")
        constraints = [
            # One arrangement per front and moment, so "the live one" is never a tie.
            models.UniqueConstraint(
                fields=["section", "takes_effect_at"],
                condition=Q(section__isnull=False),
                name="arrangement_section_time_unique",
                violation_error_message="This front already changes at that time: pick another time.",
                violation_error_code="time_taken",
            ),
            models.UniqueConstraint(
                fields=["takes_effect_at"],
                condition=Q(section__isnull=True),
                name="arrangement_home_time_unique",
                violation_error_message="The home page already changes at that time: pick another time.",
                violation_error_code="time_taken",
            ),
        ]
        indexes = [
            # The live arrangement of a front: its newest time not after now.
            models.Index(fields=["section", "-takes_effect_at"], name="arrangement_front_time_idx"),
            # The content version's next scheduled change of any front.
            models.Index(fields=["takes_effect_at"], name="arrangement_time_idx"),
        ]

    def __str__(self):
        return f"{self.front_name} from {timezone.localtime(self.takes_effect_at):%Y-%m-%d %H:%M}"

    @property
    def front_name(self) -> str:
        return str(_("Home page")) if self.section_id is None else self.section.name

    def is_live(self, *, now: datetime | None = None) -> bool:
        """True when this is the arrangement its front shows now."""
        now = timezone.now() if now is None else now
        live = Arrangement.objects.of_front(self.section_id).in_effect(now=now).values_list("pk", flat=True)
        return self.takes_effect_at <= now and live.first() == self.pk

    def is_scheduled(self, *, now: datetime | None = None) -> bool:
        return self.takes_effect_at > (timezone.now() if now is None else now)


class Slot(models.Model):
    """One pinned story of an arrangement, at a position (1 is the lead)."""

    arrangement = models.ForeignKey(
        Arrangement, verbose_name=_("arrangement"), on_delete=models.CASCADE, related_name="slots"
    )
    position = models.PositiveSmallIntegerField(_("position"), help_text=_("1 is the lead story."))
    story = models.ForeignKey(
        Story,
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="front_placements",
        # The story picker offers published and scheduled stories (the admin's autocomplete reads this).
        limit_choices_to={"status": Story.Status.PUBLISHED},
        help_text=_("A published or scheduled story. Until it is live, its slot shows the newest story."),
    )

    class Meta:
        ordering = ["arrangement", "position"]
        get_latest_by = "pk"
        verbose_name = _("front slot")
        verbose_name_plural = _("front slots")
        constraints = [
            models.UniqueConstraint(fields=["arrangement", "position"], name="slot_position_unique"),
            models.UniqueConstraint(
                fields=["arrangement", "story"],
                name="slot_story_once",
                violation_error_message="A story can fill only one slot of a front.",
                violation_error_code="story_twice",
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1) & Q(position__lte=FRONT_SLOTS),
                name="slot_position_in_range",
                violation_error_message=f"A slot's position is a number from 1 to {FRONT_SLOTS}.",
                violation_error_code="position_out_of_range",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.story}"


def live_arrangement_id(section: Section | int | None, *, now: datetime) -> Subquery:
    """The id of the arrangement `section`'s front (None: the home page's) shows at `now`, as a subquery."""
    return Subquery(Arrangement.objects.of_front(section).in_effect(now=now).values("pk")[:1])


def with_front(stories, *, section: Section | None, now: datetime):
    """`stories` plus the front's live pinned stories readers may see, each row annotated for the front.

    `front_position` is a pinned story's slot (None for the others) and `front_slots` the
    highest slot the live arrangement fills (None when the front is not arranged). Pinned
    stories come from `Story.objects.published()`, so an unpublished or not-yet-live one never
    shows. One query still: the pinned stories join the page's own by primary key (the rows of
    `stories` are kept, not its annotations or order).
    """
    live = live_arrangement_id(section, now=now)
    slots = Slot.objects.filter(arrangement_id=live).order_by()
    # Visibility inside the subquery, checked slot by slot. The outer query is one "pk IN (… UNION
    # ALL …)": written "pk IN … OR pk IN …", PostgreSQL walked all 100,000 stories to test each.
    visible = slots.filter(Exists(Story.objects.published(now=now).filter(pk=OuterRef("story_id"))))
    picked = stories.order_by().values("pk").union(visible.values("story_id"), all=True)
    return Story.objects.filter(pk__in=picked).annotate(
        front_position=Subquery(slots.filter(story=OuterRef("pk")).values("position")[:1]),
        front_slots=Subquery(slots.order_by("-position").values("position")[:1]),
    )
