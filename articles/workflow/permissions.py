"""Who may do what to a story: the publish permission and the rule that live stories are editors' business."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied

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


def user_can_edit(user: AbstractBaseUser, story: Story) -> bool:
    """True when `user` may change `story`'s content: anyone with the change permission while it is
    a draft or submitted, only editors once it is published, scheduled or unpublished."""
    if not user.has_perm("stories.change_story"):
        return False
    return story.status not in EDITORS_ONLY_STATUSES or user_can_publish(user)


def require_edit_permission(user: AbstractBaseUser, story: Story) -> None:
    """Raise PermissionDenied unless `user` may change `story`'s content."""
    if not user_can_edit(user, story):
        raise PermissionDenied("Only editors can change a published, scheduled or unpublished story.")
