import csv

from django.contrib import admin
from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.alerts.models import Alert, Delivery, Follow, Subscriber

CSV_COLUMNS = ("email", "status", "created_at", "confirmed_at", "unsubscribed_at")


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    change_list_template = "admin/alerts/subscriber/change_list.html"
    list_display = (
        "email",
        "status",
        "frequency",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "bouncing_at",
    )
    list_filter = ("status", "frequency", ("bouncing_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("email",)
    date_hierarchy = "created_at"
    readonly_fields = (
        "email",
        "status",
        "frequency",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "bouncing_at",
        "bounce_reason",
    )
    exclude = ("signup_ip", "signup_user_agent")  # kept only until confirmation, for nobody to read
    actions = ("export_csv",)
    list_per_page = 100

    def has_add_permission(self, request):
        # Readers sign themselves up and confirm by email; nobody is added on their behalf.
        return False

    def changelist_view(self, request, extra_context=None):
        # Subscribers counted per follow: confirmed readers only, one grouped query.
        counts = (
            Follow.objects.active()
            .filter(subscriber__status=Subscriber.Status.CONFIRMED)
            .values("kind", "section__name", "topic__name", "author__name")
            .annotate(subscribers=Count("subscriber", distinct=True))
            .order_by("-subscribers", "kind")
        )
        follow_counts = [
            {
                "kind": Follow.Kind(row["kind"]).label,
                "name": row["section__name"] or row["topic__name"] or row["author__name"] or "",
                "subscribers": row["subscribers"],
            }
            for row in counts[:200]
        ]
        extra_context = {**(extra_context or {}), "follow_counts": follow_counts}
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Export selected subscribers as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="alerts-subscribers-{timezone.now():%Y-%m-%d}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(CSV_COLUMNS)
        for subscriber in queryset.order_by("created_at").iterator():
            writer.writerow(
                [
                    _csv_safe(subscriber.email),
                    subscriber.status,
                    *(
                        value.isoformat() if value else ""
                        for value in (
                            subscriber.created_at,
                            subscriber.confirmed_at,
                            subscriber.unsubscribed_at,
                        )
                    ),
                ]
            )
        return response


def _csv_safe(value: str) -> str:
    """Stop spreadsheets from running a cell as a formula (CSV injection)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


def _state_count(state: str) -> Count:
    return Count("deliveries", filter=Q(deliveries__state=state))


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    """What each story sent: audience, sent and failed counts, timing. Read-only: alerts are sent
    from the story form (editors) and by the worker."""

    list_display = (
        "text",
        "kind",
        "status",
        "audience_size",
        "sent_count",
        "failed_count",
        "waiting_count",
        "send_after",
        "started_at",
        "finished_at",
        "duration",
    )
    list_filter = ("kind", "status")
    list_select_related = ("story",)
    search_fields = ("text", "story__headline")
    date_hierarchy = "send_after"
    fields = (
        "story",
        "kind",
        "text",
        "status",
        "requested_by",
        "created_at",
        "send_after",
        "started_at",
        "finished_at",
        "audience_size",
    )
    readonly_fields = fields
    list_per_page = 50

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent=_state_count(Delivery.State.SENT),
                failed=_state_count(Delivery.State.FAILED),
                waiting=Count(
                    "deliveries",
                    filter=Q(deliveries__state__in=(Delivery.State.PENDING, Delivery.State.SENDING)),
                ),
            )
        )

    @admin.display(description=_("sent"), ordering="sent")
    def sent_count(self, alert):
        return alert.sent

    @admin.display(description=_("failed"), ordering="failed")
    def failed_count(self, alert):
        return alert.failed

    @admin.display(description=_("waiting"), ordering="waiting")
    def waiting_count(self, alert):
        return alert.waiting

    @admin.display(description=_("took"))
    def duration(self, alert):
        if alert.started_at is None or alert.finished_at is None:
            return "—"
        seconds = (alert.finished_at - alert.started_at).total_seconds()
        return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
