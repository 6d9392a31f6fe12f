"""The content security policy: no inline styles on reader pages, a looser policy in the admin only."""

import base64
import hashlib
import re

import pytest
from django.test.utils import override_script_prefix
from django.urls import reverse

from tests import factories

# A style attribute on any element, or a <style> element without a nonce.
INLINE_STYLE = re.compile(r"<[^>]*\sstyle\s*=|<style(?![^>]*\snonce=)", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def style_hash(css: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.fixture
def reader_pages(db):
    """Every kind of reader page, with photos that have renditions and one still waiting for them."""
    author = factories.make_author(portrait=factories.make_photo())
    story = factories.make_full_story(2)
    waiting = factories.make_photo(renditions=False)
    factories.add_inline_photo(story, photo=waiting, ordering=500)
    factories.make_published_stories(2, section=story.section, bylines=[author])
    return {
        "home": reverse("articles:home"),
        "story": story.get_absolute_url(),
        "section": story.section.get_absolute_url(),
        "topic": reverse("articles:topic-detail", args=[story.tags.first().slug]),
        "author": author.get_absolute_url(),
        "search": reverse("articles:search") + "?q=council",
        "not found": "/no-such-page/",
    }


def test_reader_pages_allow_only_their_own_inlined_stylesheet(client, reader_pages):
    """style-src names the hash of exactly the <style> the page carries, and nothing looser."""
    for name, url in reader_pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), name
        [css] = STYLE_ELEMENT.findall(response.content.decode())

        policy = directives(response["Content-Security-Policy"])
        assert policy["style-src"] == ["'self'", style_hash(css)], name
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], name


def test_reader_pages_print_no_other_inline_styles(client, reader_pages):
    """What the strict policy would block must not be there: no style attributes, no other <style>."""
    for name, url in reader_pages.items():
        content = STYLE_ELEMENT.sub("", client.get(url).content.decode(), count=1)

        assert INLINE_STYLE.search(content) is None, (name, INLINE_STYLE.search(content))
    assert "picture-pending" in client.get(reader_pages["story"]).content.decode()


def test_a_photo_waiting_for_renditions_keeps_its_shape_without_a_style(client, db):
    story = factories.make_story(status="published", lead_photo=factories.make_photo(renditions=False))

    content = client.get(story.get_absolute_url()).content.decode()

    photo = story.lead_photo
    assert f'viewBox="0 0 {photo.width} {photo.height}"' in content
    assert f'aria-label="{photo.alt_text}"' in content


def test_the_policy_names_the_report_endpoint(client, db):
    response = client.get(reverse("articles:home"))

    policy = directives(response["Content-Security-Policy"])
    endpoint = reverse("security:csp-reports")
    assert policy["report-uri"] == [endpoint]
    assert policy["report-to"] == ["csp"]
    assert response["Reporting-Endpoints"] == f'csp="{endpoint}"'


def test_the_report_endpoint_follows_the_path_the_site_is_served_under(client, db, uncached):
    home, endpoint = reverse("articles:home"), reverse("security:csp-reports")
    client.get(home)  # the plain address is worked out and kept first

    # As WSGIHandler sets it for a site mounted at /news (the test client leaves the prefix alone).
    with override_script_prefix("/news/"):
        response = client.get(home)

    assert response["Reporting-Endpoints"] == f'csp="/news{endpoint}"'


def test_scripts_still_need_the_nonce(client, db):
    policy = directives(client.get(reverse("articles:home"))["Content-Security-Policy"])

    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]


def test_the_admin_alone_allows_inline_styles(client, db):
    """The admin's rich-text editor and templates set style attributes; the nonce would cancel them."""
    for response in (
        client.get(reverse("admin:login")),
        client.get("/admin/no-such-page/"),
    ):
        policy = directives(response["Content-Security-Policy"])
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["report-uri"] == [reverse("security:csp-reports")]


def test_logged_in_admin_pages_get_the_admin_policy(client, db):
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:index"))

    assert directives(response["Content-Security-Policy"])["style-src"] == ["'self'", "'unsafe-inline'"]


def test_the_outage_page_is_styled_by_what_its_policy_allows(client, db, monkeypatch):
    """The 503 page readers see while the database is away carries the one stylesheet the policy
    allows; an ad-hoc <style> would be blocked and the page would print unstyled."""
    from django.db import OperationalError
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)

    response = client.get(reverse("articles:home"), HTTP_ACCEPT="text/html")
    monkeypatch.undo()  # the test database is flushed afterwards

    assert response.status_code == 503
    [css] = STYLE_ELEMENT.findall(response.content.decode())
    assert directives(response["Content-Security-Policy"])["style-src"] == ["'self'", style_hash(css)]
    assert INLINE_STYLE.search(STYLE_ELEMENT.sub("", response.content.decode(), count=1)) is None
