from content_editor.admin import ContentEditor, ContentEditorInline
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.admin.base import PhotoChooserMixin, PositionedInline, RefusalStatusMixin
from articles.models import Byline, Contribution, InlinePhoto, Quote, RelatedStory, RichText, Story
from articles.services import story_publish, story_record_slug_change, story_unpublish, user_can_publish


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
    BodyBlockInline.create(InlinePhoto, icon="photo", button=None),
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
    ("fieldset", _("Search engines")),
)


class PublicationStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", _("Draft")), ("scheduled", _("Scheduled")), ("published", _("Published"))]

    def queryset(self, request, queryset):
        return {
            "draft": queryset.drafts,
            "scheduled": queryset.scheduled,
            "published": queryset.published,
        }.get(self.value(), queryset.all)()


@admin.register(Story)
class StoryAdmin(RefusalStatusMixin, PhotoChooserMixin, ContentEditor):
    change_form_template = "admin/articles/story/change_form.html"
    list_display = ("headline", "section", "status_badge", "byline_names", "published_at")
    list_display_links = ("headline",)
    list_filter = (PublicationStatusFilter, "section", ("authors", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("section",)
    search_fields = ("headline", "deck", "articles_richtext_set__text", "kicker")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("section",)
    inlines = [BylineInline, *BODY_INLINES, ContributionInline, RelatedStoryInline]
    actions = ["publish_now", "move_to_drafts"]
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
        (_("Publishing"), {"fields": ("slug", "status", "published_at")}),
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
        # Changing a live or scheduled story changes what readers see: editors only.
        if obj is not None and obj.status == Story.Status.PUBLISHED and not user_can_publish(request.user):
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if user_can_publish(request.user):
            return ()
        return ("status", "published_at")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and not user_can_publish(request.user):
            asks_to_publish = request.POST.get("status", Story.Status.DRAFT) != Story.Status.DRAFT
            if asks_to_publish or request.POST.get("published_at_0") or request.POST.get("published_at"):
                raise PermissionDenied(
                    "You cannot publish or schedule stories; only editors can. "
                    "Save it as a draft and ask an editor to publish it."
                )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if obj.status == Story.Status.PUBLISHED and obj.published_at is None:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)
        if change and "slug" in form.changed_data:
            story_record_slug_change(story=obj, old_slug=form.initial.get("slug", ""))

    def render_change_form(self, request, context, *args, **kwargs):
        context["form_layout"] = self._form_layout(context)
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
        description=_("Take selected stories off the site (back to draft)"), permissions=["publish"]
    )
    def move_to_drafts(self, request, queryset):
        stories = list(queryset.filter(status=Story.Status.PUBLISHED))
        for story in stories:
            story_unpublish(story=story, user=request.user)
        self.message_user(request, f"Moved {len(stories)} stories back to draft.", messages.SUCCESS)
