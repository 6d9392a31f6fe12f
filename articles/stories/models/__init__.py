"""The newsroom's content: sections, authors, stories with their credits, body blocks and old addresses."""

from articles.stories.models.authors import Author, AuthorQuerySet
from articles.stories.models.blocks import BODY_BLOCKS, InlinePhoto, Quote, RichText
from articles.stories.models.credits import Byline, Contribution, RelatedStory
from articles.stories.models.redirects import StorySlugRedirect
from articles.stories.models.sections import Section
from articles.stories.models.stories import Story, StoryQuerySet, photos_used_in_stories

__all__ = [
    "BODY_BLOCKS",
    "Author",
    "AuthorQuerySet",
    "Byline",
    "Contribution",
    "InlinePhoto",
    "Quote",
    "RelatedStory",
    "RichText",
    "Section",
    "Story",
    "StoryQuerySet",
    "StorySlugRedirect",
    "photos_used_in_stories",
]
