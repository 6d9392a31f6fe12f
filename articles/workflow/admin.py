"""The story admin, whose save path is the workflow: the form proposes, the services write.

The form edits a story's words, photos, credits and blocks. Its status, publication
time and web address are written only by the workflow services, which `save_related`
calls for what the editor asked for: publish, schedule, unpublish, submit, a new slug.
"""

from content_editor.admin import ContentEditor, ContentEditorInline
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.admin_widgets import LoadedAutocompleteMixin
from articles.photos.widgets import PhotoChooserMixin
from articles.refusals import RefusalStatusMixin
from articles.search.matching import NEWEST_MATCHES, newest_match_times, stories_among
from articles.search.query import search_query
from articles.stories.admin import PositionedInline
from articles.stories.models import Byline, Contribution, InlinePhoto, Quote, RelatedStory, RichText, Story
from articles.workflow import photo_admin  # noqa: F401 - registers the newsroom photo library
from articles.workflow.admin_views import StoryWorkflowAdminMixin
from articles.workflow.autosave_admin import StoryAutosaveAdminMixin
from articles.workflow.changelist import ArchivePaginator, BylinedAuthorFilter, StoryChangeList
from articles.workflow.changelist_rows import story_byline_names, story_status_badge, story_status_state
from articles.workflow.forms import InlinePhotoFormSet, StoryAdminForm
from articles.workflow.models import AuditEntry, StoryNote
from articles.workflow.permissions import (
    stories_readable_by,
    user_can_edit,
    user_can_publish,
    user_can_read_stories,
)
from articles.workflow.revisions import story_revision_create
from articles.workflow.services import (
    story_change_slug,
    story_note_add,
    story_publish,
    story_return_to_draft,
    story_schedule,
    story_submit,
    story_unpublish,
)
from articles.workflow.view_only import InlinePhotoForViewers, LeadPhotoForViewers, TextForViewers

# The admin's front page opens with the desk: drafts, reviews, today's schedule, photos in trouble (desk.py).
admin.site.index_template = "admin/workflow/index.html"

# The story's own fields written only by the workflow services, never by the form's save.
WORKFLOW_FIELDS = ("status", "published_at", "slug")


def _same_second(first, second) -> bool:
    """The form shows times to the second, so an unchanged time must not count as a new one."""
    if first is None or second is None:
        return first is second
    return first.replace(microsecond=0) == second.replace(microsecond=0)


class StoryNoteInline(admin.TabularInline):
    model = StoryNote
    fields = ("kind", "text", "created_at")
    readonly_fields = ("created_at",)
    extra = 0
    verbose_name_plural = _("Corrections and updates (printed at the end of the story)")

    def has_view_permission(self, request, obj=None):
        return user_can_read_stories(request.user)

    def has_add_permission(self, request, obj=None):
        return obj is not None and user_can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditEntryInline(admin.TabularInline):
    model = AuditEntry
    fields = ("at", "action", "user_name", "detail")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("Audit trail")
    classes = ("collapse",)

    def get_queryset(self, request):
        # Each row's title names its story.
        return super().get_queryset(request).select_related("story")

    def has_view_permission(self, request, obj=None):
        # The trail names drafts' headlines: for those who may read the stories (permissions.py).
        return super().has_view_permission(request, obj) and user_can_read_stories(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "action", "story", "user_name", "detail")
    list_filter = ("action",)
    list_select_related = ("story",)
    search_fields = ("story__headline", "user_name", "detail")
    date_hierarchy = "at"

    def get_queryset(self, request):
        readable = stories_readable_by(request.user, Story.objects.all())
        return super().get_queryset(request).filter(story__in=readable)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and user_can_read_stories(request.user)


class BylineInline(LoadedAutocompleteMixin, PositionedInline):
    model = Byline
    fields = ("author", "position")
    autocomplete_fields = ("author",)
    verbose_name = _("byline")
    verbose_name_plural = _("Bylines, in the order they are printed")


class ContributionInline(LoadedAutocompleteMixin, PositionedInline):
    model = Contribution
    fields = ("author", "position")
    autocomplete_fields = ("author",)
    extra = 0
    verbose_name = _("contributor")
    verbose_name_plural = _('Contributors ("… contributed to this report")')


class RelatedStoryInline(LoadedAutocompleteMixin, PositionedInline):
    model = RelatedStory
    fk_name = "story"
    fields = ("related", "position")
    autocomplete_fields = ("related",)
    extra = 0
    verbose_name = _("related story")
    verbose_name_plural = _("Related stories, picked by an editor")


class BodyBlockInline(PhotoChooserMixin, ContentEditorInline):
    pass


class RichTextInline(TextForViewers, BodyBlockInline):
    pass


class InlinePhotoInline(InlinePhotoForViewers, BodyBlockInline):
    def get_queryset(self, request):
        # Each row's title names its story ("Photo 3 in “…”").
        return super().get_queryset(request).select_related("parent")


BODY_INLINES = [
    RichTextInline.create(RichText, icon="notes", button=None),
    BodyBlockInline.create(Quote, icon="format_quote", button=None),
    InlinePhotoInline.create(InlinePhoto, icon="photo", button=None, formset=InlinePhotoFormSet),
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
    ("fieldset", _("Breaking-news alert")),
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
class StoryAdmin(
    LeadPhotoForViewers,
    StoryAutosaveAdminMixin,
    StoryWorkflowAdminMixin,
    RefusalStatusMixin,
    LoadedAutocompleteMixin,
    PhotoChooserMixin,
    ContentEditor,
):
    form = StoryAdminForm
    change_form_template = "admin/stories/story/change_form.html"
    list_display = ("headline", "section", "status_badge", "byline_names", "published_at")
    list_display_links = ("headline",)
    list_filter = (PublicationStatusFilter, "section", ("authors", BylinedAuthorFilter))
    list_select_related = ("section",)
    # What the search box covers (articles.search's stored documents); get_search_results searches them.
    search_fields = (
        "headline",
        "kicker",
        "deck",
        "stories_richtext_set__text",
        "authors__name",
        "tags__name",
    )
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("section",)
    filter_horizontal = ("assigned_to",)
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
    # At archive scale nothing on the list counts or scans every story (workflow/changelist.py);
    # the "(N total)" beside a search would be a second whole-archive count.
    paginator = ArchivePaginator
    show_full_result_count = False
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
            {
                "fields": (
                    "slug",
                    "status",
                    "published_at",
                    "embargo_ends_at",
                    "embargo_note",
                    "assigned_to",
                    "opened_revision",
                )
            },
        ),
        (_("Breaking-news alert"), {"fields": ("breaking_alert", "alert_text")}),
        (
            _("Search engines"),
            {"fields": ("seo_title", "seo_description", "external_link_rel"), "classes": ("collapse",)},
        ),
    )

    class Media:
        css = {"all": ["photos/admin/newsroom_admin.css", "workflow/admin/body_entry.css"]}
        # Paste an article as blocks, split a text block, insert a photo or quote at the cursor.
        js = ["workflow/admin/paste_rules.js", "workflow/admin/body_entry.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_bylines()

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, story):
        return story_status_badge(story_status_state(story))

    @admin.display(description=_("byline"))
    def byline_names(self, story):
        return story_byline_names(story)

    def action_checkbox(self, story):
        # Django renders a form widget's template for each row's checkbox: at 50 rows, a fifth of
        # the list's time. The same markup, written out.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            story.pk,
            format_html(_("Select this object for an action - {}"), str(story)),
        )

    def get_search_results(self, request, queryset, search_term):
        if request.resolver_match is not None and request.resolver_match.url_name == "autocomplete":
            # The related-story picker: editors type part of a headline, letter by letter.
            return queryset.filter(headline__icontains=search_term.strip()), False
        if not search_term.strip():
            return queryset, False
        # The same full-text search as readers', over every story this editor may see, in the
        # list's own order (newest first, or the column the editor sorts by): no rank is needed.
        # The keys and times found are kept for the count and the date drill-down (StoryChangeList).
        matches = newest_match_times(queryset, search_query(search_term), NEWEST_MATCHES)
        request.story_search_matches = matches
        return stories_among(queryset, [key for key, _ in matches]), False

    def get_changelist(self, request, **kwargs):
        return StoryChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        matches = getattr(request, "story_search_matches", None)
        if matches is not None:
            paginator.known_count = len(matches)  # the search's own matches, all in this list
        return paginator

    # Publishing is a permission, enforced here on the server for every route.

    def has_publish_permission(self, request):
        return user_can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is not None:
            return user_can_edit(request.user, obj)
        return super().has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if user_can_publish(request.user):
            return fieldsets
        # Breaking-news alerts are editors' decisions: a reporter's form has no such field.
        return [fieldset for fieldset in fieldsets if fieldset[0] != _("Breaking-news alert")]

    def get_readonly_fields(self, request, obj=None):
        if user_can_publish(request.user):
            return ()
        # Embargoes and assignments are editors' decisions, like publishing.
        return ("status", "published_at", "embargo_ends_at", "embargo_note", "assigned_to")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            kwargs["queryset"] = get_user_model().objects.filter(
                is_active=True, is_staff=True, groups__name="Reporters"
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and not user_can_publish(request.user):
            asks_to_publish = request.POST.get("status", Story.Status.DRAFT) not in (
                Story.Status.DRAFT,
                Story.Status.SUBMITTED,
            )
            if request.POST.get("breaking_alert"):
                raise PermissionDenied("Only editors can send breaking-news alerts.")
            if asks_to_publish or request.POST.get("published_at_0") or request.POST.get("published_at"):
                raise PermissionDenied(
                    "You cannot publish, schedule or unpublish stories; only editors can. "
                    "Save it as a draft and submit it for review."
                )
        try:
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except IntegrityError:
                if request.method != "POST":
                    raise
                # Another editor saved the same slug between this form's checks and its insert; the
                # save was rolled back whole, so validating again shows the editor the field's error.
                return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # A workflow step refused after the form was valid (someone else published the story
            # first): the save is rolled back as a whole, and the editor is told why.
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        # The form has put what the editor asked for on `obj`; the row keeps its stored
        # status, time and slug until the services in save_related change them.
        requested = {name: getattr(obj, name) for name in WORKFLOW_FIELDS}
        form.requested_workflow = requested
        if change:
            for name in WORKFLOW_FIELDS:
                if name in form.initial:
                    setattr(obj, name, form.initial[name])
        else:
            obj.status, obj.published_at = Story.Status.DRAFT, None
            obj.created_by = request.user  # its owner (permissions.py)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is StoryNote:
            for note in formset.save(commit=False):
                story_note_add(story=form.instance, user=request.user, kind=note.kind, text=note.text)
            return
        super().save_formset(request, form, formset, change)

    def _create_formsets(self, request, obj, change):
        # The publish check in InlinePhotoFormSet reads the bylines being saved beside it; Django
        # offers no hook that sees all of a change form's formsets before they are validated.
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        for formset in formsets:
            formset.story_formsets = formsets
        return formsets, inline_instances

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        story, user = form.instance, request.user
        steps = self._workflow_steps(request, story, form.requested_workflow, change, form.cleaned_data)
        for step in steps:
            step(story=story, user=user)
        if not steps:
            # No workflow step recorded this save: record the edit itself.
            story_revision_create(story=story, user=user, comment="" if change else "Created")

    def _workflow_steps(self, request, story, requested, change, cleaned_data):
        """The services that carry out what the form asked for, in order."""
        steps = []
        # A breaking-news alert rides on the publish or schedule step ("" means the headline).
        alert_text = cleaned_data.get("alert_text", "") if cleaned_data.get("breaking_alert") else None
        if change and requested["slug"] != story.slug:
            steps.append(lambda **kwargs: story_change_slug(slug=requested["slug"], **kwargs))
        status, at = requested["status"], requested["published_at"]
        if "_submit_for_review" in request.POST and story.status == Story.Status.DRAFT:
            steps.append(story_submit)
            self.message_user(request, f"“{story}” was submitted for review.", messages.SUCCESS)
        elif not user_can_publish(request.user) or (
            status == story.status and _same_second(at, story.published_at)
        ):
            if alert_text is not None:
                self.message_user(
                    request,
                    "No alert was sent: an alert goes out with a publish or a schedule, and this save "
                    "changed neither.",
                    messages.WARNING,
                )
        elif status == Story.Status.PUBLISHED and at is not None and at > timezone.now():
            steps.append(lambda **kwargs: story_schedule(at=at, alert_text=alert_text, **kwargs))
        elif status == Story.Status.PUBLISHED:
            steps.append(lambda **kwargs: story_publish(at=at, alert_text=alert_text, **kwargs))
        elif status == Story.Status.UNPUBLISHED:
            steps.append(story_unpublish)
        elif status == Story.Status.SUBMITTED and story.status != status:
            steps.append(story_submit)
        elif status == Story.Status.DRAFT and story.status != status:
            steps.append(story_return_to_draft)
        return steps

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
        unpublished = 0
        for story in queryset.filter(status=Story.Status.PUBLISHED):
            try:
                story_unpublish(story=story, user=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"“{story}” was not unpublished: {'; '.join(error.messages)}", messages.ERROR
                )
            else:
                unpublished += 1
        self.message_user(request, f"Unpublished {unpublished} stories.", messages.SUCCESS)

    @admin.action(description=_("Submit selected drafts for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        # Each story is asked the form's question (may this user change it?), then the service's.
        submitted = 0
        for story in queryset.filter(status__in=(Story.Status.DRAFT, Story.Status.UNPUBLISHED)):
            try:
                story_submit(story=story, user=request.user)
            except (PermissionDenied, ValidationError) as error:
                reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                self.message_user(request, f"“{story}” was not submitted: {reason}", messages.ERROR)
            else:
                submitted += 1
        self.message_user(request, f"Submitted {submitted} stories for review.", messages.SUCCESS)
