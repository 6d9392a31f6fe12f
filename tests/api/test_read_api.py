"""The public read API: published stories only, ninjs 3.1 field by field, paging, caching, query budgets."""

from datetime import timedelta

import jsonschema
import pytest
from django.utils import timezone

from articles.api.http import encode_cursor
from articles.stories.models import Story
from tests import factories

# The ninjs 3.1 rules for the properties Newsroom writes, from the IPTC schema (ninjs-schema_3.1.json):
# camelCase names, no property outside the standard, `value` required in texts, `name` in renditions,
# `name` and `uri` in associations, and no nulls (every property is typed string, integer or array).
TEXT = {
    "type": "object",
    "required": ["value"],
    "additionalProperties": False,
    "properties": {
        "role": {"type": "string"},
        "contentType": {"type": "string"},
        "value": {"type": "string"},
    },
}
BODY = {
    **TEXT,
    "properties": {**TEXT["properties"], "charCount": {"type": "integer"}, "wordCount": {"type": "integer"}},
}
ENTITY = {
    "type": "object",
    "additionalProperties": False,
    "properties": {key: {"type": "string"} for key in ("name", "rel", "uri", "literal")},
}
SOURCE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {key: {"type": "string"} for key in ("name", "role", "uri", "literal")},
}
RENDITION = {
    "type": "object",
    "required": ["name"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string"},
        "href": {"type": "string"},
        "contentType": {"type": "string"},
        "title": {"type": "string"},
        "width": {"type": "integer"},
        "height": {"type": "integer"},
    },
}
COMMON = {
    "uri": {"type": "string", "pattern": "^[a-z][a-z0-9+.-]*:"},
    "type": {
        "enum": [
            "text",
            "audio",
            "video",
            "picture",
            "graphic",
            "composite",
            "component",
            "event",
            "planning",
        ]
    },
    "headlines": {"type": "array", "items": TEXT},
    "descriptions": {"type": "array", "items": TEXT},
    "by": {"type": "string"},
    "people": {"type": "array", "items": ENTITY},
    "renditions": {"type": "array", "items": RENDITION},
}
ASSOCIATION = {
    "type": "object",
    "required": ["name", "uri"],
    "additionalProperties": False,
    "properties": {
        **COMMON,
        "name": {"type": "string"},
        "rel": {"type": "string"},
        "infoSources": {"type": "array", "items": SOURCE},
        "copyrightNotice": {"type": "string"},
        "usageTerms": {"type": "string"},
        "digitalSourceType": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"name": {"type": "string"}, "uri": {"type": "string"}},
        },
    },
}
NINJS_31 = {
    "type": "object",
    "required": ["uri"],
    "additionalProperties": False,
    "properties": {
        **COMMON,
        "standard": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "name": {"const": "ninjs"},
                "version": {"const": "3.1"},
                "schema": {"type": "string"},
            },
        },
        "representationType": {"enum": ["full", "partial"]},
        "version": {"type": "string"},
        "firstCreated": {"type": "string", "format": "date-time"},
        "versionCreated": {"type": "string", "format": "date-time"},
        "pubStatus": {"enum": ["usable", "withheld", "canceled"]},
        "language": {"type": "string"},
        "slugline": {"type": "string"},
        "bodies": {"type": "array", "items": BODY},
        "subjects": {"type": "array", "items": ENTITY},
        "associations": {"type": "array", "items": ASSOCIATION},
    },
}


@pytest.fixture
def full_story(db):
    story = factories.make_full_story(2, kicker="Analysis", with_revision=True)
    story.lead_photo.copyright_notice = "© 2026 Example Agency"
    story.lead_photo.usable_until = timezone.localdate() + timedelta(days=30)
    story.lead_photo.save(update_fields=["copyright_notice", "usable_until"])
    return story


def test_ninjs_story_field_by_field(client, full_story):
    response = client.get(f"/api/ninjs/stories/{full_story.slug}")
    assert response.status_code == 200
    doc = response.json()
    jsonschema.validate(doc, NINJS_31, format_checker=jsonschema.FormatChecker())
    assert doc["standard"]["version"] == "3.1" and doc["type"] == "text" and doc["version"] == "1"
    assert doc["uri"].endswith(f":story:{full_story.pk}")
    assert doc["firstCreated"] == full_story.published_at.isoformat()
    assert doc["versionCreated"] == Story.objects.get(pk=full_story.pk).updated_at.isoformat()
    assert doc["headlines"] == [
        {"role": "main", "value": full_story.headline},
        {"role": "kicker", "value": "Analysis"},
    ]
    assert doc["descriptions"] == [{"role": "summary", "value": full_story.deck}]
    body = doc["bodies"][0]
    assert body["contentType"] == "text/html" and "<p>Paragraph 0.</p>" in body["value"]
    assert "<blockquote><p>Quote 1</p></blockquote>" in body["value"]
    assert body["wordCount"] == len(body["value"].replace("<", " <").split()) or body["wordCount"] > 0
    authors = [credit.author for credit in full_story.ordered_bylines]
    assert doc["by"] == f"{authors[0].name} and {authors[1].name}"
    assert [(p["name"], p["rel"]) for p in doc["people"][:2]] == [(a.name, "author") for a in authors]
    assert {p["rel"] for p in doc["people"][2:]} == {"contributor"}
    assert doc["subjects"][0]["rel"] == "section" and doc["subjects"][0]["literal"] == full_story.section.slug
    assert [s["name"] for s in doc["subjects"][1:]] == ["Topic 0", "Topic 1"]
    lead, *inline = doc["associations"]
    photo = full_story.lead_photo
    assert (lead["name"], lead["rel"], lead["type"]) == ("lead", "lead", "picture")
    assert lead["descriptions"][0] == {"role": "caption", "value": photo.caption}
    assert lead["by"] == photo.credit and lead["copyrightNotice"] == "© 2026 Example Agency"
    assert lead["usageTerms"] == f"Licensed for use until {photo.usable_until.isoformat()}."
    assert lead["people"] == [{"name": photo.photographer, "rel": "photographer"}]
    assert all(
        r["href"].startswith("http://testserver/") and "/private-media/" not in r["href"]
        for r in lead["renditions"]
    )
    assert [a["rel"] for a in inline] == ["inline", "inline"]
    assert all(f'data-association="{a["name"]}"' in body["value"] for a in inline)
    assert "/private-media/" not in response.content.decode()  # originals never leave


def test_only_published_stories_and_usable_photos(client, db):
    section = factories.make_section()
    live = factories.make_story(
        section=section,
        status=Story.Status.PUBLISHED,
        lead_photo=factories.make_photo(usable_until=timezone.localdate() - timedelta(days=1)),
    )
    factories.make_story(section=section)  # draft
    factories.make_story(
        section=section, status=Story.Status.PUBLISHED, published_at=timezone.now() + timedelta(hours=1)
    )
    factories.make_story(section=section, status=Story.Status.UNPUBLISHED)
    items = client.get("/api/stories").json()["items"]
    assert [item["slug"] for item in items] == [live.slug]
    assert items[0]["lead_photo"] is None  # its licence ran out
    assert "associations" not in client.get(f"/api/ninjs/stories/{live.slug}").json()
    draft = Story.objects.drafts().get()
    for url in (
        f"/api/stories/{draft.slug}",
        f"/api/ninjs/stories/{draft.slug}",
        f"/api/photos/{live.lead_photo_id}",
    ):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["error"]


def test_cursor_pages_and_conditional_requests(client, db):
    stories = factories.make_published_stories(3)
    first = client.get("/api/stories?limit=2")
    assert [item["slug"] for item in first.json()["items"]] == [s.slug for s in stories[:2]]
    second = client.get(first.json()["next"])
    assert [item["slug"] for item in second.json()["items"]] == [stories[2].slug]
    assert second.json()["next"] is None
    assert client.get("/api/stories?cursor=garbage").status_code == 400
    assert client.get("/api/stories?limit=0").status_code == 422
    huge = encode_cursor([stories[0].published_at.isoformat(), 10**30])
    nul = encode_cursor(["a\x00b"])
    for url in (f"/api/stories?cursor={huge}", f"/api/authors?cursor={nul}"):
        assert client.get(url).status_code == 400  # refused, never a query the database rejects
    assert client.get("/api/stories/a%00b").status_code == 422
    assert client.get(f"/api/photos/{10**30}").status_code == 422

    etag, modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"].startswith("public")
    assert client.get("/api/stories?limit=2", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/stories?limit=2", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    Story.objects.filter(pk=stories[0].pk).update(headline="Corrected headline", updated_at=timezone.now())
    changed = client.get("/api/stories?limit=2", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_sections_authors_topics(client, db, django_assert_num_queries):
    author = factories.make_author(name="Ana Müller", slug="ana-muller", portrait=factories.make_photo())
    factories.make_author(portrait=factories.make_photo())
    with django_assert_num_queries(1):  # the authors, each portrait and its renditions inside the row
        authors = client.get("/api/authors").json()["items"]
    assert len(authors) == 2 and all(a["portrait"]["renditions"] for a in authors)
    factories.make_published_stories(1, bylines=[author], tags=["Ferries"])
    factories.make_story(tags=["Secret plans"])  # a draft's topic is not listed
    assert client.get("/api/authors/ana-muller").json()["name"] == "Ana Müller"
    assert [t["name"] for t in client.get("/api/topics").json()["items"]] == ["Ferries"]
    assert client.get("/api/topics/secret-plans").status_code == 404
    assert len(client.get("/api/sections").json()["items"]) == 2


def test_a_page_costs_one_query_whatever_it_holds(client, db, django_assert_num_queries):
    """One query for a page of stories, with their bylines, topics, photos and renditions inside it."""
    urls = ("/api/stories", "/api/ninjs/stories")
    factories.make_full_story(1)
    for url in urls:
        with django_assert_num_queries(1):
            assert len(client.get(url).json()["items"]) == 2  # the story and its related story
    factories.make_full_story(4)  # 4 of each: bylines, contributors, topics, inline photos, related
    for url in urls:
        with django_assert_num_queries(1):
            assert len(client.get(url).json()["items"]) == 7
