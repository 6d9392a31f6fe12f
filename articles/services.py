"""Multi-step writes. Views, admin actions and commands call these; they do not re-implement them."""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles.models import Photo, Story
from articles.tasks import create_photo_renditions

PUBLISH_PERMISSION = "articles.publish_story"


def user_can_publish(user: AbstractBaseUser) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def _require_publish_permission(user: AbstractBaseUser) -> None:
    if not user_can_publish(user):
        raise PermissionDenied("Only editors can publish, schedule or unpublish stories.")


@transaction.atomic
def story_publish(*, story: Story, user: AbstractBaseUser, at: datetime | None = None) -> Story:
    """Publish `story` now, or schedule it for `at`; only users with the publish permission may."""
    _require_publish_permission(user)
    story.status = Story.Status.PUBLISHED
    story.published_at = at or story.published_at or timezone.now()
    story.full_clean()
    story.save(update_fields=["status", "published_at", "updated_at"])
    return story


@transaction.atomic
def story_unpublish(*, story: Story, user: AbstractBaseUser) -> Story:
    """Take `story` off the site by returning it to draft; only users with the publish permission may."""
    _require_publish_permission(user)
    story.status = Story.Status.DRAFT
    story.full_clean()
    story.save(update_fields=["status", "updated_at"])
    return story


@transaction.atomic
def photo_create(*, photo: Photo, uploaded_by: AbstractBaseUser | None = None) -> Photo:
    """Store a new library photo; its renditions are made once the transaction has committed."""
    photo.uploaded_by = uploaded_by
    photo.full_clean()
    photo.save()
    transaction.on_commit(lambda: create_photo_renditions.enqueue(photo.pk))
    return photo
