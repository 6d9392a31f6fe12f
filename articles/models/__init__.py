from articles.models.author import Author
from articles.models.body import BODY_BLOCKS, InlinePhoto, Quote, RichText
from articles.models.photo import Photo, caption_with_credit
from articles.models.rendition import Rendition
from articles.models.section import Section
from articles.models.story import Byline, Contribution, RelatedStory, Story

__all__ = [
    "BODY_BLOCKS",
    "Author",
    "Byline",
    "Contribution",
    "InlinePhoto",
    "Photo",
    "Quote",
    "RelatedStory",
    "Rendition",
    "RichText",
    "Section",
    "Story",
    "caption_with_credit",
]
