"""What the browser gets besides the words: compressed HTML for anonymous readers (never for pages
that carry a secret, BREACH), and which images load first."""

import gzip
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import has_vary_header

from tests.factories import make_author, make_full_story, make_photo, make_published_stories, make_section

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


# Which images load first: the page's first (largest, highest) image, and only that one.


def images(html):
    return re.findall(r"<img [^>]*>", html)


def assert_first_image_alone_goes_first(html):
    """Exactly one image is fetched with high priority, and it is not lazy; returns every <img> and it."""
    tags = images(html)
    high = [tag for tag in tags if 'fetchpriority="high"' in tag]
    assert len(high) == 1, high
    assert 'loading="lazy"' not in high[0]
    return tags, high[0]


def test_home_lead_photo_goes_first_and_section_cards_wait(client):
    stories = make_published_stories(4)

    tags, high = assert_first_image_alone_goes_first(client.get("/").content.decode())

    assert 'sizes="(min-width: 64rem) 40rem, 100vw"' in high  # the lead card's
    assert len(tags) == len(stories) and all('loading="lazy"' in tag for tag in tags if tag != high)


def test_home_without_a_lead_photo_gives_priority_to_the_first_card(client):
    make_published_stories(3)
    make_published_stories(1, lead_photo=None, published_at=timezone.now())

    tags, high = assert_first_image_alone_goes_first(client.get("/").content.decode())

    assert tags[0] == high and len(tags) == 3


@pytest.mark.parametrize("page", ["section", "topic", "search"])
def test_the_first_card_of_a_list_loads_first(client, page):
    section = make_section()
    make_published_stories(3, section=section)
    url = {
        "section": section.get_absolute_url(),
        "topic": reverse("articles:topic-detail", args=["budget"]),
        "search": reverse("articles:search") + "?q=budget",
    }[page]

    tags, high = assert_first_image_alone_goes_first(client.get(url).content.decode())

    assert tags[0] == high
    assert len(tags) == 3 and all('loading="lazy"' in tag for tag in tags[1:])


def test_the_author_page_fetches_the_first_story_photo_first_not_the_portrait(client):
    author = make_author(portrait=make_photo())
    make_published_stories(2, bylines=[author])

    tags, high = assert_first_image_alone_goes_first(client.get(author.get_absolute_url()).content.decode())

    portrait, first_story, second_story = tags
    assert 'sizes="10rem"' in portrait
    assert "fetchpriority" not in portrait and 'loading="lazy"' not in portrait  # small, at the top: eager
    assert first_story == high
    assert 'loading="lazy"' in second_story


def test_the_story_page_has_one_high_priority_image(client):
    story = make_full_story(2)
    tags, high = assert_first_image_alone_goes_first(client.get(story.get_absolute_url()).content.decode())
    assert tags[0] == high  # the lead photo; the inline photos are lazy


def test_the_first_flight_carries_the_whole_stylesheet_and_nothing_blocks_rendering(client):
    """The stylesheet is inline (critical CSS), and the head with it fits TCP's first ~14 KB flight."""
    make_published_stories(30, section=make_section())
    html = client.get("/").content.decode()

    assert '<link rel="stylesheet"' not in html
    head = html[: html.index("</head>") + len("</head>")]
    assert ".site-header" in head
    assert len(gzip.compress(head.encode())) <= 14 * 1024
