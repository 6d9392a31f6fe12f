"""Tiny factories: plain functions that fill deterministic defaults.

Each takes keyword overrides; unique fields come from a counter so tests can
make as many objects as they need.
"""

import io
import itertools

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import (
    Author,
    Byline,
    Contribution,
    InlinePhoto,
    Photo,
    Quote,
    RelatedStory,
    RichText,
    Section,
    Story,
)
from articles.renditions import photo_create_renditions

_counter = itertools.count(1)

PASSWORD = "correct-horse-battery-staple"


def make_user(**overrides):
    number = next(_counter)
    fields = {"username": f"user{number}", "email": f"user{number}@example.org"} | overrides
    return get_user_model().objects.create_user(password=PASSWORD, **fields)


def image_bytes(*, width=640, height=427, color=None, image_format="JPEG", mode="RGB") -> bytes:
    """A real image file made with Pillow; each call gets a distinct colour unless one is given."""
    number = next(_counter)
    color = color or ((number * 53) % 256, (number * 97) % 256, (number * 151) % 256)
    buffer = io.BytesIO()
    Image.new(mode, (width, height), color).save(buffer, format=image_format)
    return buffer.getvalue()


def image_upload(name="photo.jpg", **image_options) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(**image_options), content_type="image/jpeg")


def make_photo(*, renditions=True, **overrides) -> Photo:
    """A library photo; with `renditions`, its resized copies are made too, as after an upload."""
    number = next(_counter)
    fields = {
        "caption": f"Demonstrators gather outside city hall, number {number}",
        "credit": f"Photographer {number}/Agency",
        "alt_text": f"A crowd holding banners in front of a stone building ({number})",
        "photographer": f"Photographer {number}",
        "source": "Agency",
    } | overrides
    fields.setdefault("image", image_upload(f"photo-{number}.jpg"))
    photo = Photo(**fields)
    photo.save()
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


def make_story(*, bylines=(), contributors=(), tags=(), related=(), **overrides) -> Story:
    """A story; `bylines`, `contributors` and `related` are lists, stored in the order given."""
    number = next(_counter)
    fields = {
        "headline": f"Council approves budget {number}",
        "deck": "The vote ends months of debate over school funding.",
        "slug": f"council-approves-budget-{number}",
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
    return story


def add_text(story, html, ordering=10) -> RichText:
    return RichText.objects.create(parent=story, region="body", ordering=ordering, text=html)


def add_quote(story, quote="We will not back down.", attribution="Union spokeswoman", ordering=20) -> Quote:
    return Quote.objects.create(
        parent=story, region="body", ordering=ordering, quote=quote, attribution=attribution
    )


def add_inline_photo(story, photo=None, ordering=30, caption="") -> InlinePhoto:
    return InlinePhoto.objects.create(
        parent=story, region="body", ordering=ordering, photo=photo or make_photo(), caption=caption
    )
