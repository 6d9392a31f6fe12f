"""The audit trail's one writer: every workflow service records its step here."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from articles.stories.models import Story
from articles.workflow.models import AuditEntry


def display_name(user: AbstractBaseUser | None) -> str:
    """The name the newsroom knows a user by: full name, else username; "" for no user."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def audit_record(*, story: Story, action: str, user: AbstractBaseUser | None, detail: str = "") -> AuditEntry:
    """Append one step to `story`'s audit trail, keeping the user's name in case the account goes."""
    return AuditEntry.objects.create(
        story=story, action=action, user=user, user_name=display_name(user), detail=detail[:300]
    )
