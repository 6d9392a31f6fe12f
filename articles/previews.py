"""Signed preview links: the URL carries the link's random token, signed with SECRET_KEY.

The signature turns a guessed or edited URL away before the database is asked; the
stored PreviewLink row makes each link revocable and expiring.
"""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from articles.models import PreviewLink, Story
from articles.services import preview_link_log_opening

PREVIEW_SALT = "articles.preview-link"


def preview_signature(link: PreviewLink) -> str:
    return signing.Signer(salt=PREVIEW_SALT).sign(link.token)


def preview_url(link: PreviewLink) -> str:
    return reverse("story-preview", kwargs={"signed_token": preview_signature(link)})


def preview_link_from_signature(signed_token: str) -> PreviewLink | None:
    """The PreviewLink named by a signed token, or None when the signature does not hold or no row matches."""
    try:
        token = signing.Signer(salt=PREVIEW_SALT).unsign(signed_token)
    except signing.BadSignature:
        return None
    return PreviewLink.objects.select_related("story").filter(token=token).first()


def _client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR is what the server saw; behind a proxy, configure it to set REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR") or None


@never_cache
def story_preview(request: HttpRequest, signed_token: str) -> HttpResponse:
    """The story as readers will see it, for a valid preview link; logged, noindex, never cached."""
    link = preview_link_from_signature(signed_token)
    if link is None:
        raise Http404("No such preview.")
    if not link.is_active():
        raise PermissionDenied(
            "This preview link has expired or was revoked. Ask the newsroom for a new one."
        )
    preview_link_log_opening(
        link=link, ip_address=_client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")
    )
    response = render_story_page(request, link.story, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def render_story_page(request: HttpRequest, story, *, preview: bool) -> HttpResponse:
    story = (
        Story.objects.with_bylines()
        .select_related("section", "lead_photo")
        .prefetch_related("notes")
        .get(pk=story.pk)
    )
    blocks = sorted(
        [
            *story.articles_richtext_set.all(),
            *story.articles_quote_set.all(),
            *story.articles_inlinephoto_set.select_related("photo"),
        ],
        key=lambda block: block.ordering,
    )
    return render(
        request, "articles/story_preview.html", {"story": story, "blocks": blocks, "preview": preview}
    )
