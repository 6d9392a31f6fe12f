"""What the browser gets besides the words: compressed HTML for anonymous readers (never for pages
that carry a secret, BREACH), and which images load first."""

import gzip

import pytest
from django.urls import reverse
from django.utils.cache import has_vary_header

from tests.factories import make_published_stories

pytestmark = pytest.mark.django_db

GZIP = {"accept-encoding": "gzip, deflate, br"}


@pytest.fixture
def stories(db):
    return make_published_stories(3)


def test_anonymous_pages_feeds_and_sitemaps_are_compressed(client, stories):
    for url in ("/", stories[0].get_absolute_url(), reverse("articles:feed", args=["rss"]), "/sitemap.xml"):
        response = client.get(url, headers=GZIP)
        assert response.status_code == 200, url
        assert response["Content-Encoding"] == "gzip", url
        assert has_vary_header(response, "Accept-Encoding"), url
        assert stories[0].headline.encode() in gzip.decompress(response.content) or url == "/sitemap.xml"
        assert not response.cookies, url


def test_nothing_is_compressed_for_a_browser_that_did_not_ask(client, stories):
    response = client.get("/")
    assert "Content-Encoding" not in response
    assert stories[0].headline in response.content.decode()


def test_pages_with_a_csrf_token_are_not_compressed(client):
    """The admin's login form carries a CSRF token: a compressed copy would help a BREACH attack."""
    response = client.get(reverse("admin:login"), headers=GZIP)
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "Content-Encoding" not in response


def test_logged_in_staff_get_nothing_compressed(client, editor, stories):
    client.force_login(editor)
    for url in (reverse("admin:index"), reverse("admin:stories_story_changelist"), "/"):
        response = client.get(url, headers=GZIP)
        assert response.status_code == 200, url
        assert "Content-Encoding" not in response, url


def test_compress_html_off_leaves_compression_to_nginx(client, settings, stories):
    settings.COMPRESS_HTML = False
    response = client.get("/", headers=GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
