"""The desk on the admin's front page: what needs someone's attention now, per role.

Each list is one query: its first rows, with the number of all its rows counted by a window
function over the same filter, so the page costs the same with one story or thousands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet, Window
from django.urls import reverse
from django.utils import timezone

from articles.photos.admin import EXPIRY_WARNING_DAYS
from articles.photos.models import Photo
from articles.stories.models import Story
from articles.workflow.permissions import user_can_publish, user_can_read_stories

DESK_ROWS = 5


@dataclass(frozen=True)
class DeskList:
    """One list of the desk: a title, its first rows, how many there are in all, where to see them all."""

    title: str
    empty: str
    rows: list[Story] | list[Photo]
    count: int
    kind: str  # "story", "renditions" or "licence": what each row links to and says
    all_url: str = ""


def _first_rows(queryset: QuerySet, limit: int = DESK_ROWS) -> tuple[list, int]:
    """The first `limit` rows of `queryset` and the number of all its rows, in one query."""
    rows = list(queryset.annotate(desk_total=Window(Count("pk")))[:limit])
    return rows, rows[0].desk_total if rows else 0


def _story_list(title: str, empty: str, queryset: QuerySet[Story], all_url: str = "") -> DeskList:
    rows, count = _first_rows(queryset.select_related("section"))
    return DeskList(title=title, empty=empty, rows=rows, count=count, kind="story", all_url=all_url)


def _photo_list(title: str, empty: str, queryset: QuerySet[Photo], kind: str, all_url: str) -> DeskList:
    rows, count = _first_rows(queryset)
    return DeskList(title=title, empty=empty, rows=rows, count=count, kind=kind, all_url=all_url)


def stories_owned_by(user: AbstractBaseUser) -> QuerySet[Story]:
    """Stories `user` created, is bylined on or is assigned to (the ownership rule of permissions.py)."""
    owned = Story.objects.filter(
        Q(created_by=user) | Q(bylines__author__user=user) | Q(assigned_to=user)
    ).values("pk")
    return Story.objects.filter(pk__in=owned)


def photos_in_live_stories() -> QuerySet[Photo]:
    """Photos shown by a published story, as lead or in the body (the licences page's photos).

    A semi-join, not the join of `photos_used_in_stories()`: the desk counts each photo once.
    """
    published = Story.objects.published()
    used = Photo.objects.filter(Q(lead_for_stories__in=published) | Q(placements__parent__in=published))
    return Photo.objects.filter(pk__in=used.values("pk"))


def _end_of_today() -> datetime:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min))


def desk_lists(*, user: AbstractBaseUser) -> list[DeskList]:
    """The desk for `user`: their drafts, what awaits review, what goes live today, photos in trouble.

    Editors see every story awaiting review; reporters the ones they own. Photo lists are for
    those who can fix photos (Editors, the Photo desk). Staff without a story role see no stories.
    """
    stories_url = reverse("admin:stories_story_changelist")
    lists = []
    if user.has_perm("stories.change_story"):
        lists.append(
            _story_list(
                "My drafts",
                "No drafts of yours.",
                stories_owned_by(user).drafts().order_by("-updated_at", "-pk"),
            )
        )
        submitted = (
            Story.objects.submitted() if user_can_publish(user) else stories_owned_by(user).submitted()
        )
        lists.append(
            _story_list(
                "Awaiting review" if user_can_publish(user) else "My stories awaiting review",
                "Nothing is waiting for review.",
                # Waiting longest first.
                submitted.order_by("updated_at", "pk"),
                f"{stories_url}?state=submitted",
            )
        )
    if user_can_read_stories(user):
        lists.append(
            _story_list(
                "Scheduled today",
                "Nothing else is scheduled today.",
                Story.objects.scheduled()
                .filter(published_at__lt=_end_of_today())
                .order_by("published_at", "pk"),
                f"{stories_url}?state=scheduled",
            )
        )
    if user.has_perm("photos.change_photo"):
        photos_url = reverse("admin:photos_photo_changelist")
        lists.append(
            _photo_list(
                "Photos whose renditions failed",
                "Every photo's renditions were made.",
                Photo.objects.filter(renditions_status=Photo.RenditionsStatus.FAILED).order_by(
                    "-uploaded_at", "-pk"
                ),
                "renditions",
                f"{photos_url}?renditions_status__exact={Photo.RenditionsStatus.FAILED}",
            )
        )
        lists.append(
            _photo_list(
                f"Licences ending within {EXPIRY_WARNING_DAYS} days",
                "No published story shows a photo whose licence ends this week.",
                photos_in_live_stories().expiring_within(EXPIRY_WARNING_DAYS).order_by("usable_until", "pk"),
                "licence",
                reverse("admin:photos_photo_licences"),
            )
        )
    return lists
