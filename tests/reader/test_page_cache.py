"""The publish-aware page cache: cached for anonymous readers, retired by every write they could
see and by the clock at the next scheduled publication, and described over HTTP (ETag,
Last-Modified, 304, Cache-Control capped by the next change, Surrogate-Key)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from taggit.models import Tag

from articles.photos.services import photo_update
from articles.stories.models import Story
from articles.workflow.services import story_note_add, story_publish, story_unpublish
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """Django's clock, set by the test: `clock.now = moment`."""

    class Clock:
        now = timezone.now()

    monkeypatch.setattr(timezone, "now", lambda: Clock.now)
    return Clock


def live_story(**fields):
    author = factories.make_author()
    return factories.make_story(
        status=Story.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
        bylines=[author],
        tags=["Harbour"],
        lead_photo=factories.make_photo(),
        **fields,
    )


def reader_surfaces(story):
    return [
        reverse("articles:home"),
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        reverse("articles:topic-detail", args=[Tag.objects.get(name="Harbour").slug]),
        story.bylines.get().author.get_absolute_url(),
        reverse("articles:feed", args=["rss"]),
        reverse("articles:section-feed", args=[story.section.slug, "atom"]),
        reverse("articles:sitemap-section", args=["stories"]),
        reverse("articles:sitemap-news"),
    ]


def test_a_second_visit_is_served_from_the_cache_without_a_query(client, django_assert_num_queries):
    story = live_story()
    first = client.get(story.get_absolute_url())

    with django_assert_num_queries(0):
        second = client.get(story.get_absolute_url())

    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert not second.cookies
    assert "Cookie" not in second.get("Vary", "")


def test_conditional_gets_answer_304(client):
    story = live_story()
    page = client.get(story.get_absolute_url())

    by_etag = client.get(story.get_absolute_url(), headers={"if-none-match": page["ETag"]})
    by_time = client.get(story.get_absolute_url(), headers={"if-modified-since": page["Last-Modified"]})
    changed = client.get(story.get_absolute_url(), headers={"if-none-match": '"something-else"'})

    assert (by_etag.status_code, by_time.status_code, changed.status_code) == (304, 304, 200)
    assert by_etag.content == b""
    assert by_etag["ETag"] == page["ETag"]


def test_cache_control_is_public_and_capped_by_the_next_scheduled_publication(client, settings):
    settings.READER_PAGE_CACHE_SECONDS = 300
    story = live_story()
    factories.make_story(status=Story.Status.PUBLISHED, published_at=timezone.now() + timedelta(seconds=90))

    page = client.get(story.get_absolute_url())

    directives = dict(
        part.strip().partition("=")[::2] for part in page["Cache-Control"].split(",") if part.strip()
    )
    assert "public" in directives
    assert 85 <= int(directives["s-maxage"]) <= 90
    # Browsers ask again every time (and get a 304): a reader who just subscribed sees it at once.
    assert directives["max-age"] == "0"
    assert "must-revalidate" in directives


def test_the_surrogate_key_names_the_stories_and_sections_on_the_page(client):
    story = live_story()
    other = live_story(section=story.section)

    home = client.get(reverse("articles:home"))
    page = client.get(story.get_absolute_url())

    home_keys = home["Surrogate-Key"].split()
    assert {f"story-{story.pk}", f"story-{other.pk}", f"section-{story.section_id}", "page-home"} <= set(
        home_keys
    )
    assert {f"story-{story.pk}", f"section-{story.section_id}"} <= set(page["Surrogate-Key"].split())
    assert client.get(reverse("articles:feed", args=["rss"]))["Surrogate-Key"] == "page-feed"


def test_staff_and_subscribed_readers_are_never_served_from_the_cache(client, editor):
    story = live_story()
    client.get(story.get_absolute_url())  # cached for anonymous readers
    Story.objects.filter(pk=story.pk).update(headline="Changed behind the cache")

    client.force_login(editor)
    staff_view = client.get(story.get_absolute_url())

    assert "Changed behind the cache" in staff_view.content.decode()
    assert "private" in staff_view["Cache-Control"]


def test_preview_links_are_never_cached(client, editor):
    from articles.workflow.previews import preview_link_create, preview_url

    story = factories.make_story(lead_photo=factories.make_photo())
    url = preview_url(preview_link_create(story=story, user=editor))

    assert client.get(url).status_code == 200
    assert "public" not in client.get(url).get("Cache-Control", "")


# Every write readers could see retires the cached pages at once.


def _publish_a_draft(story, editor, client):
    draft = factories.make_story(section=story.section, headline="Ferry strike called off")
    factories.add_text(draft, "<p>The union agreed terms overnight.</p>")
    story_publish(story=draft, user=editor)
    return "Ferry strike called off", reverse("articles:home")


def _edit_the_live_story_in_the_admin(story, editor, client):
    url = reverse("admin:stories_story_change", args=[story.pk])
    client.force_login(editor)
    data = admin_form_data(client.get(url), headline="Harbour reopens after the storm")
    assert client.post(url, data).status_code == 302
    client.logout()
    return "Harbour reopens after the storm", story.get_absolute_url()


def _add_a_correction(story, editor, client):
    story_note_add(story=story, user=editor, kind="correction", text="An earlier version misnamed the pier.")
    return "An earlier version misnamed the pier.", story.get_absolute_url()


def _fix_a_caption(story, editor, client):
    photo = story.lead_photo
    photo.caption = "Boats return to the inner harbour."
    photo_update(photo=photo, user=None, fields=["caption"])
    return "Boats return to the inner harbour.", story.get_absolute_url()


def _rename_the_section(story, editor, client):
    story.section.name = "Waterfront"
    story.section.save()
    return "Waterfront", reverse("articles:home")


def _rename_the_author(story, editor, client):
    author = story.bylines.get().author
    author.name = "Rosa Quayside"
    author.save()
    return "Rosa Quayside", story.get_absolute_url()


@pytest.mark.parametrize(
    "write",
    [
        _publish_a_draft,
        _edit_the_live_story_in_the_admin,
        _add_a_correction,
        _fix_a_caption,
        _rename_the_section,
        _rename_the_author,
    ],
)
def test_every_write_readers_could_see_shows_at_once(client, editor, write):
    story = live_story()
    for url in reader_surfaces(story):
        client.get(url)  # everything cached

    expected, url = write(story, editor, client)

    assert expected in client.get(url).content.decode()


def test_unpublishing_takes_the_story_off_every_page_at_once(client, editor):
    story = live_story()
    path = story.get_absolute_url()
    for url in reader_surfaces(story):
        assert path in client.get(url).content.decode(), url

    story_unpublish(story=story, user=editor)

    assert client.get(path).status_code == 410
    for url in reader_surfaces(story)[2:]:
        assert path not in client.get(url).content.decode(), url


def test_writes_to_drafts_leave_the_cache_alone(client, django_assert_num_queries):
    story = live_story()
    client.get(story.get_absolute_url())
    draft = factories.make_story(section=story.section, headline="Not yet")
    draft.deck = "Still being written."
    draft.save()

    with django_assert_num_queries(0):
        client.get(story.get_absolute_url())


def test_a_scheduled_story_is_on_every_surface_at_its_time_to_the_second(client, clock):
    clock.now = timezone.now().replace(microsecond=0)
    live = live_story()
    at = clock.now + timedelta(hours=2)
    scheduled = factories.make_story(
        status=Story.Status.PUBLISHED,
        published_at=at,
        section=live.section,
        headline="Bridge opens at nine",
        bylines=[live.bylines.get().author],
        tags=["Harbour"],
    )
    surfaces = [url for url in reader_surfaces(live) if url != live.get_absolute_url()]
    path = scheduled.get_absolute_url()

    clock.now = at - timedelta(seconds=1)
    for url in surfaces:
        assert path not in client.get(url).content.decode(), url
    assert client.get(path).status_code == 404

    clock.now = at
    for url in surfaces:
        assert path in client.get(url).content.decode(), url
    assert "Bridge opens at nine" in client.get(path).content.decode()


def test_an_expired_licence_leaves_the_pages_at_midnight(client, clock):
    clock.now = timezone.make_aware(timezone.datetime(2026, 12, 1, 23, 59, 30))
    photo = factories.make_photo(
        usable_until=timezone.localdate(clock.now), caption="Last night at the fair."
    )
    story = live_story()
    story.lead_photo = photo
    story.save()
    assert "Last night at the fair." in client.get(story.get_absolute_url()).content.decode()

    clock.now = clock.now + timedelta(seconds=30)  # midnight: the licence has ended

    assert "Last night at the fair." not in client.get(story.get_absolute_url()).content.decode()


def test_last_modified_is_the_time_of_the_last_change(client, clock, editor):
    clock.now = timezone.now().replace(microsecond=0)
    story = live_story()
    client.get(story.get_absolute_url())
    clock.now += timedelta(minutes=5)

    story_note_add(story=story, user=editor, kind="update", text="Ferries run again.")
    page = client.get(story.get_absolute_url())

    assert page["Last-Modified"] == http_date(clock.now.timestamp())
