"""export_ninjs, then import_ninjs into an empty database, reproduces the stories; again, nothing."""

import io
import json

from django.core.management import call_command

from articles.photos.models import Photo
from articles.stories.models import Author, Section, Story
from tests import factories


def snapshot():
    """What must survive the round trip, by slug: text, bylines, topics, photos with captions and credits."""
    stories = {}
    for story in Story.objects.published().for_detail():
        photos = [(story.lead_caption, story.lead_photo.credit)] if story.lead_photo_id else []
        body = []
        for kind, block in story.body_blocks:
            if kind == "text":
                body.append(("text", block.text))
            elif kind == "quote":
                body.append(("quote", block.quote, block.attribution))
            else:
                body.append(("photo", block.caption or block.photo.caption, block.photo.credit))
        stories[story.slug] = {
            "headline": story.headline,
            "kicker": story.kicker,
            "deck": story.deck,
            "section": story.section.slug,
            "bylines": [credit.author.name for credit in story.ordered_bylines],
            "topics": [topic.name for topic in story.topics],
            "lead": photos,
            "body": body,
            "published_at": story.published_at,
        }
    return stories


def test_export_then_import_into_an_empty_site(db, editor, settings):
    story = factories.make_full_story(1, kicker="Exclusive", deck="Ferries run again — für alle.")
    factories.add_text(story, '<p>Ünïcode and <a href="https://example.org">a link</a>.</p>', ordering=200)
    before = snapshot()
    out = io.StringIO()
    call_command("export_ninjs", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2  # the story and its related story
    assert all(json.loads(line)["standard"]["version"] == "3.1" for line in lines)
    one = io.StringIO()
    call_command("export_ninjs", "--story", story.slug, stdout=one)
    assert len(one.getvalue().splitlines()) == 1

    archive = settings.MEDIA_ROOT.parent / "archive.ndjson"
    archive.write_text(out.getvalue(), encoding="utf-8")
    # An empty site: no stories, photos, authors or sections (the editor's account stays).
    Story.objects.all().delete()
    Photo.objects.all().delete()
    Author.objects.all().delete()
    Section.objects.all().delete()

    report = io.StringIO()
    call_command("import_ninjs", str(archive), "--user", editor.username, "--publish", stdout=report)
    assert "2 created" in report.getvalue() and "2 published" in report.getvalue()
    after = snapshot()
    assert after.keys() == before.keys()
    for slug, expected in before.items():
        assert after[slug] == expected, slug

    again = io.StringIO()
    call_command("import_ninjs", str(archive), "--user", editor.username, stdout=again)
    assert "2 unchanged" in again.getvalue()
    assert Story.objects.count() == 2
    assert Photo.objects.count() == 2  # the lead and the inline photo, each once
