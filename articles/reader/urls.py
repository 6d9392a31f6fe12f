from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter
from django.urls.converters import StringConverter

from articles.reader import feeds, views
from articles.reader.sitemaps import SITEMAPS, news_sitemap
from articles.stories.topics import TOPIC_SLUG_REGEX


class FeedFormatConverter:
    regex = "rss|atom"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class TopicSlugConverter(StringConverter):
    """Topic slugs keep the name's script ("élections", "北京"), unlike story and section slugs."""

    regex = TOPIC_SLUG_REGEX


register_converter(FeedFormatConverter, "feed")
register_converter(TopicSlugConverter, "topic")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("stories/<slug:slug>/", views.StoryDetailView.as_view(), name="story-detail"),
    path("preview/<str:signed_token>/", views.StoryPreviewView.as_view(), name="story-preview"),
    path("sections/<slug:slug>/", views.SectionDetailView.as_view(), name="section-detail"),
    path("topics/<topic:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author-detail"),
    # Feeds: RSS 2.0 or Atom, for the site and for each section, topic and author.
    path("feeds/<feed:feed_format>/", feeds.StoryFeed(), name="feed"),
    path("sections/<slug:slug>/<feed:feed_format>/", feeds.SectionFeed(), name="section-feed"),
    path("topics/<topic:slug>/<feed:feed_format>/", feeds.TopicFeed(), name="topic-feed"),
    path("authors/<slug:slug>/<feed:feed_format>/", feeds.AuthorFeed(), name="author-feed"),
    # Search engines.
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap-section"},
        name="sitemap-index",
    ),
    path("sitemap-news.xml", news_sitemap, name="sitemap-news"),
    path(
        "sitemap-<str:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
