"""Reader pages: thin generic views, each starting from Story.objects.published()."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from articles.alerts.forms import AlertsSignupForm
from articles.client_address import client_address
from articles.fronts.composition import front_compose
from articles.fronts.models import with_front
from articles.reader.front_pagination import FrontPaginator
from articles.reader.pagination import UncountedPaginator
from articles.reader.structured_data import story_json_ld
from articles.search.highlight import stories_mark_matches
from articles.search.matching import (
    NEWEST_MATCHES,
    SEARCH_ORDERING,
    newest_matches,
    stories_among,
    stories_ranked,
)
from articles.search.query import search_query
from articles.stories.models import Author, Section, Story, StorySlugRedirect
from articles.workflow.previews import preview_link_from_signature, preview_link_log_opening

# Home page: this many latest stories of each section, under the lead story.
STORIES_PER_SECTION = 4


class PublishedStoriesMixin:
    """Every story list: published stories only, newest first, paginated, with what the cards need."""

    context_object_name = "stories"

    def get_paginate_by(self, queryset):
        return settings.READER_STORIES_PER_PAGE

    def get_queryset(self):
        return Story.objects.published().for_listing().order_by("-published_at", "-pk")


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        # The editors' live arrangement (articles/fronts) first, then each section's latest stories.
        now = timezone.now()
        latest = Story.objects.published(now=now).latest_per_section(STORIES_PER_SECTION)
        front = front_compose(with_front(latest, section=None, now=now).for_listing())
        lead = front.top[0] if front.top else None
        by_section = {}
        for story in front.rest:
            by_section.setdefault(story.section, []).append(story)
        sections = sorted(by_section.items(), key=lambda item: (item[0].position, item[0].name))
        return super().get_context_data(
            lead=lead,
            top_stories=front.top[1:],
            sections_with_stories=sections,
            alerts_form=AlertsSignupForm(),
            **kwargs,
        )


class StoryDetailView(DetailView):
    context_object_name = "story"
    template_name = "articles/story_detail.html"

    def get_queryset(self):
        # for_detail() first: its plain form is built once per process (see its docstring).
        return Story.objects.for_detail().published()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # An old address of a story whose slug changed: send readers (and search engines) on.
            redirect = (
                StorySlugRedirect.objects.filter(old_slug=kwargs["slug"], story__in=Story.objects.published())
                .select_related("story")
                .first()
            )
            if redirect is not None:
                return HttpResponsePermanentRedirect(redirect.story.get_absolute_url())
            # A story the newsroom took down is gone for good, which is not the same as never there.
            if Story.objects.unpublished().filter(slug=kwargs["slug"]).exists():
                return render(request, "articles/story_gone.html", status=410)
            raise

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            json_ld=story_json_ld(self.object, self.request), alerts_form=AlertsSignupForm(), **kwargs
        )


@method_decorator(never_cache, name="dispatch")
class StoryPreviewView(StoryDetailView):
    """A draft or scheduled story exactly as its page will be, for holders of a valid preview link.

    Bad signature or unknown link: 404. Expired or revoked: 403. Every opening is logged;
    the page says "Preview", is never cached and asks search engines not to index it.
    """

    def get(self, request, *args, **kwargs):
        response = DetailView.get(self, request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_object(self, queryset=None):
        link = preview_link_from_signature(self.kwargs["signed_token"])
        if link is None:
            raise Http404("No such preview.")
        if not link.is_active():
            raise PermissionDenied(
                "This preview link has expired or was revoked. Ask the newsroom for a new one."
            )
        preview_link_log_opening(
            link=link,
            ip_address=client_address(self.request) or None,
            user_agent=self.request.headers.get("user-agent", ""),
        )
        story = Story.objects.for_detail().get(pk=link.story_id)
        if story.published_at is None:
            # A draft has no publication time yet; show the page as if it went out now.
            story.published_at = timezone.now()
        return story

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)


class SectionDetailView(PublishedStoriesMixin, ListView):
    """A section's front: its editors' top slots on the first page, then its stories newest first."""

    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_paginator(self, queryset, per_page, **kwargs):
        return FrontPaginator(queryset, per_page, section=self.section, now=timezone.now())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(section=self.section, **kwargs)
        return {**context, "top_stories": context["page_obj"].top_stories}


class TopicDetailView(PublishedStoriesMixin, ListView):
    template_name = "articles/topic_detail.html"
    paginator_class = UncountedPaginator

    def get_queryset(self):
        self.topic = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().tagged(self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)


class AuthorDetailView(PublishedStoriesMixin, ListView):
    template_name = "articles/author_detail.html"
    paginator_class = UncountedPaginator

    def get_queryset(self):
        self.author = get_object_or_404(Author.objects.with_portrait(), slug=self.kwargs["slug"])
        # Bylined and contributed stories together, newest first; cards label the contributions.
        return super().get_queryset().credited_to(self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class SearchView(PublishedStoriesMixin, ListView):
    """Published stories matching the reader's words (articles.search), best match first, then newest."""

    template_name = "articles/search.html"
    ordering = SEARCH_ORDERING

    def get_queryset(self):
        self.search = search_query(self.request.GET.get("q", ""))
        stories = super().get_queryset()
        self.newest = newest_matches(stories, self.search, NEWEST_MATCHES)
        return stories_ranked(stories_among(stories, self.newest), self.search).order_by(*self.get_ordering())

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = len(self.newest)  # known already: no counting query
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            query=self.search.text, search=self.search, newest_matches=NEWEST_MATCHES, **kwargs
        )
        stories_mark_matches(context["stories"], self.search)
        return context


def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")
