"""Sitemaps of everything readers can reach, and the Google News sitemap of the last two days."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.stories.models import Author, Section, Story


class StorySitemap(Sitemap):
    limit = 1000  # per page of the sitemap; the index lists every page
    changefreq = "hourly"
    priority = 0.8

    def items(self):
        return (
            Story.objects.published()
            .only("slug", "published_at", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, story):
        return max(story.updated_at, story.published_at)


class SectionSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        newest = Story.objects.published().filter(section=OuterRef("pk")).order_by("-published_at")
        return Section.objects.annotate(latest=Subquery(newest.values("published_at")[:1])).order_by(
            "position", "name"
        )

    def lastmod(self, section):
        return section.latest


class TopicSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        tagged_published = TaggedItem.objects.filter(
            tag=OuterRef("pk"),
            content_type__app_label="stories",
            content_type__model="story",
            object_id__in=Story.objects.published().values("pk"),
        )
        # A topic stored with an empty slug (a name without letters, from an import) has no page.
        return Tag.objects.filter(Exists(tagged_published)).exclude(slug="").order_by("name")

    def location(self, topic):
        return reverse("articles:topic-detail", kwargs={"slug": topic.slug})


class AuthorSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        return Author.objects.filter(
            Exists(Story.objects.published().filter(bylines__author=OuterRef("pk")))
        ).order_by("name")


SITEMAPS = {
    "stories": StorySitemap,
    "sections": SectionSitemap,
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
}


def news_sitemap(request):
    """Google News sitemap: stories published in the last NEWS_SITEMAP_HOURS hours (at most 1000)."""
    since = timezone.now() - timedelta(hours=settings.NEWS_SITEMAP_HOURS)
    stories = (
        Story.objects.published()
        .filter(published_at__gte=since)
        .with_topics()
        .order_by("-published_at", "-pk")[:1000]
    )
    return render(
        request,
        "articles/sitemap_news.xml",
        {"stories": stories, "publication_name": settings.NEWSROOM_NAME},
        content_type="application/xml; charset=utf-8",
    )
