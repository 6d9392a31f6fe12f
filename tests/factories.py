"""Tiny factories: plain functions that fill deterministic defaults.

Each takes keyword overrides; unique fields come from a counter so tests can
make as many objects as they need. Photos enter the library through the ingest
service, as every upload does, and every picture they draw is a different one.
"""

import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from articles.photos.models import Photo
from articles.photos.renditions import photo_create_renditions
from articles.photos.services import photo_ingest
from articles.search.services import story_document_refresh
from articles.stories.models import (
    Author,
    Byline,
    Contribution,
    InlinePhoto,
    Quote,
    RelatedStory,
    RichText,
    Section,
    Story,
)
from articles.workflow.revisions import story_revision_create

_counter = itertools.count(1)

PASSWORD = "correct-horse-battery-staple"


def make_user(**overrides):
    number = next(_counter)
    fields = {"username": f"user{number}", "email": f"user{number}@example.org"} | overrides
    return get_user_model().objects.create_user(password=PASSWORD, **fields)


def image_bytes(*, width=640, height=427, color=None, image_format="JPEG", mode="RGB") -> bytes:
    """A real image file made with Pillow: a picture of its own for each call (a colour field with
    shapes placed by a counter, so no two look alike), or a plain field of `color` when one is given."""
    number = next(_counter)
    if color is not None:
        image = Image.new(mode, (width, height), color)
    else:
        image = Image.new(
            "RGB", (width, height), ((number * 53) % 256, (number * 97) % 256, (number * 151) % 256)
        )
        draw = ImageDraw.Draw(image)
        # Bits of the number pick which cells of a 4×4 grid are dark: distinct layouts, distinct hashes.
        for cell in range(16):
            if (number * 2654435761 >> cell) & 1:
                x, y = (cell % 4) * width // 4, (cell // 4) * height // 4
                draw.rectangle((x, y, x + width // 4, y + height // 4), fill=(20, 20, 20))
        image = image.convert(mode)
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    return buffer.getvalue()


def image_upload(name="photo.jpg", **image_options) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(**image_options), content_type="image/jpeg")


def make_photo(*, renditions=True, image=None, uploaded_by=None, **overrides) -> Photo:
    """A described library photo, ingested like an upload; with `renditions`, its resized copies are
    made at once (the ingest's task runs only after a commit, which tests do not make)."""
    number = next(_counter)
    fields = {
        "caption": f"Demonstrators gather outside city hall, number {number}",
        "credit": f"Photographer {number}/Agency",
        "alt_text": f"A crowd holding banners in front of a stone building ({number})",
        "photographer": f"Photographer {number}",
        "source": "Agency",
    } | overrides
    result = photo_ingest(
        file=image or image_upload(f"photo-{number}.jpg"),
        uploaded_by=None,
        allow_similar=True,
        photo=Photo(**fields),
    )
    photo = result.photo
    # What a test asks for is kept exactly, even where ingest would fill a blank (the house credit).
    asked = {**overrides, "uploaded_by": uploaded_by}
    changed = [name for name, value in asked.items() if getattr(photo, name) != value]
    for name in changed:
        setattr(photo, name, asked[name])
    if changed:
        photo.save(update_fields=changed)
    if renditions:
        photo_create_renditions(photo=photo)
    return photo


def make_section(**overrides) -> Section:
    number = next(_counter)
    fields = {"name": f"Section {number}", "slug": f"section-{number}"} | overrides
    return Section.objects.create(**fields)


def make_author(**overrides) -> Author:
    number = next(_counter)
    fields = {"name": f"Author {number}", "slug": f"author-{number}", "job_title": "Reporter"} | overrides
    return Author.objects.create(**fields)


def make_story(
    *, bylines=(), contributors=(), tags=(), related=(), with_revision=False, **overrides
) -> Story:
    """A story; `bylines`, `contributors` and `related` are lists, stored in the order given.

    Without `with_revision` it is a row as an import or an older release left it, with no
    revision yet; with it, revision 1 is recorded as `story_create` does. A story given no
    bylines gets the desk byline "Staff" (unless `desk_byline` says otherwise), as publishing
    needs one or the other.
    """
    number = next(_counter)
    fields = {
        "headline": f"Council approves budget {number}",
        "deck": "The vote ends months of debate over school funding.",
        "slug": f"council-approves-budget-{number}",
        "desk_byline": "" if bylines else "Staff",
    } | overrides
    if "section" not in fields:
        fields["section"] = make_section()
    if fields.get("status") == Story.Status.PUBLISHED and "published_at" not in fields:
        fields["published_at"] = timezone.now()
    story = Story.objects.create(**fields)
    for position, author in enumerate(bylines, start=1):
        Byline.objects.create(story=story, author=author, position=position)
    for position, author in enumerate(contributors, start=1):
        Contribution.objects.create(story=story, author=author, position=position)
    for position, other in enumerate(related, start=1):
        RelatedStory.objects.create(story=story, related=other, position=position)
    if tags:
        story.tags.add(*tags)
    story_document_refresh(story=story)  # searchable, as after the services or rebuild_search_index
    if with_revision:
        story_revision_create(story=story, user=None, comment="Created")
    return story


def add_text(story, html, ordering=10) -> RichText:
    block = RichText.objects.create(parent=story, region="body", ordering=ordering, text=html)
    story_document_refresh(story=story)
    return block


def add_quote(story, quote="We will not back down.", attribution="Union spokeswoman", ordering=20) -> Quote:
    block = Quote.objects.create(
        parent=story, region="body", ordering=ordering, quote=quote, attribution=attribution
    )
    story_document_refresh(story=story)
    return block


def add_inline_photo(story, photo=None, ordering=30, caption="") -> InlinePhoto:
    return InlinePhoto.objects.create(
        parent=story, region="body", ordering=ordering, photo=photo or make_photo(), caption=caption
    )


def make_full_story(count, **overrides) -> Story:
    """A published story with `count` of each: bylines, contributors, topics, related stories, body blocks."""
    section = make_section()
    related = [make_story(section=section, status=Story.Status.PUBLISHED) for _ in range(count)]
    story = make_story(
        section=section,
        status=Story.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
        lead_photo=make_photo(),
        bylines=[make_author() for _ in range(count)],
        contributors=[make_author() for _ in range(count)],
        tags=[f"Topic {number}" for number in range(count)],
        related=related,
        **overrides,
    )
    for number in range(count):
        add_text(story, f"<p>Paragraph {number}.</p>", ordering=30 * number + 10)
        add_quote(story, quote=f"Quote {number}", ordering=30 * number + 20)
        add_inline_photo(story, ordering=30 * number + 30)
    return story


def make_published_stories(count, **overrides) -> list[Story]:
    stories = []
    for number in range(count):
        fields = {
            "status": Story.Status.PUBLISHED,
            "published_at": timezone.now() - timedelta(minutes=number + 1),
            "lead_photo": make_photo(),
            "bylines": [make_author()],
            "tags": ["Budget"],
        } | overrides
        stories.append(make_story(**fields))
    return stories
