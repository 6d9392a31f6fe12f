from articles.models.author import Author
from articles.models.body import BODY_BLOCKS, InlinePhoto, Quote, RichText
from articles.models.photo import Photo, caption_with_credit
from articles.models.redirect import StorySlugRedirect
from articles.models.rendition import Rendition
from articles.models.section import Section
from articles.models.story import Byline, Contribution, RelatedStory, Story
from articles.models.subscriber import Subscriber
from articles.models.workflow import AuditEntry, PreviewLink, PreviewOpening, StoryNote, StoryRevision

__all__ = [
    "BODY_BLOCKS",
    "AuditEntry",
    "Author",
    "Byline",
    "Contribution",
    "InlinePhoto",
    "Photo",
    "PreviewLink",
    "PreviewOpening",
    "Quote",
    "RelatedStory",
    "Rendition",
    "RichText",
    "Section",
    "Story",
    "StoryNote",
    "StoryRevision",
    "StorySlugRedirect",
    "Subscriber",
    "caption_with_credit",
]
