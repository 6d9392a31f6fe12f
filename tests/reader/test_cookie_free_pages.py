"""Anonymous reader pages carry no per-visitor state, so browsers, CDNs and the page cache can hold them.

No Set-Cookie (the alerts form has no CSRF token; the session is never touched) and no
`Vary: Cookie`, on every surface: pages, the alerts pages, feeds, sitemaps and the 404.
"""

import re

import pytest
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import has_vary_header

from articles.alerts.cookies import ALERTS_COOKIE, remember_subscribed
from tests.factories import make_published_stories

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(db):
    (story,) = make_published_stories(1, tags=["Elections"])
    return story


def reader_urls(story):
    author = story.bylines.get().author
    section = story.section
    return [
        "/",
        "/?alerts=pending",
        story.get_absolute_url(),
        section.get_absolute_url(),
        reverse("articles:topic-detail", args=["elections"]),
        author.get_absolute_url(),
        reverse("articles:search"),
        reverse("articles:search") + "?q=budget",
        reverse("alerts:signup"),
        reverse("alerts:signup") + "?alerts=pending",
        reverse("alerts:confirm", args=["not-a-token"]),
        reverse("alerts:unsubscribe", args=["not-a-token"]),
        "/no-such-page/",
        reverse("articles:feed", args=["rss"]),
        reverse("articles:feed", args=["atom"]),
        reverse("articles:section-feed", args=[section.slug, "rss"]),
        reverse("articles:topic-feed", args=["elections", "atom"]),
        reverse("articles:author-feed", args=[author.slug, "rss"]),
        reverse("articles:sitemap-index"),
        reverse("articles:sitemap-news"),
        reverse("articles:robots-txt"),
    ]


def assert_cookie_free(response, url):
    assert not response.cookies, (url, response.cookies)
    assert "Set-Cookie" not in response, url
    assert not has_vary_header(response, "Cookie"), (url, response.get("Vary"))


def test_anonymous_reader_pages_set_no_cookie_and_do_not_vary_on_cookies(client, story):
    """Every reader surface, anonymous: no Set-Cookie, no `Vary: Cookie` (so shared caches can hold it)."""
    for url in reader_urls(story):
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        assert_cookie_free(response, url)


def test_sitemap_sections_set_no_cookie(client, story):
    index_page = client.get(reverse("articles:sitemap-index")).content.decode()
    urls = re.findall(r"<loc>http://testserver(/[^<]+)</loc>", index_page)
    assert urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_cookie_free(response, url)


def test_the_alerts_form_carries_no_csrf_token(client, story):
    for url in ("/", story.get_absolute_url(), reverse("alerts:signup")):
        content = client.get(url).content.decode()
        assert 'class="alerts-form"' in content, url
        assert "csrfmiddlewaretoken" not in content, url


def test_a_refused_signup_sets_no_cookie_either(client, story):
    response = client.post(reverse("alerts:signup"), {"email": "not-an-address", "next": "/"})
    assert response.status_code == 400
    assert_cookie_free(response, "signup with an invalid address")


def test_a_subscribed_reader_gets_a_private_page(client, story):
    """The page that says "You're subscribed" depends on the reader's cookie: no shared cache may keep it."""
    response = HttpResponse()
    remember_subscribed(response)
    client.cookies[ALERTS_COOKIE] = response.cookies[ALERTS_COOKIE].value

    page = client.get(story.get_absolute_url())

    assert "You're subscribed" in page.content.decode()
    assert "private" in page["Cache-Control"]
    assert not page.cookies
