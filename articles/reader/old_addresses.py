"""Addresses from the site before Newsroom (WordPress permalinks) answer with a permanent redirect.

An import records them as `StorySlugRedirect.old_path` (articles/wordpress/). They are looked up
only where no Newsroom page can answer: a path no URL pattern matches (before a 404 page is
rendered for nothing), and the home page's `?p=123`, WordPress's plain permalink, which would
otherwise show the home page. Either costs one query; every other request none.
"""

from __future__ import annotations

from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve

from articles.stories.models import Story, StorySlugRedirect
from articles.stories.models.redirects import old_path_key


class OldAddressRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        post_id = request.GET.get("p", "")
        if request.path == "/" and post_id.isdigit():
            redirect = _redirect_for(f"/?p={int(post_id)}")
            if redirect is not None:
                return redirect
        elif not _matches_a_page(request.path_info):
            redirect = _redirect_for(old_path_key(request.path))
            if redirect is not None:
                return redirect
        return self.get_response(request)


def _matches_a_page(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _redirect_for(old_path: str) -> HttpResponsePermanentRedirect | None:
    # A story that is not (or no longer) public sends nobody anywhere: the 404 stands.
    slug = (
        StorySlugRedirect.objects.filter(old_path=old_path, story__in=Story.objects.published())
        .values_list("story__slug", flat=True)
        .first()
    )
    if slug is None:
        return None
    return HttpResponsePermanentRedirect(Story(slug=slug).get_absolute_url())
