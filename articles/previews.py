"""Signed preview links: the URL carries the link's random token, signed with SECRET_KEY.

The signature turns a guessed or edited URL away before the database is asked; the
stored PreviewLink row makes each link revocable and expiring.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from articles.models import PreviewLink

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
