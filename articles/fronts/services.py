"""The only writers of fronts: arrange a front now, schedule a change, cancel a scheduled change.

Each step records an audit entry on every story it places (articles/workflow/audit.py), which is
why fronts sits above workflow (stories ← workflow ← fronts ← reader). The reader's page cache
is retired by its signal handlers (articles/reader/invalidation.py), and its content version
rolls at the next scheduled change of any front.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from articles.fronts.models import FRONT_SLOTS, Arrangement, Slot
from articles.stories.models import Section, Story
from articles.workflow.audit import audit_record, display_name
from articles.workflow.models import AuditEntry

ARRANGE_PERMISSION = "fronts.add_arrangement"
CANCEL_PERMISSION = "fronts.delete_arrangement"


def front_arrange(
    *,
    section: Section | None,
    stories: Sequence[Story],
    user: AbstractBaseUser | None,
    check_stale: bool = False,
    expected_live_id: int | None = None,
) -> Arrangement:
    """Give the front of `section` (None: the home page) these stories in slot order, from now on.

    With `check_stale`, the change is refused with code "stale" unless the live arrangement is
    still `expected_live_id` (the one the editor was looking at; None for none): another editor
    changed the front meanwhile, and saving would silently undo their change.
    An empty `stories` unpins everything: the front goes back to newest first.
    """
    with transaction.atomic():
        _lock_front(section)
        if check_stale:
            live = Arrangement.objects.of_front(section).in_effect().select_related("created_by").first()
            if (live.pk if live else None) != expected_live_id:
                by = display_name(live.created_by) if live else ""
                raise ValidationError(
                    "Someone else changed this front while you were arranging it%(by)s. Nothing was "
                    "saved: reload the page to see their arrangement, then make your change again.",
                    code="stale",
                    params={"by": f" ({by})" if by else ""},
                )
        return _arrangement_create(
            section=section, stories=stories, user=user, takes_effect_at=timezone.now()
        )


def front_schedule(
    *,
    section: Section | None,
    stories: Sequence[Story],
    user: AbstractBaseUser | None,
    takes_effect_at: datetime,
) -> Arrangement:
    """Schedule the front of `section` (None: the home page) to show these stories from `takes_effect_at`."""
    if takes_effect_at <= timezone.now():
        raise ValidationError(
            "A scheduled change needs a time in the future. To change the front now, leave "
            "“takes effect at” empty.",
            code="not_in_future",
        )
    with transaction.atomic():
        _lock_front(section)
        return _arrangement_create(
            section=section, stories=stories, user=user, takes_effect_at=takes_effect_at
        )


def front_schedule_cancel(*, arrangement: Arrangement, user: AbstractBaseUser | None) -> None:
    """Delete a scheduled change before its time; a live or past arrangement is the front's history."""
    _require(user, CANCEL_PERMISSION)
    with transaction.atomic():
        arrangement = (
            Arrangement.objects.select_for_update(of=("self",))
            .select_related("section")
            .get(pk=arrangement.pk)
        )
        if not arrangement.is_scheduled():
            raise ValidationError(
                "This change has already taken effect, so it can no longer be cancelled: "
                "arrange the front again instead.",
                code="already_live",
            )
        detail = f"{arrangement.front_name}, change at {_local(arrangement.takes_effect_at)} cancelled"
        for slot in arrangement.slots.select_related("story"):
            audit_record(
                story=slot.story, action=AuditEntry.Action.FRONT_CHANGE_CANCELLED, user=user, detail=detail
            )
        arrangement.delete()


def _arrangement_create(
    *,
    section: Section | None,
    stories: Sequence[Story],
    user: AbstractBaseUser | None,
    takes_effect_at: datetime,
) -> Arrangement:
    _require(user, ARRANGE_PERMISSION)
    stories = list(stories)
    _check_stories(section=section, stories=stories)
    arrangement = Arrangement(section=section, takes_effect_at=takes_effect_at, created_by=user)
    arrangement.full_clean()
    arrangement.save()
    slots = [
        Slot(arrangement=arrangement, position=position, story=story)
        for position, story in enumerate(stories, start=1)
    ]
    Slot.objects.bulk_create(slots)
    when = "now" if takes_effect_at <= timezone.now() else f"from {_local(takes_effect_at)}"
    for slot in slots:
        role = "the lead" if slot.position == 1 else f"slot {slot.position}"
        audit_record(
            story=slot.story,
            action=AuditEntry.Action.FRONT_PLACED,
            user=user,
            detail=f"{arrangement.front_name}: {role}, {when}",
        )
    return arrangement


def _check_stories(*, section: Section | None, stories: list[Story]) -> None:
    if len(stories) > FRONT_SLOTS:
        raise ValidationError(
            "A front has %(slots)d slots: choose at most %(slots)d stories.",
            code="too_many",
            params={"slots": FRONT_SLOTS},
        )
    seen: set[int] = set()
    for story in stories:
        if story.pk in seen:
            raise ValidationError(
                "“%(story)s” is in two slots: a story can fill only one slot of a front.",
                code="story_twice",
                params={"story": story},
            )
        seen.add(story.pk)
        if story.status != Story.Status.PUBLISHED:
            raise ValidationError(
                "“%(story)s” is %(status)s, so it cannot go on a front: publish or schedule it first.",
                code="not_published",
                params={"story": story, "status": story.get_status_display().lower()},
            )
        if section is not None and story.section_id != section.pk:
            raise ValidationError(
                "“%(story)s” is not a %(section)s story: a section's front shows its own stories only.",
                code="other_section",
                params={"story": story, "section": section.name},
            )


def _lock_front(section: Section | None) -> None:
    """Serialise writers of one front, so the stale check and the write see the same live arrangement.

    SQLite transactions already start IMMEDIATE (one writer at a time); PostgreSQL takes a
    transaction-level advisory lock named after the front.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x46524E54, section.pk if section else 0])


def _require(user: AbstractBaseUser | None, permission: str) -> None:
    # None is the system (the demo seed, an import); every person needs the Editors' permission.
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied("Only editors may arrange the fronts.")


def _local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
