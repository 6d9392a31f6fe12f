"""Hostile and random Unicode through every editor-facing text field, then every surface that prints it.

Hypothesis writes text into a published story's admin form (headline, deck, kicker, desk
byline, captions, topics, SEO fields, a text block, a quote, a correction note), its section's
and its author's admin forms. Each save is either taken or refused with a form error, never a
5xx. Then every reader surface (story, home, section, topic, author and search pages, the feeds,
the sitemaps, the JSON-LD) and the admin's list and form for the story must answer without a
5xx, carry no markup outside the allowlist (no script of our visitors' making, no event
handler, no javascript: link), and feeds, sitemaps and JSON-LD must stay valid XML and JSON.
"""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from articles.inline_styles import inline_stylesheet
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

HOSTILE_PIECES = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<a href=\"javascript:alert('x')\">link</a>",
    '"><svg onload=alert(1)>',
    "</textarea><iframe src=//evil.example>",
    "<style>body{display:none}</style>",
    "]]></summary><evil/>",
    "&amp; &lt; &#0; &bogus;",
    "\x00",
    "\x0b\x1f",
    "\u202eoverride\u202c",
    "\ufeff",
    "😀",
    "👩🏽‍💻",
    "Élections",
    "İstanbul ǅ ß",
    "漢字テスト",
    "مرحبا",
    "a" * 120,
    "%00 %3Cscript%3E",
    "{{ request }} {% now 'Y' %}",
    "' OR 1=1 --",
    "\\u003cscript\\u003e",
]
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=12)), max_size=5).map(
    "".join
)

# Every editor-facing text field the test fills (story form, its inlines, section and author forms).
TEXT_FIELDS = (
    "headline",
    "deck",
    "kicker",
    "desk_byline",
    "lead_photo_caption",
    "seo_title",
    "seo_description",
    "body",
    "quote",
    "attribution",
    "inline_caption",
    "note",
    "section_name",
    "section_description",
    "author_name",
    "author_bio",
)
FEED_FORMATS = ("rss", "atom")
ALLOWED_SCRIPT_TYPES = {"application/ld+json", "application/json"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "svg", "math", "base", "form-action"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"}


class MarkupCheck(HTMLParser):
    """Collects what a browser would run or load that no template of ours puts there."""

    def __init__(self, *, reader: bool, nonce: str):
        super().__init__(convert_charrefs=True)
        self.reader, self.nonce, self.problems, self.json_scripts = reader, nonce, [], []
        self._in_json_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            scheme = (value or "").strip().lower()
            if name in URL_ATTRIBUTES and scheme.startswith(("javascript:", "data:text")):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            kind = attrs.get("type", "")
            if kind in ALLOWED_SCRIPT_TYPES:
                self._in_json_script = True
                self.json_scripts.append("")
            elif not (self.nonce and attrs.get("nonce") == self.nonce) and not _is_static(attrs.get("src")):
                self.problems.append(f"<script {attrs}>: neither our static file nor this response's nonce")
        if self.reader and tag in FORBIDDEN_TAGS | {"style"}:
            self.problems.append(f"<{tag}> on a reader page")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_script = False

    def handle_data(self, data):
        if self._in_json_script:
            self.json_scripts[-1] += data


def _is_static(src: str | None) -> bool:
    return bool(src) and src.startswith("/static/")


def check_html(body: str, *, reader: bool = True, nonce: str = "") -> list[str]:
    # Our own inlined stylesheet (allowed by its CSP hash) is the one <style> a reader page may carry.
    body = body.replace(f"<style>{inline_stylesheet()}</style>", "", 1)
    checker = MarkupCheck(reader=reader, nonce=nonce)
    checker.feed(body)
    checker.close()
    for script in checker.json_scripts:
        json.loads(script)  # JSON-LD and json_script data stay valid JSON
    return checker.problems


def check_response(response, *, reader: bool = True) -> list[str]:
    """`check_html` of a page, where only scripts carrying the response's own CSP nonce may run."""
    policy = response.headers.get("Content-Security-Policy", "")
    nonce = re.search(r"'nonce-([^']+)'", policy)
    return check_html(response.content.decode(), reader=reader, nonce=nonce.group(1) if nonce else "")


def check_feed(body: bytes) -> list[str]:
    """The feed parses as XML, and every HTML-typed element inside is safe HTML."""
    root = ET.fromstring(body)
    problems = []
    for element in root.iter():
        # RSS <description> (no namespace; Media RSS's media:description is plain text) and Atom type="html".
        html_typed = element.tag == "description" or element.get("type") == "html"
        if html_typed and element.text:
            problems += check_html(element.text)
    return problems


def reader_get(client: Client, url: str, **query):
    response = client.get(url, query)
    assert response.status_code < 500, f"{url} answered {response.status_code}"
    return response


@pytest.fixture
def newsroom(db):
    story = factories.make_full_story(1)
    chief = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw")
    admin = Client()
    admin.force_login(chief)
    return story, admin


def _refused_fields(response) -> set[str]:
    """The POST names of the fields a refused admin form marked as wrong (its own and its inlines')."""
    form = response.context["adminform"].form
    names = {form.add_prefix(name) for name in form.errors}
    for inline in response.context["inline_admin_formsets"]:
        for index, errors in enumerate(inline.formset.errors):
            names |= {f"{inline.formset.prefix}-{index}-{name}" for name in errors}
    return names


def _refusals(response) -> list:
    form = response.context["adminform"].form
    inlines = [inline.formset.errors for inline in response.context["inline_admin_formsets"]]
    return [form.errors, *inlines]


def _save(admin: Client, url: str, **changes) -> int:
    """Post the admin form with `changes`, never answered with a 5xx; return how many changes were kept.

    A refusal is a 400 naming the fields; the test then leaves out just those and saves the rest,
    as an editor fixing the form would, so the hostile text that is accepted reaches the pages.
    """
    kept = dict(changes)
    for _attempt in range(4):  # a form checks its inlines only once the form itself is valid
        response = admin.post(url, admin_form_data(admin.get(url), **kept))
        assert response.status_code in (302, 400), f"{url} answered {response.status_code}"
        if response.status_code == 302:
            return len(kept)
        assert "errornote" in response.content.decode()
        refused = _refused_fields(response)
        assert refused & kept.keys(), f"{url} refused what it holds already: {_refusals(response)}"
        kept = {name: value for name, value in kept.items() if name not in refused}
    raise AssertionError(f"{url} kept refusing: {refused}")


@settings(
    # Each example saves three admin forms and reads every surface (~8 s): 10 per run keeps the suite's
    # time in bounds, and every run draws new ones.
    max_examples=10,
    deadline=None,
    # No shrinking: a failure is reported as drawn, so a broken build fails in seconds, not minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    texts=st.fixed_dictionaries(dict.fromkeys(TEXT_FIELDS, hostile_text)),
    topics=st.lists(hostile_text, max_size=4),
)
def test_hostile_text_never_breaks_a_page_or_reaches_readers_as_markup(newsroom, texts, topics):
    story, admin = newsroom
    reader = Client()
    section, author = story.section, story.bylines.first().author
    story_form = reverse("admin:stories_story_change", args=[story.pk])

    _save(
        admin,
        story_form,
        headline=texts["headline"] or "Council approves budget",
        deck=texts["deck"],
        kicker=texts["kicker"],
        desk_byline=texts["desk_byline"],
        lead_photo_caption=texts["lead_photo_caption"],
        seo_title=texts["seo_title"],
        seo_description=texts["seo_description"],
        tags=", ".join(f'"{topic}"' for topic in topics),
        **{
            "stories_richtext_set-0-text": f"<p>{texts['body']}</p>",
            "stories_quote_set-0-quote": texts["quote"] or "We will not back down.",
            "stories_quote_set-0-attribution": texts["attribution"],
            "stories_inlinephoto_set-0-caption": texts["inline_caption"],
            "notes-TOTAL_FORMS": "1" if texts["note"] else "0",
            "notes-0-kind": "correction",
            "notes-0-text": texts["note"],
        },
    )
    _save(
        admin,
        reverse("admin:stories_section_change", args=[section.pk]),
        name=texts["section_name"] or section.name,
        description=texts["section_description"],
    )
    _save(
        admin,
        reverse("admin:stories_author_change", args=[author.pk]),
        name=texts["author_name"] or author.name,
        bio=texts["author_bio"],
    )
    story.refresh_from_db()
    section.refresh_from_db()
    author.refresh_from_db()

    pages = [
        story.get_absolute_url(),
        reverse("articles:home"),
        section.get_absolute_url(),
        author.get_absolute_url(),
        *(reverse("articles:topic-detail", args=[tag.slug]) for tag in Tag.objects.all()),
    ]
    problems = []
    for url in pages:
        problems += [f"{url}: {problem}" for problem in check_response(reader_get(reader, url))]
    for query in (texts["headline"], *topics):
        search = reader_get(reader, reverse("articles:search"), q=query)
        problems += [f"search: {problem}" for problem in check_response(search)]
    feeds = [reverse("articles:feed", args=[feed]) for feed in FEED_FORMATS]
    feeds += [reverse("articles:section-feed", args=[section.slug, feed]) for feed in FEED_FORMATS]
    feeds += [reverse("articles:author-feed", args=[author.slug, feed]) for feed in FEED_FORMATS]
    for tag in Tag.objects.all():
        feeds += [reverse("articles:topic-feed", args=[tag.slug, feed]) for feed in FEED_FORMATS]
    for url in feeds:
        problems += [f"{url}: {problem}" for problem in check_feed(reader_get(reader, url).content)]
    index = ET.fromstring(reader_get(reader, reverse("articles:sitemap-index")).content)
    sitemaps = [urlsplit(loc.text).path for loc in index.iter() if loc.tag.endswith("loc")]
    for url in [*sitemaps, reverse("articles:sitemap-news")]:
        ET.fromstring(reader_get(reader, url).content)
    for url, query in (
        (reverse("admin:stories_story_changelist"), {"q": texts["headline"]}),
        (story_form, {}),
        (reverse("admin:stories_section_changelist"), {}),
    ):
        response = admin.get(url, query)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        problems += [f"{url}: {problem}" for problem in check_response(response, reader=False)]

    assert problems == []
