"""The author and topic admins, extended so that renames reach the search documents.

A story's document holds its authors' names and its topics' names, so renaming an author or a
topic (or merging topics, or changing a topic's stories) refreshes the documents of the stories
concerned. Registered here in place of the stories app's AuthorAdmin and taggit's TagAdmin, as
workflow/photo_admin.py extends PhotoAdmin, so neither stories nor taggit depends on search.
"""

from django.contrib import admin
from taggit.admin import TagAdmin
from taggit.models import Tag

from articles.search.services import author_documents_refresh, search_documents_refresh
from articles.stories.admin import AuthorAdmin
from articles.stories.models import Author, Story


def _tagged_story_ids(tag_ids) -> set[int]:
    return set(Story.objects.filter(tags__in=tag_ids).values_list("pk", flat=True))


class SearchedAuthorAdmin(AuthorAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            author_documents_refresh(author=obj)


class SearchedTagAdmin(TagAdmin):
    def save_related(self, request, form, formsets, change):
        # The stories tagged before and after: the inline can add and remove a topic's stories.
        before = _tagged_story_ids([form.instance.pk]) if change else set()
        super().save_related(request, form, formsets, change)
        if form.has_changed() or any(formset.has_changed() for formset in formsets):
            search_documents_refresh(story_ids=before | _tagged_story_ids([form.instance.pk]))

    def merge_tags_view(self, request):
        merged = [pk for pk in request.session.get("selected_tag_ids", "").split(",") if pk.isdecimal()]
        before = _tagged_story_ids(merged) if request.method == "POST" else set()
        response = super().merge_tags_view(request)
        if before:
            search_documents_refresh(story_ids=before)
        return response


admin.site.unregister(Author)
admin.site.register(Author, SearchedAuthorAdmin)
admin.site.unregister(Tag)
admin.site.register(Tag, SearchedTagAdmin)
