"""Signed preview links and their services: the URL carries the link's random token, signed with SECRET_KEY.

The signature turns a guessed or edited URL away before the database is asked; the
stored PreviewLink row makes each link revocable and expiring.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.stories.models import Story
from articles.workflow.audit import audit_record
from articles.workflow.models import AuditEntry, PreviewLink, PreviewOpening
from articles.workflow.permissions import require_edit_permission

PREVIEW_SALT = "articles.preview-link"


def preview_signature(link: PreviewLink) -> str:
    return signing.Signer(salt=PREVIEW_SALT).sign(link.token)


def preview_url(link: PreviewLink) -> str:
    return reverse("articles:story-preview", kwargs={"signed_token": preview_signature(link)})


def preview_link_from_signature(signed_token: str) -> PreviewLink | None:
    """The PreviewLink named by a signed token, or None when the signature does not hold or no row matches."""
    try:
        token = signing.Signer(salt=PREVIEW_SALT).unsign(signed_token)
    except signing.BadSignature:
        return None
    return PreviewLink.objects.select_related("story").filter(token=token).first()


@transaction.atomic
def preview_link_create(
    *, story: Story, user: AbstractBaseUser, expires_at: datetime | None = None, note: str = ""
) -> PreviewLink:
    """A new preview link for `story`, valid for 48 hours unless `expires_at` says otherwise.

    Sharing a story outside the newsroom is for those who may change it (permissions.py).
    """
    require_edit_permission(user, story)
    link = PreviewLink(story=story, created_by=user, note=note)
    if expires_at is not None:
        link.expires_at = expires_at
    link.full_clean()
    link.save()
    audit_record(story=story, action=AuditEntry.Action.PREVIEW_SHARED, user=user, detail=note)
    return link


@transaction.atomic
def preview_link_revoke(*, link: PreviewLink, user: AbstractBaseUser) -> PreviewLink:
    """Stop `link` from working, at once and for good."""
    require_edit_permission(user, link.story)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        audit_record(story=link.story, action=AuditEntry.Action.PREVIEW_REVOKED, user=user, detail=link.note)
    return link


def preview_link_log_opening(*, link: PreviewLink, ip_address: str | None, user_agent: str) -> PreviewOpening:
    """Log one opening of `link`: when and from where."""
    return PreviewOpening.objects.create(
        link=link, ip_address=ip_address or None, user_agent=user_agent[:300]
    )
