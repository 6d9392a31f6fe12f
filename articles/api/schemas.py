"""The API's request and response shapes, as pydantic models: they generate the OpenAPI schema.

ninjs models carry the 3.1 property names (camelCase) and only the properties Newsroom uses;
`None` fields are left out of responses (the routes set exclude_none), as ninjs has no nulls.
"""

from __future__ import annotations

from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field, field_validator


class Problem(Schema):
    """Every refusal: a sentence for people, a code for programs."""

    error: str
    code: str
    problems: list[str] = []


# ---- ninjs 3.1, as Newsroom writes it ----


class NinjsStandard(Schema):
    name: str
    version: str
    schema_: str = Field(alias="schema")

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class NinjsText(Schema):
    role: str | None = None
    contentType: str | None = None
    value: str


class NinjsBody(NinjsText):
    charCount: int | None = None
    wordCount: int | None = None


class NinjsEntity(Schema):
    """A person, subject or info source: ninjs's name / rel (role) / uri / literal objects."""

    name: str | None = None
    rel: str | None = None
    role: str | None = None
    uri: str | None = None
    literal: str | None = None


class NinjsRendition(Schema):
    name: str
    href: str | None = None
    contentType: str | None = None
    title: str | None = None
    width: int | None = None
    height: int | None = None


class NinjsDigitalSourceType(Schema):
    name: str | None = None
    uri: str | None = None


class NinjsAssociation(Schema):
    name: str
    rel: str | None = None
    uri: str
    type: str | None = None
    headlines: list[NinjsText] | None = None
    descriptions: list[NinjsText] | None = None
    by: str | None = None
    people: list[NinjsEntity] | None = None
    infoSources: list[NinjsEntity] | None = None
    copyrightNotice: str | None = None
    usageTerms: str | None = None
    digitalSourceType: NinjsDigitalSourceType | None = None
    renditions: list[NinjsRendition] | None = None


class NinjsStory(Schema):
    standard: NinjsStandard
    uri: str
    type: str
    representationType: str
    version: str
    firstCreated: str | None = None
    versionCreated: str
    pubStatus: str
    language: str
    slugline: str
    headlines: list[NinjsText]
    descriptions: list[NinjsText] | None = None
    bodies: list[NinjsBody]
    by: str
    people: list[NinjsEntity] | None = None
    subjects: list[NinjsEntity]
    renditions: list[NinjsRendition]
    associations: list[NinjsAssociation] | None = None


class NinjsPage(Schema):
    items: list[NinjsStory]
    next: str | None = None


# ---- plain JSON ----


class RenditionOut(Schema):
    url: str
    width: int
    height: int
    format: str
    crop: str


class PhotoOut(Schema):
    id: int
    caption: str
    credit: str
    caption_with_credit: str
    alt_text: str
    decorative: bool
    photographer: str
    source: str
    copyright_notice: str
    usable_until: str | None
    width: int
    height: int
    renditions: list[RenditionOut]


class SectionOut(Schema):
    slug: str
    name: str
    description: str
    url: str


class AuthorOut(Schema):
    slug: str
    name: str
    job_title: str
    bio: str
    url: str
    portrait: PhotoOut | None


class TopicOut(Schema):
    slug: str
    name: str
    url: str


class CreditOut(Schema):
    slug: str
    name: str


class BodyBlockOut(Schema):
    type: Literal["text", "quote", "photo"]
    html: str | None = None
    quote: str | None = None
    attribution: str | None = None
    photo: PhotoOut | None = None


class StoryOut(Schema):
    id: int
    slug: str
    url: str
    kicker: str
    headline: str
    deck: str
    section: SectionOut
    byline: str
    authors: list[CreditOut]
    contributors: list[CreditOut]
    topics: list[CreditOut]
    published_at: str | None
    updated_at: str
    lead_photo: PhotoOut | None
    body: list[BodyBlockOut]


class StoryPage(Schema):
    items: list[StoryOut]
    next: str | None = None


class SectionList(Schema):
    items: list[SectionOut]


class AuthorPage(Schema):
    items: list[AuthorOut]
    next: str | None = None


class TopicPage(Schema):
    items: list[TopicOut]
    next: str | None = None


# ---- wire ingest: a ninjs item coming in ----


class ItemText(Schema):
    model_config = ConfigDict(extra="ignore")
    role: str | None = None
    contentType: str | None = None
    value: str = Field(max_length=100_000)


class ItemEntity(Schema):
    model_config = ConfigDict(extra="ignore")
    name: str | None = Field(default=None, max_length=200)
    rel: str | None = None
    role: str | None = None
    uri: str | None = None
    literal: str | None = Field(default=None, max_length=200)


class ItemRendition(Schema):
    model_config = ConfigDict(extra="ignore")
    name: str
    href: str | None = None
    contentType: str | None = None
    title: str | None = Field(default=None, max_length=255)


class ItemAssociation(Schema):
    model_config = ConfigDict(extra="ignore")
    name: str = Field(min_length=1, max_length=100)
    rel: str | None = None
    uri: str = Field(min_length=1, max_length=500)
    type: str | None = None
    headlines: list[ItemText] = []
    descriptions: list[ItemText] = []
    by: str | None = Field(default=None, max_length=200)
    people: list[ItemEntity] = []
    infoSources: list[ItemEntity] = []
    copyrightNotice: str | None = Field(default=None, max_length=300)
    renditions: list[ItemRendition] = []


def holds_nul(value) -> bool:
    """True when any text in `value` (a dump of an item) holds a NUL, which PostgreSQL cannot store."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(holds_nul(item) for item in value)
    return False


class NinjsItemIn(Schema):
    """A ninjs 3.1 text item sent by a partner. Properties Newsroom does not use are accepted and ignored."""

    model_config = ConfigDict(extra="ignore")
    uri: str = Field(min_length=1, max_length=500)
    version: int = Field(
        ge=1, le=2_147_483_647, description="A whole number that grows with every version of the item."
    )
    type: str | None = None
    firstCreated: str | None = None
    slugline: str | None = Field(default=None, max_length=200)
    headlines: list[ItemText] = Field(min_length=1)
    descriptions: list[ItemText] = []
    bodies: list[ItemText] = []
    by: str | None = Field(default=None, max_length=200)
    people: list[ItemEntity] = []
    subjects: list[ItemEntity] = []
    associations: list[ItemAssociation] = []

    @field_validator("version", mode="before")
    @classmethod
    def _version_number(cls, value):
        # ninjs carries the version as a string; Newsroom needs it to be a whole number to order versions.
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError('version must be a whole number from 1 up, such as "1" or "2"')
        return value


class IngestResultOut(Schema):
    status: Literal["created", "revised", "unchanged", "published"]
    uri: str
    version: int
    story_id: int
    story_status: str
    admin_url: str
    message: str


class PublishIn(Schema):
    uri: str = Field(min_length=1, max_length=500, pattern=r"^[^\x00]*$")
