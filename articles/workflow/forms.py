"""The story change form: refuses a save made over someone else's newer revision, and a publication
whose photos are not fully described."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.stories.models import Byline, Story
from articles.stories.topics import validate_topic_names
from articles.workflow.models import StoryRevision
from articles.workflow.revisions import latest_revision_number, snapshot_diff
from articles.workflow.services import story_publication_problems


class StoryAdminForm(forms.ModelForm):
    """The story form, refusing to save over changes made since the editor opened it."""

    opened_revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    # Not story fields: the publish or schedule step passes them to the alerts app (editors only).
    breaking_alert = forms.BooleanField(
        label=_("Send as a breaking-news alert"),
        required=False,
        help_text=_(
            "Emails and notifies everyone who follows breaking news, this section, its topics or its "
            "authors, when the story goes live. A story alerts once."
        ),
    )
    alert_text = forms.CharField(
        label=_("Alert text"),
        required=False,
        max_length=200,
        help_text=_("What the alert says, up to 200 characters. Leave it empty to use the headline."),
    )

    class Meta:
        model = Story
        fields = "__all__"  # noqa: DJ007 - StoryAdmin.fieldsets choose the fields shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict_changes = None
        if self.instance.pk and not self.is_bound:
            self.initial["opened_revision"] = latest_revision_number(self.instance.pk)

    def clean_tags(self):
        # Refused before taggit creates any topic: names too long, without letters, or too many.
        validate_topic_names(self.cleaned_data["tags"])
        return self.cleaned_data["tags"]

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("status") == Story.Status.PUBLISHED and not cleaned_data.get("published_at"):
            # "Published" with no time means now; the publish service is what sets it.
            cleaned_data["published_at"] = timezone.now()
        if cleaned_data.get("breaking_alert") and cleaned_data.get("status") != Story.Status.PUBLISHED:
            self.add_error(
                "breaking_alert",
                ValidationError(
                    "A breaking-news alert goes out when the story is published: set the status to "
                    "Published (now, or a future time to schedule it).",
                    code="alert_needs_publication",
                ),
            )
        if not self.instance.pk or getattr(self, "restoring_autosave", False):
            # A restored autosave is only shown: its save, like any other, meets the stale check.
            return cleaned_data
        opened = cleaned_data.get("opened_revision") or 0
        latest = StoryRevision.objects.filter(story_id=self.instance.pk).order_by("-number").first()
        if latest is not None and latest.number != opened:
            opened_revision = StoryRevision.objects.filter(story_id=self.instance.pk, number=opened).first()
            if opened_revision is not None:
                self.conflict_changes = snapshot_diff(opened_revision.snapshot, latest.snapshot)
            else:
                self.conflict_changes = []
            # The next save, made after reading what changed, is a deliberate overwrite.
            self.data = self.data.copy()
            self.data[self.add_prefix("opened_revision")] = latest.number
            raise ValidationError(
                "Changed by %(name)s at %(time)s since you opened it. Your edits are kept below; "
                "check what changed, then save again to keep your version.",
                code="stale",
                params={
                    "name": latest.user_name or "someone",
                    "time": f"{timezone.localtime(latest.created_at):%Y-%m-%d %H:%M:%S}",
                },
            )
        return cleaned_data


def _kept_rows(formset: forms.BaseInlineFormSet) -> list[forms.Form]:
    """The valid rows of `formset` that the save will keep (not marked for deletion)."""
    return [
        form
        for form in formset.forms
        if hasattr(form, "cleaned_data") and not (formset.can_delete and formset._should_delete_form(form))
    ]


class InlinePhotoFormSet(forms.BaseInlineFormSet):
    """Refuse to publish while the story has no byline nor desk byline, or the lead photo or any
    inline photo lacks caption, credit or alt text: the service's rule, asked of the rows the
    form is about to save, so the form is shown again with the editor's edits (400)."""

    # The story's other formsets, set by StoryAdmin (the bylines are checked here, with the photos).
    story_formsets: list[forms.BaseInlineFormSet] = []

    def clean(self):
        super().clean()
        story = self.instance
        if story.status != Story.Status.PUBLISHED:
            return
        inline_photos = [
            (form.cleaned_data["photo"], form.cleaned_data.get("caption", ""))
            for form in sorted(_kept_rows(self), key=lambda form: form.cleaned_data.get("ordering") or 0)
            if form.cleaned_data.get("photo")
        ]
        problems = story_publication_problems(
            story=story, inline_photos=inline_photos, bylined=self._bylined()
        )
        if problems:
            raise ValidationError(["This story cannot be published yet.", *problems], code="publish_blocked")

    def _bylined(self) -> bool | None:
        """Whether the bylines being saved name an author; None when this form has no bylines."""
        for formset in self.story_formsets:
            if formset.model is Byline:
                formset.is_valid()  # cleans its rows, once, if the admin has not yet
                return any(form.cleaned_data.get("author") for form in _kept_rows(formset))
        return None
