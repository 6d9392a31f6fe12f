"""What the fronts admin shows: every front with its live arrangement and its scheduled changes.

Loaded in a constant number of queries whatever the number of fronts, changes and slots: the
sections, the arrangements that are live or still to come, and their slots with their stories.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q

from articles.fronts.models import Arrangement, Slot
from articles.stories.models import Section


@dataclass
class FrontState:
    section: Section | None  # None: the home page
    live: Arrangement | None = None
    scheduled: list[Arrangement] = field(default_factory=list)  # the next one first

    @property
    def name(self) -> str:
        return "Home page" if self.section is None else self.section.name

    @property
    def key(self) -> str:
        """How the admin's URLs name the front: "home" or the section's id."""
        return "home" if self.section is None else str(self.section.pk)


def fronts_overview(*, now: datetime) -> list[FrontState]:
    """The home page's front, then every section's in navigation order, each live and to come."""
    fronts = [FrontState(section=None)]
    fronts += [FrontState(section=section) for section in Section.objects.order_by("position", "name")]
    return _fill(fronts, now=now)


def front_state(*, section: Section | None, now: datetime) -> FrontState:
    """One front, live and to come."""
    return _fill([FrontState(section=section)], now=now)[0]


def _fill(fronts: list[FrontState], *, now: datetime) -> list[FrontState]:
    by_key = {front.key: front for front in fronts}
    for arrangement in _live_and_scheduled(fronts, now=now):
        front = by_key["home" if arrangement.section_id is None else str(arrangement.section_id)]
        if arrangement.takes_effect_at > now:
            front.scheduled.append(arrangement)
        else:
            front.live = arrangement
    return fronts


def _live_and_scheduled(fronts: list[FrontState], *, now: datetime) -> list[Arrangement]:
    """Each front's live arrangement and its scheduled ones: one query, and one for all their slots."""
    newer_in_effect = Arrangement.objects.filter(
        takes_effect_at__lte=now, takes_effect_at__gt=OuterRef("takes_effect_at")
    )
    # NULL never equals NULL in SQL, so the home page's front is matched on its own.
    live = Q(takes_effect_at__lte=now) & (
        (Q(section__isnull=False) & ~Exists(newer_in_effect.filter(section_id=OuterRef("section_id"))))
        | (Q(section__isnull=True) & ~Exists(newer_in_effect.filter(section__isnull=True)))
    )
    sections = [front.section.pk for front in fronts if front.section is not None]
    of_fronts = Q(section_id__in=sections)
    if any(front.section is None for front in fronts):
        of_fronts |= Q(section__isnull=True)
    return list(
        Arrangement.objects.filter(of_fronts)
        .filter(Q(takes_effect_at__gt=now) | live)
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "slots",
                queryset=Slot.objects.select_related("story", "story__section").order_by("position"),
            )
        )
        .order_by("takes_effect_at", "pk")
    )
