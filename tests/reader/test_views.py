"""Reader pages: every page, every publication state, and a constant number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains
from taggit.models import Tag

from articles.photos.models import Rendition
from articles.reader.content_version import content_changed
from articles.stories.models import Story
from articles.workflow.services import story_change_slug
from tests import factories
from tests.factories import make_full_story, make_published_stories

pytestmark = pytest.mark.django_db


def published(**overrides):
    return factories.make_story(status=Story.Status.PUBLISHED, **overrides)


def scheduled(**overrides):
    return factories.make_story(
        status=Story.Status.PUBLISHED, published_at=timezone.now() + timedelta(hours=2), **overrides
    )


def draft(**overrides):
    return factories.make_story(status=Story.Status.DRAFT, **overrides)


# The story page


def test_story_page_prints_every_part(client):
    story = make_full_story(2, kicker="Analysis", seo_description="What the vote means.")
    authors = [byline.author for byline in story.bylines.order_by("position")]
    contributors = [contribution.author for contribution in story.contributions.order_by("position")]

    response = client.get(story.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, f'<h1 class="headline">{story.headline}</h1>', html=True)
    assertContains(response, f'<p class="deck">{story.deck}</p>', html=True)
    assertContains(
        response,
        f'<p class="byline">By <a href="/authors/{authors[0].slug}/" rel="author">{authors[0].name}</a> and '
        f'<a href="/authors/{authors[1].slug}/" rel="author">{authors[1].name}</a></p>',
        html=True,
    )
    assertContains(response, f'<time datetime="{story.published_at.isoformat()}">')
    assertContains(
        response, f"<figcaption>{story.lead_photo.caption}. ({story.lead_photo.credit})</figcaption>"
    )
    assertContains(
        response,
        f'<p class="contributors"><a href="/authors/{contributors[0].slug}/">{contributors[0].name}</a> and '
        f'<a href="/authors/{contributors[1].slug}/">{contributors[1].name}</a> '
        "contributed to this report.</p>",
        html=True,
    )
    assertContains(
        response,
        '<p class="read-more">Read more: <a href="/topics/topic-0/" rel="tag">Topic 0</a>, '
        '<a href="/topics/topic-1/" rel="tag">Topic 1</a></p>',
        html=True,
    )
    assertContains(response, "<blockquote", count=2)
    assertContains(response, "Never miss breaking news")
    assertContains(response, '<meta name="description" content="What the vote means.">', html=True)
    assertContains(
        response, f'<link rel="canonical" href="http://testserver/stories/{story.slug}/">', html=True
    )
    assertContains(response, '<meta property="og:title"')
    assertContains(response, '<meta name="twitter:card" content="summary_large_image">', html=True)
    content = response.content.decode()
    # Body blocks in the editor's order.
    assert content.index("Paragraph 0.") < content.index("Quote 0") < content.index("Paragraph 1.")
    assert content.index("Paragraph 1.") < content.index("Quote 1")


def test_lead_photo_is_eager_inline_photos_lazy_with_sizes(client):
    story = make_full_story(1)

    content = client.get(story.get_absolute_url()).content.decode()

    lead, inline = content.split("<picture>")[1:3]
    assert 'fetchpriority="high"' in lead and 'loading="lazy"' not in lead
    assert 'loading="lazy"' in inline
    for picture in (lead, inline):
        assert '<source type="image/webp" srcset="' in picture
        assert " 160w, " in picture and " 320w" in picture
        assert 'width="320"' in picture and 'height="' in picture


def test_a_photo_without_renditions_keeps_its_space_and_never_serves_the_original(client):
    story = make_full_story(1)
    story.lead_photo.renditions.all().delete()

    content = client.get(story.get_absolute_url()).content.decode()

    assert story.lead_photo.image.url not in content
    assert f'viewBox="0 0 {story.lead_photo.width} {story.lead_photo.height}"' in content
    assert f'aria-label="{story.lead_photo.alt_text}"' in content
    assert "/static/reader/logo" in content.split('property="og:image" content="')[1].split('"')[0]


def test_desk_byline_without_authors(client):
    story = published(desk_byline="Agencies")

    assertContains(client.get(story.get_absolute_url()), '<p class="byline">By Agencies</p>', html=True)


def test_updated_time_only_when_later(client):
    story = published(published_at=timezone.now() - timedelta(days=1))
    Story.objects.filter(pk=story.pk).update(updated_at=story.published_at + timedelta(minutes=1))
    assertNotContains(client.get(story.get_absolute_url()), "Updated")

    Story.objects.filter(pk=story.pk).update(updated_at=story.published_at + timedelta(hours=3))
    content_changed()  # a bulk update sends no signal: code writing this way says so itself
    assertContains(client.get(story.get_absolute_url()), "Updated <time")


@pytest.mark.parametrize("make", [draft, scheduled], ids=["draft", "scheduled"])
def test_unpublished_stories_are_404_everywhere(client, make):
    author = factories.make_author()
    story = make(bylines=[author], tags=["Secret"], headline="Hidden scoop")
    published(section=story.section, tags=["Secret"], bylines=[author])

    pages = [
        story.get_absolute_url(),
        reverse("articles:home"),
        story.section.get_absolute_url(),
        reverse("articles:topic-detail", args=["secret"]),
        author.get_absolute_url(),
        reverse("articles:search") + "?q=Hidden",
        reverse("articles:feed", args=["rss"]),
        reverse("articles:section-feed", args=[story.section.slug, "atom"]),
        reverse("articles:topic-feed", args=["secret", "rss"]),
        reverse("articles:author-feed", args=[author.slug, "rss"]),
        "/sitemap-stories.xml",
        "/sitemap-news.xml",
    ]
    assert client.get(pages[0]).status_code == 404
    for page in pages[1:]:
        response = client.get(page)
        assert response.status_code == 200, page
        assert "Hidden scoop" not in response.content.decode(), page
        assert story.slug not in response.content.decode(), page


def test_related_stories_skip_unpublished(client):
    visible = published(headline="Visible follow-up")
    hidden = draft(headline="Unfinished follow-up")
    story = published(related=[hidden, visible])

    response = client.get(story.get_absolute_url())

    assertContains(response, "Visible follow-up")
    assertNotContains(response, "Unfinished follow-up")


def test_slug_change_answers_301(client):
    story = published(slug="old-name")
    story_change_slug(story=story, user=None, slug="new-name")

    response = client.get("/stories/old-name/")

    assert response.status_code == 301
    assert response["Location"] == "/stories/new-name/"
    assert client.get("/stories/new-name/").status_code == 200


def test_slug_changed_twice_and_back(client):
    story = published(slug="first")
    story_change_slug(story=story, user=None, slug="second")
    story_change_slug(story=story, user=None, slug="third")
    story_change_slug(story=story, user=None, slug="first")

    assert client.get("/stories/first/").status_code == 200
    assert client.get("/stories/second/")["Location"] == "/stories/first/"
    assert client.get("/stories/third/")["Location"] == "/stories/first/"


def test_old_slug_of_unpublished_story_is_404(client):
    story = published(slug="was-live")
    story_change_slug(story=story, user=None, slug="now-draft")
    Story.objects.filter(pk=story.pk).update(status=Story.Status.DRAFT)

    assert client.get("/stories/was-live/").status_code == 404


def admin_form_data(response):
    """The POST data the admin change form in `response` would submit unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data |= {management.add_prefix(name): management[name].value() for name in management.fields}
        forms += formset.forms
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None:
                continue
            if isinstance(value, list | tuple):
                value = [str(item) for item in value]
            key = form.add_prefix(name)
            if hasattr(field.widget, "decompress") and not isinstance(value, list):
                for index, part in enumerate(field.widget.decompress(value)):
                    data[f"{key}_{index}"] = "" if part is None else str(part)
            else:
                data[key] = value
    return data


def test_editor_changing_slug_in_admin_keeps_old_address(client, editor):
    story = published(slug="admin-old", published_at=timezone.now() - timedelta(hours=1))
    client.force_login(editor)
    change_url = reverse("admin:stories_story_change", args=[story.pk])
    data = admin_form_data(client.get(change_url))
    data["slug"] = "admin-new"

    response = client.post(change_url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert client.get("/stories/admin-old/")["Location"] == "/stories/admin-new/"


# Query counts: the same number of queries with one or ten of everything.

# Reader GETs run in no transaction (no ATOMIC_REQUESTS): every query counted is a SELECT.
STORY_PAGE_QUERIES = 2
# 1 the story with its section and lead photo, and as JSON columns of that row: the lead photo's
# renditions, bylines and contributors with their authors, topics, correction/update notes,
# published related stories with their sections, text blocks, quotes, inline photos with their
# photos and renditions (articles/json_rows.py); 2 the section navigation.


@pytest.mark.parametrize("count", [1, 10])
def test_story_page_queries_are_constant(client, uncached, django_assert_num_queries, count):
    story = make_full_story(count)

    with django_assert_num_queries(STORY_PAGE_QUERIES):
        response = client.get(story.get_absolute_url())

    assert response.status_code == 200
    # Everything the one story query carried is printed: blocks, photos with renditions, credits.
    assertContains(response, "<blockquote", count=count)
    assertContains(response, 'rel="author"', count=count)
    assertContains(response, 'class="inline-photo"', count=count)
    assertContains(response, 'rel="tag"', count=count)
    assertContains(response, "Paragraph", count=count)
    assert response.content.decode().count(".webp ") >= 2 * (count + 1)  # lead and inline srcsets
    assert len(response.context["story"].related_for_readers) == count
    assert len(response.context["story"].ordered_contributions) == count


# List pages: 1 the stories with sections, lead photos and (a JSON column) their renditions,
# 2 navigation; plus the page's own object (section, topic, or author with its portrait and the
# portrait's renditions as a JSON column). No count: section, topic and author pages fetch one
# story more than a page to know whether an older page exists (articles/reader/pagination.py);
# The search page's budget is asserted with its ranking, in tests/search.
LIST_PAGES = {
    "section": 3,
    "topic": 3,
    "author": 3,
}


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.parametrize("page", LIST_PAGES)
def test_list_page_queries_are_constant(client, uncached, django_assert_num_queries, count, page):
    section = factories.make_section()
    author = factories.make_author(portrait=factories.make_photo())
    stories = make_published_stories(count, section=section)
    for story in stories:
        story.bylines.update(author=author)
    url = {
        "section": section.get_absolute_url(),
        "topic": reverse("articles:topic-detail", args=["budget"]),
        "author": author.get_absolute_url(),
    }[page]

    with django_assert_num_queries(LIST_PAGES[page]):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["stories"]) == min(count, 20)


def test_list_pages_work_out_each_rendition_address_once(client, uncached, monkeypatch):
    # Storage.url() is a signer's work on S3; a rendition's name never changes, so neither does its address.
    section = factories.make_section()
    make_published_stories(3, section=section)
    storage = Rendition._meta.get_field("file").storage
    asked = []
    monkeypatch.setattr(storage, "url", lambda name, url=storage.url: asked.append(name) or url(name))

    first = client.get(section.get_absolute_url()).content.decode()
    names = list(asked)
    second = client.get(section.get_absolute_url()).content.decode()

    assert second == first
    whole_pictures = Rendition.objects.filter(crop="").values_list("file", flat=True)
    assert sorted(names) == sorted(whole_pictures)  # each card's renditions, each once
    assert asked == names  # the second page asked for none
    assert all(f"{storage.url(name)} " in first for name in names)


@pytest.mark.parametrize("count", [5, 50])
def test_home_page_queries_are_constant(client, uncached, django_assert_num_queries, count):
    sections = [factories.make_section() for _ in range(3)]
    for number in range(count):
        make_published_stories(1, section=sections[number % 3])

    # 1 latest stories per section (index-backed, per section) with lead photos and their renditions,
    # 2 navigation.
    with django_assert_num_queries(2):
        response = client.get("/")

    assert response.status_code == 200
    assertContains(response, "Never miss breaking news")


def test_home_groups_latest_stories_by_section(client):
    news, sport = factories.make_section(name="News"), factories.make_section(name="Sport")
    older = published(
        section=sport, headline="Cup final tonight", published_at=timezone.now() - timedelta(hours=5)
    )
    lead = published(section=news, headline="Budget passes", published_at=timezone.now() - timedelta(hours=1))
    scheduled(section=news, headline="Not yet")

    response = client.get("/")

    assert response.context["lead"] == lead
    assert response.context["sections_with_stories"] == [(sport, [older])]
    assertContains(response, "card card-lead", count=1)
    assertNotContains(response, "Not yet")


def test_pagination(client):
    section = factories.make_section()
    make_published_stories(25, section=section)

    first = client.get(section.get_absolute_url())
    second = client.get(section.get_absolute_url() + "?page=2")

    assert len(first.context["stories"]) == 20
    assert len(second.context["stories"]) == 5
    assertContains(first, 'rel="next" href="?page=2"')
    assert client.get(section.get_absolute_url() + "?page=9").status_code == 404


def test_author_page_shows_bio_portrait_and_stories(client):
    author = factories.make_author(name="Jane Doe", bio="Covers city hall.", portrait=factories.make_photo())
    story = published(bylines=[author], headline="Mayor resigns")

    response = client.get(author.get_absolute_url())

    assertContains(response, "<h1>Jane Doe</h1>", html=True)
    assertContains(response, "Covers city hall.")
    assertContains(response, author.portrait.alt_text)
    assertContains(response, story.get_absolute_url())


def test_topic_page_lists_tagged_stories(client):
    tagged = published(tags=["Elections"], headline="Polls open")
    published(headline="Weather")

    response = client.get(reverse("articles:topic-detail", args=["elections"]))

    assertContains(response, "Polls open")
    assertNotContains(response, "Weather")
    assert Tag.objects.get(slug="elections").name == "Elections"
    assert tagged in response.context["stories"]


def test_search_finds_headline_deck_and_body(client):
    by_body = published(headline="Quiet day")
    factories.add_text(by_body, "<p>The zeppelin landed.</p>")
    published(headline="Zeppelin spotted")
    published(headline="Nothing to see")

    response = client.get(reverse("articles:search"), {"q": "zeppelin"})

    assert {story.headline for story in response.context["stories"]} == {"Quiet day", "Zeppelin spotted"}
    assertContains(response, "2 stories found.")


def test_search_without_words_lists_nothing(client):
    published()
    response = client.get(reverse("articles:search"))
    assert response.status_code == 200
    assert list(response.context["stories"]) == []


def test_unknown_pages_are_friendly_404(client):
    for url in ("/stories/nope/", "/sections/nope/", "/topics/nope/", "/authors/nope/", "/nope/"):
        response = client.get(url)
        assert response.status_code == 404
        assertContains(response, "We couldn't find that page", status_code=404)


def test_500_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html


def test_robots_txt_names_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Sitemap: http://testserver/sitemap-news.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_static_files_are_served_by_whitenoise(settings):
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE


def test_photos_whose_licence_ran_out_are_not_shown(client):
    expired = timezone.localdate() - timedelta(days=1)
    story = make_full_story(1)
    lead = story.lead_photo
    inline = story.stories_inlinephoto_set.get().photo
    type(lead).objects.filter(pk__in=[lead.pk, inline.pk]).update(usable_until=expired)

    response = client.get(story.get_absolute_url())

    assertNotContains(response, "<picture>")
    assertNotContains(response, lead.alt_text)
    assertNotContains(response, inline.alt_text)
    assertNotContains(response, '"image"')
    feed = client.get(reverse("articles:feed", args=["rss"])).content.decode()
    assert "media:content" not in feed.split(story.headline)[1].split("</item>")[0]


def test_link_preview_image_is_the_1200_wide_rendition(client, settings):
    settings.PHOTO_RENDITION_WIDTHS = [480, 1200]
    settings.PHOTO_RENDITION_CROPS = {}
    story = published(lead_photo=factories.make_photo(image=factories.image_upload(width=1600, height=1000)))

    response = client.get(story.get_absolute_url())

    rendition = story.lead_photo.renditions.get(format="jpeg", width=1200, crop="")
    url = f"http://testserver{rendition.file.url}"
    assertContains(response, f'<meta property="og:image" content="{url}">', html=True)
    assertContains(response, f'<meta name="twitter:image" content="{url}">', html=True)


def test_every_rendition_made_by_default_is_printed_by_a_page(client, settings):
    """The production rendition settings make only what the pages use: nothing resized for nobody."""
    from newsroom import settings as project_settings

    for name in ("WIDTHS", "FORMATS", "CROPS", "CROP_WIDTHS", "CROP_FORMATS"):
        setattr(settings, f"PHOTO_RENDITION_{name}", getattr(project_settings, f"PHOTO_RENDITION_{name}"))
    story = published(lead_photo=factories.make_photo(image=factories.image_upload(width=1800, height=1200)))

    pages = "".join(
        client.get(url).content.decode()
        for url in (reverse("articles:home"), story.get_absolute_url(), story.section.get_absolute_url())
    )

    renditions = list(story.lead_photo.renditions.all())
    assert len(renditions) == 9  # four widths in WebP and JPEG, and the link-preview JPEG
    unused = [(r.crop, r.format, r.width) for r in renditions if r.file.url not in pages]
    assert unused == []


def test_link_preview_prefers_the_social_crop(client, settings):
    settings.PHOTO_RENDITION_CROPS = {"social": (40, 21)}
    settings.PHOTO_RENDITION_CROP_WIDTHS = {"social": [1200]}
    story = published(lead_photo=factories.make_photo(image=factories.image_upload(width=1600, height=1000)))

    response = client.get(story.get_absolute_url())

    social = story.lead_photo.renditions.get(format="jpeg", crop="social")
    assert (social.width, social.height) == (1200, 630)
    assertContains(
        response, f'<meta property="og:image" content="http://testserver{social.file.url}">', html=True
    )
