from content_editor.admin import ContentEditor, ContentEditorInline
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.admin.base import PhotoChooserMixin, PositionedInline, RefusalStatusMixin
from articles.admin.workflow import (
    AuditEntryInline,
    InlinePhotoFormSet,
    StoryAdminForm,
    StoryNoteInline,
    StoryWorkflowAdminMixin,
)
from articles.models import Byline, Contribution, InlinePhoto, Quote, RelatedStory, RichText, Story, StoryNote
from articles.services import (
    story_note_record,
    story_publish,
    story_record_admin_save,
    story_record_slug_change,
    story_submit,
    story_unpublish,
    user_can_publish,
)


class BylineInline(PositionedInline):
    model = Byline
    fields = ("author", "position")
    autocomplete_fields = ("author",)
    verbose_name = _("byline")
    verbose_name_plural = _("Bylines, in the order they are printed")


class ContributionInline(PositionedInline):
    model = Contribution
    fields = ("author", "position")
    autocomplete_fields = ("author",)
    extra = 0
    verbose_name = _("contributor")
    verbose_name_plural = _('Contributors ("… contributed to this report")')


class RelatedStoryInline(PositionedInline):
    model = RelatedStory
    fk_name = "story"
    fields = ("related", "position")
    autocomplete_fields = ("related",)
    extra = 0
    verbose_name = _("related story")
    verbose_name_plural = _("Related stories, picked by an editor")


class BodyBlockInline(PhotoChooserMixin, ContentEditorInline):
    pass


BODY_INLINES = [
    BodyBlockInline.create(RichText, icon="notes", button=None),
    BodyBlockInline.create(Quote, icon="format_quote", button=None),
    BodyBlockInline.create(InlinePhoto, icon="photo", button=None, formset=InlinePhotoFormSet),
]

# The change form follows the newsroom's order, mixing fieldsets and inlines.
FORM_LAYOUT = (
    ("fieldset", _("Story")),
    ("inline", BylineInline),
    ("fieldset", _("Byline")),
    ("fieldset", _("Lead photo")),
    ("body", None),
    ("inline", ContributionInline),
    ("fieldset", _("Read more")),
    ("inline", RelatedStoryInline),
    ("fieldset", _("Publishing")),
    ("inline", StoryNoteInline),
    ("fieldset", _("Search engines")),
    ("inline", AuditEntryInline),
)


class PublicationStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("submitted", _("Submitted for review")),
            ("scheduled", _("Scheduled")),
            ("published", _("Published")),
            ("unpublished", _("Unpublished")),
        ]

    def queryset(self, request, queryset):
        return {
            "draft": queryset.drafts,
            "submitted": queryset.submitted,
            "unpublished": queryset.unpublished,
            "scheduled": queryset.scheduled,
            "published": queryset.published,
        }.get(self.value(), queryset.all)()


@admin.register(Story)
class StoryAdmin(StoryWorkflowAdminMixin, RefusalStatusMixin, PhotoChooserMixin, ContentEditor):
    form = StoryAdminForm
    change_form_template = "admin/articles/story/change_form.html"
    list_display = ("headline", "section", "status_badge", "byline_names", "published_at")
    list_display_links = ("headline",)
    list_filter = (PublicationStatusFilter, "section", ("authors", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("section",)
    search_fields = ("headline", "deck", "articles_richtext_set__text", "kicker")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("section",)
    inlines = [
        BylineInline,
        *BODY_INLINES,
        ContributionInline,
        RelatedStoryInline,
        StoryNoteInline,
        AuditEntryInline,
    ]
    actions = ["publish_now", "unpublish", "submit_for_review"]
    list_per_page = 50
    fieldsets = (
        (_("Story"), {"fields": ("headline", "deck", "section", "kicker")}),
        (
            _("Byline"),
            {
                "fields": ("desk_byline",),
                "description": _("Use a desk byline when no named author is given."),
            },
        ),
        (_("Lead photo"), {"fields": ("lead_photo", "lead_photo_caption")}),
        (_("Read more"), {"fields": ("tags",)}),
        (
            _("Publishing"),
            {"fields": ("slug", "status", "published_at", "embargo_note", "opened_revision")},
        ),
        (
            _("Search engines"),
            {"fields": ("seo_title", "seo_description"), "classes": ("collapse",)},
        ),
    )

    class Media:
        css = {"all": ["articles/admin/newsroom_admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_bylines()

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, story):
        if story.is_scheduled():
            state, label = "scheduled", _("Scheduled")
        else:
            state, label = story.status, story.get_status_display()
        return format_html('<span class="story-status story-status--{}">{}</span>', state, label)

    @admin.display(description=_("byline"))
    def byline_names(self, story):
        names = [byline.author.name for byline in story.ordered_bylines]
        return ", ".join(names) or story.desk_byline

    # Publishing is a permission, enforced here on the server for every route.

    def has_publish_permission(self, request):
        return user_can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        # Changing a live, scheduled or withdrawn story is an editor's decision.
        if (
            obj is not None
            and obj.status in (Story.Status.PUBLISHED, Story.Status.UNPUBLISHED)
            and not user_can_publish(request.user)
        ):
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if user_can_publish(request.user):
            return ()
        return ("status", "published_at", "embargo_note")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and not user_can_publish(request.user):
            asks_to_publish = request.POST.get("status", Story.Status.DRAFT) not in (
                Story.Status.DRAFT,
                Story.Status.SUBMITTED,
            )
            if asks_to_publish or request.POST.get("published_at_0") or request.POST.get("published_at"):
                raise PermissionDenied(
                    "You cannot publish, schedule or unpublish stories; only editors can. "
                    "Save it as a draft and submit it for review."
                )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if obj.status == Story.Status.PUBLISHED and obj.published_at is None:
            obj.published_at = timezone.now()
        previous = (
            Story.objects.filter(pk=obj.pk).values("status", "published_at").first() if change else None
        )
        request.story_previous_state = previous or {"status": None, "published_at": None}
        super().save_model(request, obj, form, change)
        if change and "slug" in form.changed_data:
            story_record_slug_change(story=obj, old_slug=form.initial.get("slug", ""))

    def save_formset(self, request, form, formset, change):
        if formset.model is StoryNote:
            notes = formset.save(commit=False)
            for note in notes:
                note.created_by = request.user
                note.save()
                story_note_record(note=note, user=request.user)
            return
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        story = form.instance
        story_record_admin_save(
            story=story,
            user=request.user,
            previous_status=request.story_previous_state["status"],
            previous_published_at=request.story_previous_state["published_at"],
        )
        if "_submit_for_review" in request.POST and story.status == Story.Status.DRAFT:
            story_submit(story=story, user=request.user)
            self.message_user(request, f"“{story}” was submitted for review.", messages.SUCCESS)

    def render_change_form(self, request, context, *args, **kwargs):
        context["form_layout"] = self._form_layout(context)
        context.update(self.workflow_context(request, kwargs.get("obj"), context["adminform"].form))
        context["publish_problems"] = [
            error
            for inline in context.get("inline_admin_formsets", [])
            if inline.formset.model is InlinePhoto
            for error in inline.formset.non_form_errors()
        ]
        context["can_submit"] = kwargs.get("obj") is None or kwargs["obj"].status == Story.Status.DRAFT
        return super().render_change_form(request, context, *args, **kwargs)

    def _form_layout(self, context):
        fieldsets = {str(fieldset.name): fieldset for fieldset in context["adminform"]}
        inlines = context.get("inline_admin_formsets", [])
        layout = []
        for kind, key in FORM_LAYOUT:
            if kind == "fieldset" and str(key) in fieldsets:
                layout.append(("fieldset", fieldsets.pop(str(key))))
            elif kind == "inline":
                layout += [("inline", i) for i in inlines if type(i.opts) is key]
            elif kind == "body":
                layout += [("inline", i) for i in inlines if isinstance(i.opts, ContentEditorInline)]
        return layout

    @admin.action(description=_("Publish selected stories now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        published = 0
        for story in queryset.filter(~Q(status=Story.Status.PUBLISHED) | Q(published_at__gt=timezone.now())):
            try:
                story_publish(story=story, user=request.user, at=timezone.now())
            except ValidationError as error:
                self.message_user(
                    request, f"“{story}” was not published: {'; '.join(error.messages)}", messages.ERROR
                )
            else:
                published += 1
        self.message_user(request, f"Published {published} stories.", messages.SUCCESS)

    @admin.action(
        description=_("Unpublish selected stories (readers get “410 Gone”)"), permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        stories = list(queryset.filter(status=Story.Status.PUBLISHED))
        for story in stories:
            story_unpublish(story=story, user=request.user)
        self.message_user(request, f"Unpublished {len(stories)} stories.", messages.SUCCESS)

    @admin.action(description=_("Submit selected drafts for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        stories = list(queryset.filter(status__in=(Story.Status.DRAFT, Story.Status.UNPUBLISHED)))
        for story in stories:
            story_submit(story=story, user=request.user)
        self.message_user(request, f"Submitted {len(stories)} stories for review.", messages.SUCCESS)
