"""`manage.py import_wordpress`: a WordPress 6 export in, checked story by story and photo by photo.

One import of the export in conftest.py (classic and Gutenberg posts, a captioned image, a gallery,
quotes, non-ASCII text, every post status, pages and menu items) is shared by the checks of a test
where it can be: importing draws and stores real pictures.
"""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from pytest_django.asserts import assertContains
from taggit.models import Tag

from articles.photos.models import Photo
from articles.stories.models import Author, InlinePhoto, Quote, RichText, Section, Story, StorySlugRedirect
from articles.wordpress.models import ImportedItem
from articles.workflow.models import AuditEntry, StoryRevision
from articles.workflow.services import story_note_add
from tests import factories
from tests.wordpress.conftest import export_items

pytestmark = pytest.mark.django_db


def run_import(export, *options, user="editor", progress=None):
    """The command's report; with `progress` (a StringIO), its progress bars are written there.

    `user=None` leaves --user out.
    """
    output = io.StringIO()
    call_command(
        "import_wordpress",
        str(export.path),
        "--media-dir",
        str(export.media_dir),
        *(("--user", user) if user else ()),
        *(() if progress is not None else ("--no-progress",)),
        *options,
        stdout=output,
        stderr=progress,
    )
    return output.getvalue()


def body_of(story):
    """The story's blocks in reading order, as (kind, content) pairs."""
    blocks = [
        *((block.ordering, "text", block.text) for block in RichText.objects.filter(parent=story)),
        *(
            (block.ordering, "quote", (block.quote, block.attribution))
            for block in Quote.objects.filter(parent=story)
        ),
        *(
            (block.ordering, "photo", (block.photo.original_filename, block.caption))
            for block in InlinePhoto.objects.filter(parent=story).select_related("photo")
        ),
    ]
    return [(kind, content) for _ordering, kind, content in sorted(blocks)]


def row_counts():
    models = (Story, Photo, Author, Section, Tag, ImportedItem, StorySlugRedirect, StoryRevision, AuditEntry)
    return {model.__name__: model.objects.count() for model in models}


def test_export_imports_story_by_story_and_reads_on_the_site(
    export, editor, client, uncached, django_assert_num_queries
):
    """Posts become stories with their words, bylines, sections, topics, photos and workflow state;
    attachments become described photos; the reader site shows them and old permalinks 301."""
    output = run_import(export)

    # Photo by photo: caption from the excerpt, credit from the description, alt from the meta.
    harbour = Photo.objects.get(original_filename="harbour.jpg")
    assert (harbour.caption, harbour.credit, harbour.alt_text) == (
        "Ferries moored at the new pier",
        "Jan Novák/Harbour Gazette",
        "Three white ferries at a concrete pier",
    )
    assert (harbour.width, harbour.height, harbour.uploaded_by) == (480, 320, editor)
    assert harbour.renditions_status == Photo.RenditionsStatus.READY
    stage_b = Photo.objects.get(original_filename="stage-b.png")
    assert (stage_b.caption, stage_b.credit, stage_b.alt_text, stage_b.image_format) == (
        "Side stage",
        "Lea Weiß",
        "A tent",
        "png",
    )
    assert Photo.objects.count() == 3  # lost.jpg has no file; the PDF is not a picture
    assert "Attachment 104: the file 2024/06/lost.jpg is not in the media folder." in output

    # The classic post: wpautop paragraphs, [caption] → photo with its caption, <blockquote> → quote.
    harbour_story = Story.objects.get(slug="harbour-reopens")
    assert harbour_story.headline == "Harbour reopens after three years"
    assert harbour_story.deck == "The ferries are back."
    assert harbour_story.section.name == "News"
    assert [byline.author.name for byline in harbour_story.ordered_bylines] == ["Anna Müller"]
    assert harbour_story.topics and [topic.name for topic in harbour_story.topics] == ["Élections", "Harbour"]
    assert harbour_story.lead_photo == harbour
    assert harbour_story.status == Story.Status.PUBLISHED
    assert harbour_story.published_at == datetime(2024, 5, 3, 9, 15, tzinfo=UTC)
    assert body_of(harbour_story) == [
        (
            "text",
            "<p>Der Hafen öffnet wieder: the ferries are back, and so is the café on the pier.<br>"
            "Locals lined up before dawn.</p>",
        ),
        ("photo", ("harbour.jpg", "Ferries at dawn, by the new pier")),
        ("quote", ("We waited three years for this morning.", "Søren Ålund, harbour master")),
        ("text", "<p>The council will vote on the timetable in June.</p>"),
    ]
    assert "The shortcode [contact-form-7] has no Newsroom equivalent" in output
    # Through the workflow's import step: created and published at once, one revision, one audit entry.
    assert list(harbour_story.revisions.values_list("comment", flat=True)) == [
        "Imported from WordPress, published"
    ]
    assert harbour_story.audit_entries.get().action == AuditEntry.Action.PUBLISHED

    # The Gutenberg post: paragraph, heading (h4 → h3), gallery → two photos, quote block, list.
    festival = Story.objects.get(slug="festival-record-crowd")
    assert festival.section.name == "Culture & Arts"
    assert [topic.name for topic in festival.topics] == ["News"]  # a second category
    assert [byline.author.name for byline in festival.ordered_bylines] == ["José Núñez"]
    assert body_of(festival) == [
        (
            "text",
            "<p>The festival opened with a <strong>record crowd</strong> of 12 000 — and rain.</p>\n"
            "<h3>Three stages</h3>",
        ),
        ("photo", ("stage-a.jpg", "The main stage at sunset")),
        ("photo", ("stage-b.png", "")),
        ("quote", ("Music is what the town sounds like when it is happy.", "Zoë Ångström, organiser")),
        (
            "text",
            '<ul>\n<li>Tickets: 25 €</li>\n</ul>\n<p><a href="https://video.example.com/42">'
            "https://video.example.com/42</a></p>",
        ),
    ]
    assert "The block “wp:embed” has no Newsroom equivalent; kept as a link." in output

    # Statuses: future → scheduled, pending → submitted, draft and private → drafts; trash skipped.
    statuses = dict(Story.objects.values_list("slug", "status"))
    assert statuses == {
        "harbour-reopens": "published",
        "festival-record-crowd": "published",
        "draft-the-lost-photo": "draft",
        "timetable": "published",
        "letters-pier": "submitted",
        "private-note": "draft",
    }
    assert Story.objects.get(slug="timetable").is_scheduled()
    assert "skipped: posts with status trash: 1" in output
    assert "skipped: page items (only posts become stories): 1" in output
    assert "the image https://old.example.org/wp-content/uploads/2024/06/lost.jpg is attachment 104" in output

    # The reader site: text, photos with caption and credit, the quote.
    response = client.get(harbour_story.get_absolute_url())
    assertContains(response, "Der Hafen öffnet wieder")
    assertContains(
        response, "<figcaption>Ferries at dawn, by the new pier. (Jan Novák/Harbour Gazette)</figcaption>"
    )
    assertContains(response, "We waited three years for this morning.")
    assertContains(response, "— Søren Ålund, harbour master")
    response = client.get(festival.get_absolute_url())
    assertContains(response, "<figcaption>The main stage at sunset. (Lea Weiß)</figcaption>")
    assertContains(response, "<figcaption>Side stage. (Lea Weiß)</figcaption>")

    # Old permalinks, WordPress's ?p=ID and the bare post name: 301 to the story.
    for old in (
        "/2024/05/03/harbour-reopens/",
        "/2024/05/03/harbour-reopens",
        "/?p=201",
        "/harbour-reopens/",
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, "/stories/harbour-reopens/"), old
    # A draft's old address does not reveal it.
    assert client.get("/?p=203").status_code == 200  # the home page, as for any unknown post
    assert client.get("/draft-the-lost-photo/").status_code == 404

    # Following an old address costs a constant query, not a page.
    # 1 the old path's story, published (a join); nothing else: no page is rendered.
    with django_assert_num_queries(1):
        response = client.get("/2024/06/10/festival-record-crowd/")
    assert response.status_code == 301
    with django_assert_num_queries(1):
        response = client.get("/?p=202")
    assert response.status_code == 301
    # An address that is neither a page nor an old one: 1 the lookup, 2 the 404 page's navigation.
    with django_assert_num_queries(2):
        response = client.get("/2024/06/10/never-was/")
    assert response.status_code == 404


def test_dry_run_reports_and_writes_nothing(export, editor):
    before = row_counts()
    progress = io.StringIO()

    output = run_import(export, "--dry-run", progress=progress)

    assert row_counts() == before
    assert "Media: 100%" in progress.getvalue() and "Posts: 100%|##########| 7/7" in progress.getvalue()
    assert output.startswith("Dry run: nothing was written. It would have from https://old.example.org:")
    assert "stories created: 6" in output
    assert "photos created: 3" in output
    assert "authors created: 2" in output
    assert "Attachment 104: the file 2024/06/lost.jpg is not in the media folder." in output
    assert "The shortcode [contact-form-7] has no Newsroom equivalent" in output
    assert "The block “wp:embed” has no Newsroom equivalent" in output


def test_rerun_skips_unchanged_updates_changed_and_respects_edits(export, editor):
    """A second run duplicates nothing; a post changed in WordPress updates its story, unless the
    newsroom edited that story since the import."""
    run_import(export)
    after_first = row_counts()

    output = run_import(export)

    assert row_counts() == after_first
    assert "stories already imported, unchanged: 6" in output
    assert "photos already imported: 3" in output

    items = export_items()
    for item in items:
        if item.post_id == 202:
            item.title = "Festival draws a record crowd of 12 000"
        if item.post_id == 201:
            item.title = "Harbour reopens (corrected in WordPress)"
    export.write(items)
    harbour = Story.objects.get(slug="harbour-reopens")
    story_note_add(story=harbour, user=editor, kind="correction", text="The pier opened at 6, not 7.")

    output = run_import(export)

    festival = Story.objects.get(slug="festival-record-crowd")
    assert festival.headline == "Festival draws a record crowd of 12 000"
    assert festival.revisions.order_by("-number").first().comment == "Updated from WordPress"
    assert len(body_of(festival)) == 5  # the body was replaced, not added to
    assert Story.objects.get(pk=harbour.pk).headline == "Harbour reopens after three years"
    assert "changed in WordPress, but the story was edited here since; left alone." in output
    assert Story.objects.count() == after_first["Story"]

    # A story deleted here since comes back on the next run, with its record renewed.
    Story.objects.filter(slug="letters-pier").delete()
    output = run_import(export)
    assert Story.objects.get(slug="letters-pier").status == Story.Status.SUBMITTED
    assert ImportedItem.objects.filter(kind="story", wp_id="205").count() == 1
    assert "stories created: 1" in output


def test_a_failing_post_is_rolled_back_whole_and_the_rest_import(export, editor, monkeypatch):
    from articles.wordpress import importer

    real = importer._Run._old_addresses

    def fail_for_the_festival(self, story, item, label):
        if item.post_id == 202:
            from django.db import IntegrityError

            raise IntegrityError("disk said no")
        return real(self, story, item, label)

    monkeypatch.setattr(importer._Run, "_old_addresses", fail_for_the_festival)

    output = run_import(export)

    assert "Post 202 “Festival draws a record crowd” was not imported: disk said no" in output
    assert not Story.objects.filter(headline__startswith="Festival").exists()
    assert not InlinePhoto.objects.filter(photo__original_filename="stage-a.jpg").exists()
    assert not ImportedItem.objects.filter(kind="story", wp_id="202").exists()
    assert Story.objects.filter(slug="harbour-reopens", status="published").exists()


def test_refusals_are_sentences_with_a_non_zero_exit(export, editor, reporter, tmp_path):
    before = row_counts()
    broken = tmp_path / "broken.xml"
    text = export.path.read_text(encoding="utf-8")
    broken.write_text(text.replace("</wp:post_id>", "</wp:post_idx>", 3), encoding="utf-8")
    export.path, good = broken, export.path
    with pytest.raises(
        CommandError, match=r"broken.xml is not well-formed XML at line \d+, column \d+ \(mismatched tag\)"
    ):
        run_import(export)
    assert row_counts() == before  # the whole file is read before anything is written

    broken.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>')
    with pytest.raises(CommandError, match="an RSS file but not a WordPress export"):
        run_import(export)
    broken.write_text('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "b">]><rss>&a;</rss>')
    with pytest.raises(CommandError, match="uses XML features an export never needs"):
        run_import(export)

    export.path = tmp_path / "missing.xml"
    with pytest.raises(CommandError, match="There is no export file at .*missing.xml"):
        run_import(export)
    export.path, export.media_dir = good, tmp_path / "no-uploads"
    with pytest.raises(CommandError, match="There is no media folder at"):
        run_import(export)
    export.media_dir = good.parent / "uploads"
    with pytest.raises(CommandError, match="run it as an editor"):
        run_import(export, user="reporter")
    with pytest.raises(CommandError, match="There is no active user called 'nobody'"):
        run_import(export, user="nobody")
    assert row_counts() == before


def test_two_imports_racing_for_one_post_make_one_story(export, editor):
    """A second run that read the import records before the first one committed (two imports of
    the same export at once) cannot duplicate a post: the record's unique constraint refuses its
    story, the post is rolled back whole and reported."""
    from articles.wordpress.importer import _Run
    from articles.wordpress.wxr import WxrItem, wxr_entries

    late = _Run(
        export_path=export.path,
        media_dir=export.media_dir,
        user=editor,
        dry_run=False,
        default_credit="",
        progress_file=None,
    )
    export.write([item for item in export_items() if item.post_id in (101, 201)])
    late._scan()  # its records of earlier imports: none yet
    run_import(export)
    after_first = row_counts()

    for entry in wxr_entries(export.path):
        if isinstance(entry, WxrItem) and entry.post_type == "post" and entry.post_id == 201:
            late._post(entry)

    assert row_counts() == after_first
    assert any(
        problem.startswith("Post 201 “Harbour reopens after three years” was not imported:")
        for problem in late.report.problems
    )


def test_without_user_the_one_editor_acts_and_several_must_be_named(export, editor, reporter):
    # The one command: `import_wordpress export.xml --media-dir uploads/`. The reporter
    # may not publish, so the editor is the one who can act.
    said = io.StringIO()
    output = run_import(export, "--dry-run", user=None, progress=said)
    assert "Importing as editor (the one editor who may publish)." in said.getvalue()
    assert "Dry run: nothing was written." in output

    editors = editor.groups.get()
    factories.make_user(username="second", is_staff=True).groups.add(editors)
    factories.make_user(username="retired", is_staff=True, is_active=False).groups.add(editors)
    with pytest.raises(
        CommandError, match=r"Name the editor the import acts as with --user \(one of editor, second\)"
    ):
        run_import(export, "--dry-run", user=None)
    assert StoryRevision.objects.count() == 0


def test_without_user_and_no_editor_the_import_says_to_create_one(export, reporter):
    with pytest.raises(CommandError, match="No active staff user may publish stories and add photos"):
        run_import(export, user=None)
    assert Story.objects.count() == 0
