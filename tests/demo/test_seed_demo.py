"""The seed_demo command: a complete demo newsroom, idempotent, with working demo logins."""

import io
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains
from taggit.models import Tag, TaggedItem

from articles.demo import content
from articles.photos.models import Photo, Rendition
from articles.stories.models import (
    Author,
    Byline,
    Contribution,
    InlinePhoto,
    Quote,
    RelatedStory,
    RichText,
    Story,
)

DEMO_PASSWORD = "newsroom-demo"
AGENCY_CREDIT = re.compile(r"^(?!AP Photo/)[A-Z][\w .'-]+/(?!The Newsroom Gazette$)[A-Z][\w ]+$")


def seed_demo(*arguments):
    output = io.StringIO()
    call_command("seed_demo", "--no-progress", *arguments, stdout=output)
    return output.getvalue()


def body_blocks(story):
    """The story's body blocks as (ordering, kind) pairs, in reading order."""
    blocks = [
        *((block.ordering, "text") for block in RichText.objects.filter(parent=story, region="body")),
        *((block.ordering, "quote") for block in Quote.objects.filter(parent=story, region="body")),
        *((block.ordering, "photo") for block in InlinePhoto.objects.filter(parent=story, region="body")),
    ]
    return sorted(blocks)


def database_snapshot():
    """Every row the seed could touch, with primary keys and timestamps, plus the stored media files."""
    user_model = get_user_model()
    models = [
        *(
            model
            for label in ("photos", "stories", "workflow", "alerts")
            for model in apps.get_app_config(label).get_models()
        ),
        Tag,
        TaggedItem,
        user_model,
        user_model.groups.through,
        Group,
    ]
    rows = {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}
    roots = (settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT)
    files = sorted(str(path.relative_to(root)) for root in roots for path in root.rglob("*"))
    return rows, files


def test_every_published_story_has_the_complete_shape(demo):
    """Headline, deck, section, credited lead photo, ordered bylines, a mixed body and topics."""
    stories = list(Story.objects.published().select_related("section", "lead_photo"))
    assert len(stories) >= 20
    for story in stories:
        assert story.headline and story.deck and story.section, story.slug
        photo = story.lead_photo
        assert photo.caption and photo.credit and photo.alt_text, story.slug
        assert photo.alt_text != photo.caption, story.slug

        positions = list(
            Byline.objects.filter(story=story).order_by("position").values_list("position", flat=True)
        )
        if story.desk_byline:
            assert positions == [], story.slug
        else:
            assert positions == list(range(1, len(positions) + 1)) and 1 <= len(positions) <= 3, story.slug

        blocks = body_blocks(story)
        assert [ordering for ordering, _kind in blocks] == list(range(10, 10 * len(blocks) + 1, 10)), (
            story.slug
        )
        kinds = [kind for _ordering, kind in blocks]
        assert kinds[0] == "text" and kinds[-1] == "text", story.slug
        assert "quote" in kinds and "photo" in kinds, story.slug
        assert 2 <= story.tags.count() <= 4, story.slug


def test_the_demo_mixes_statuses_and_optional_parts(demo):
    """Drafts, scheduled stories, desk bylines, contributors and related links all appear."""
    assert Story.objects.count() == len(content.STORIES) >= 25
    assert 3 <= Story.objects.drafts().count() <= 4
    assert 1 <= Story.objects.scheduled().count() <= 2
    stories_with_contributors = Story.objects.filter(contributions__isnull=False).distinct().count()
    assert stories_with_contributors > Story.objects.count() / 2
    assert Contribution.objects.filter(position=2).exists()
    assert RelatedStory.objects.values("story").distinct().count() >= 8
    assert Byline.objects.filter(position=3).exists()
    assert Story.objects.exclude(desk_byline="").count() >= 3
    assert Story.objects.exclude(kicker="").exists()
    assert Story.objects.exclude(seo_description="").exists()

    published = set(Story.objects.published().values_list("pk", flat=True))
    related_to_published = RelatedStory.objects.filter(story__in=published).values_list("related", flat=True)
    assert set(related_to_published) <= published, "readers must never be sent to a draft"

    rich_texts = list(RichText.objects.values_list("text", flat=True))
    assert all(text.startswith("<p>") and text.endswith("</p>") for text in rich_texts)
    assert all(markup in "".join(rich_texts) for markup in ("<strong>", "<em>", '<a href="https://'))


def test_photos_carry_the_house_credit_styles_and_authors_their_portraits(demo):
    credits = set(Photo.objects.values_list("credit", flat=True))
    assert "Courtesy" in credits
    assert any(credit.startswith("AP Photo/") for credit in credits)
    assert any(AGENCY_CREDIT.match(credit) for credit in credits)
    assert any(credit.endswith("/The Newsroom Gazette") for credit in credits)
    for photo in Photo.objects.all():
        assert photo.alt_text and photo.alt_text != photo.caption and photo.copyright_notice, photo.pk
        assert photo.width > 0 and photo.height > 0
    assert not Photo.objects.filter(source="").exists()

    for author in Author.objects.select_related("portrait"):
        assert author.job_title and author.bio and author.portrait, author.slug
        assert author.portrait.height > author.portrait.width, author.slug


def test_running_the_seed_twice_changes_nothing(demo):
    first_output = demo
    before = database_snapshot()

    second_output = seed_demo()

    assert database_snapshot() == before
    expected_counts = (
        f"{len(content.SECTIONS)} sections, {len(content.AUTHORS)} authors, {Photo.objects.count()} photos, "
        f"{len(content.STORIES)} stories"
    )
    assert expected_counts in first_output and expected_counts in second_output
    assert "0 rows written" in second_output


def test_running_again_restores_demo_content_but_keeps_publication_times(demo):
    story = Story.objects.get(slug="council-budget-libraries-deal")
    moved_time = story.published_at - timedelta(days=1)
    Story.objects.filter(pk=story.pk).update(headline="Edited by hand", published_at=moved_time)
    Byline.objects.filter(story=story).delete()
    story.tags.clear()

    seed_demo()

    story.refresh_from_db()
    assert story.headline == "Council passes budget after late deal keeps three libraries open"
    assert story.published_at == moved_time
    assert list(story.bylines.order_by("position").values_list("author__slug", flat=True)) == [
        "maya-okafor",
        "daniel-reyes",
    ]
    assert set(story.tags.names()) == {"Budget", "City council", "Libraries"}


def test_editor_login_reaches_the_story_list(demo, client):
    """The printed login works, and each demo login has exactly its newsroom role."""
    assert f"Editor login: http://127.0.0.1:8000/admin/  user: editor  password: {DEMO_PASSWORD}" in demo
    roles = {
        user.username: list(user.groups.values_list("name", flat=True))
        for user in get_user_model().objects.filter(is_staff=True, is_superuser=False)
    }
    assert roles == {"editor": ["Editors"], "reporter": ["Reporters"], "photodesk": ["Photo desk"]}

    assert client.login(username="editor", password=DEMO_PASSWORD) is True

    response = client.get(reverse("admin:stories_story_changelist"))

    assertContains(response, escape(Story.objects.published().latest().headline))


def test_the_demo_reporter_owns_the_drafts_and_may_edit_only_those(demo):
    from articles.workflow.permissions import user_can_edit

    reporter = get_user_model().objects.get(username="reporter")
    drafts = list(Story.objects.filter(status=Story.Status.DRAFT))

    assert drafts
    assert all(user_can_edit(reporter, story) for story in drafts)
    assert not any(
        user_can_edit(reporter, story) for story in Story.objects.exclude(status=Story.Status.DRAFT)
    )


def test_password_option_resets_every_demo_login(demo, client):
    seed_demo("--password", "harbour-lights-42")

    for username in ("editor", "reporter", "photodesk"):
        assert client.login(username=username, password="harbour-lights-42") is True, username
    assert client.login(username="editor", password=DEMO_PASSWORD) is False


def test_progress_bars_go_to_stderr_and_redraw_in_place(demo):
    errors = io.StringIO()

    call_command("seed_demo", stdout=io.StringIO(), stderr=errors)

    progress = errors.getvalue()
    assert "Photos: 100%" in progress and "Stories: 100%" in progress
    assert "\r" in progress and progress.count("\n") <= 2


def test_a_weak_password_is_refused_before_anything_is_written(db):
    with pytest.raises(CommandError, match="too weak"):
        seed_demo("--password", "1234")

    assert not Story.objects.exists()
    assert not get_user_model().objects.exists()


def test_every_demo_photo_has_its_renditions(demo, settings):
    """The seed resizes each demo photo once: every configured width in WebP and JPEG."""
    for photo in Photo.objects.all():
        expected = {
            (min(width, photo.width), image_format)
            for width in settings.PHOTO_RENDITION_WIDTHS
            for image_format in ("webp", "jpeg")
        }
        assert set(photo.renditions.values_list("width", "format")) == expected
    assert Rendition.objects.count() > 0


def test_demo_stories_read_as_updated_only_when_a_note_was_added(demo, client):
    """Publishing through the workflow must not make every demo story print "Updated"."""
    for story in Story.objects.published():
        page = client.get(story.get_absolute_url()).content.decode()
        assert ("· Updated <time" in page) is story.notes.exists(), story.slug


def test_the_printed_links_follow_the_address_the_demo_serves_on(demo):
    """`make demo PORT=8123` serves on port 8123, so the login it prints must point there too."""
    printed = seed_demo("--site", "http://127.0.0.1:8123/")  # over the loaded demo: nothing to write

    assert "Reader site: http://127.0.0.1:8123/\n" in printed
    assert "Editor login: http://127.0.0.1:8123/admin/  user: editor" in printed
    assert "8000" not in printed
