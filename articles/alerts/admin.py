import csv

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.alerts.models import Subscriber

CSV_COLUMNS = ("email", "status", "created_at", "confirmed_at", "unsubscribed_at")


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "status", "created_at", "confirmed_at", "unsubscribed_at")
    list_filter = ("status", "created_at")
    search_fields = ("email",)
    date_hierarchy = "created_at"
    readonly_fields = ("email", "status", "created_at", "confirmed_at", "unsubscribed_at")
    actions = ("export_csv",)
    list_per_page = 100

    def has_add_permission(self, request):
        # Readers sign themselves up and confirm by email; nobody is added on their behalf.
        return False

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
