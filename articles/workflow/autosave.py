"""Autosaved copies of the story form: each editor's unsaved work, kept apart from the story.

The change form posts its fields here every few seconds while it has unsaved edits. A copy is
only ever read back into that editor's form ("Restore"); it is never written to the story, so
the normal save (and its stale-save rule) decides what the story becomes.
"""

from __future__ import annotations

import json
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone

from articles.stories.models import Story
from articles.workflow.models import StoryAutosave
from articles.workflow.permissions import require_edit_permission

# A long story with every block is well under 200 kB of form data; a megabyte is a runaway client.
AUTOSAVE_MAX_BYTES = 1_000_000
# Copies nobody came back to in a month are dropped (on every save of a story).
AUTOSAVE_LIFETIME = timedelta(days=30)
# Fields of the posted form that are never kept: the CSRF token is per session, not part of the work.
NOT_KEPT = frozenset({"csrfmiddlewaretoken"})


def autosave_form_data(body: bytes) -> dict[str, list[str]]:
    """The form fields in an autosave request's JSON body (`{"form": [[name, value], ...]}`), by name.

    Raises ValidationError with a sentence for anything else.
    """
    if len(body) > AUTOSAVE_MAX_BYTES:
        raise ValidationError("This draft copy is too large to keep.", code="too_large")
    try:
        pairs = json.loads(body)["form"]
    except (ValueError, TypeError, KeyError):
        raise ValidationError(
            "The draft copy could not be read: send the form's fields as JSON.", code="unreadable"
        ) from None
    if not isinstance(pairs, list) or not all(
        isinstance(pair, list)
        and len(pair) == 2
        and all(isinstance(part, str) for part in pair)
        and len(pair[0]) <= 200
        for pair in pairs
    ):
        raise ValidationError(
            "The draft copy could not be read: each field needs a name and a text value.", code="unreadable"
        )
    if len(pairs) > settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:
        raise ValidationError("This draft copy has too many fields to keep.", code="too_many_fields")
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        if name not in NOT_KEPT:
            data.setdefault(name, []).append(value)
    return data


def autosave_query_dict(autosave: StoryAutosave) -> QueryDict:
    """The copy's fields as the change form would receive them in a POST."""
    data = QueryDict(mutable=True)
    for name, values in autosave.form_data.items():
        data.setlist(name, values)
    return data


def _base_revision(form_data: dict[str, list[str]]) -> int | None:
    value = (form_data.get("opened_revision") or [""])[-1]
    return int(value) if value.isdecimal() else None


def _require_permission(user: AbstractBaseUser, story: Story | None) -> None:
    if story is not None:
        if not user.has_perm("stories.change_story"):
            raise PermissionDenied("You cannot change stories, so no draft copy is kept for you.")
        require_edit_permission(user, story)
    elif not user.has_perm("stories.add_story"):
        raise PermissionDenied("You cannot write new stories, so no draft copy is kept for you.")


@transaction.atomic
def story_autosave_save(
    *, story: Story | None, user: AbstractBaseUser, form_data: dict[str, list[str]]
) -> StoryAutosave:
    """Keep `form_data` as `user`'s copy of `story` (None: their new, unsaved story), replacing the last one.

    Only those who may change the story (or write new ones) keep copies of it; the story is not touched.
    """
    _require_permission(user, story)
    fields = {"form_data": form_data, "base_revision": _base_revision(form_data), "saved_at": timezone.now()}
    autosave = StoryAutosave(story=story, user=user, **fields)
    autosave.full_clean(validate_unique=False, validate_constraints=False)  # the upsert keeps one
    try:
        # Two tabs of one editor may race to create the copy: the loser updates the winner's.
        with transaction.atomic():
            updated = StoryAutosave.objects.filter(story=story, user=user).update(**fields)
            if not updated:
                autosave.save()
                return autosave
    except IntegrityError:
        StoryAutosave.objects.filter(story=story, user=user).update(**fields)
    return StoryAutosave.objects.get(story=story, user=user)


def story_autosave_for(*, story: Story | None, user: AbstractBaseUser) -> StoryAutosave | None:
    """`user`'s copy of `story` (None: of their new story), unless it is older than the lifetime."""
    return StoryAutosave.objects.filter(
        story=story, user=user, saved_at__gte=timezone.now() - AUTOSAVE_LIFETIME
    ).first()


@transaction.atomic
def story_autosave_discard(*, story: Story | None, user: AbstractBaseUser) -> int:
    """Delete `user`'s copy of `story` (None: of their new story); the number deleted (0 or 1).

    Also drops every copy past its lifetime, so copies nobody returns to do not pile up.
    """
    deleted, _kinds = StoryAutosave.objects.filter(story=story, user=user).delete()
    StoryAutosave.objects.filter(saved_at__lt=timezone.now() - AUTOSAVE_LIFETIME).delete()
    return deleted
