"""Who may do what to a story, in one place: reading, the ownership rule for changing, publishing.

The rule (docs/editors-workflow.md, "Who does what"):

- Editors (the publish permission) read, change, publish and unpublish every story.
- Reporters read every story, but change only the drafts and submitted stories they own:
  those they created, are bylined on (through their author profile) or are assigned to.
- Published, scheduled and unpublished stories are editors' business.
- Staff without a story role (the Photo desk, an account with no group) read no stories,
  so they see neither the stories nor their audit trail.

Every route asks these functions: the change form, its save, the list actions, preview
links, revision restores and notes, and the services behind them.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from articles.stories.models import Story

PUBLISH_PERMISSION = "stories.publish_story"

# Once a story is live, scheduled or withdrawn, changing it is an editor's decision.
EDITORS_ONLY_STATUSES = (Story.Status.PUBLISHED, Story.Status.UNPUBLISHED)


def user_can_publish(user: AbstractBaseUser) -> bool:
    """True for users who may publish, schedule and unpublish (the Editors role)."""
    return user.has_perm(PUBLISH_PERMISSION)


def require_publish_permission(user: AbstractBaseUser) -> None:
    """Raise PermissionDenied unless `user` may publish, schedule and unpublish."""
    if not user_can_publish(user):
        raise PermissionDenied("Only editors can publish, schedule or unpublish stories.")


def user_can_read_stories(user: AbstractBaseUser) -> bool:
    """True for users who may read stories in the admin, drafts included (Editors and Reporters)."""
    return user.has_perm("stories.view_story") or user.has_perm("stories.change_story")


def stories_readable_by(user: AbstractBaseUser, queryset: QuerySet[Story]) -> QuerySet[Story]:
    """The stories of `queryset` that `user` may read; what an audit trail or a list may show them."""
    return queryset if user_can_read_stories(user) else queryset.none()


def story_owner_ids(story: Story) -> frozenset[int]:
    """Ids of the users who own `story`: its creator, its bylined authors' accounts, its assignees.

    Read once per story object (the admin asks several times per request); a save that
    changes the bylines is judged by the owners the story had when the request began.
    """
    cached = getattr(story, "_owner_ids", None)
    if cached is not None:
        return cached
    owners = {story.created_by_id} if story.created_by_id else set()
    if story.pk is not None:
        owners |= set(
            get_user_model()
            .objects.filter(Q(author__bylines__story=story) | Q(assigned_stories=story))
            .values_list("pk", flat=True)
        )
    story._owner_ids = frozenset(owners)
    return story._owner_ids


def user_owns_story(user: AbstractBaseUser, story: Story) -> bool:
    """True when `user` created `story`, is bylined on it or is assigned to it."""
    return user.pk is not None and user.pk in story_owner_ids(story)


def user_can_edit(user: AbstractBaseUser, story: Story) -> bool:
    """True when `user` may change `story`'s content: editors always; reporters only a draft or
    submitted story they own (see the module docstring)."""
    if not user.has_perm("stories.change_story"):
        return False
    if user_can_publish(user):
        return True
    return story.status not in EDITORS_ONLY_STATUSES and user_owns_story(user, story)


def require_edit_permission(user: AbstractBaseUser, story: Story) -> None:
    """Raise PermissionDenied, with the reason, unless `user` may change `story`'s content."""
    if user_can_edit(user, story):
        return
    if user.has_perm("stories.change_story") and story.status not in EDITORS_ONLY_STATUSES:
        raise PermissionDenied(
            f"“{story}” is not yours: reporters change only the drafts they created, are bylined on "
            "or are assigned to. Ask an editor to assign it to you."
        )
    raise PermissionDenied("Only editors can change a published, scheduled or unpublished story.")
