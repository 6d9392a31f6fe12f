"""Everyone who signed up before follows existed asked for breaking news: give them that follow."""

from django.db import migrations


def follow_breaking_news(apps, schema_editor):
    Subscriber = apps.get_model("alerts", "Subscriber")
    Follow = apps.get_model("alerts", "Follow")
    Follow.objects.bulk_create(
        [
            Follow(subscriber_id=pk, kind="breaking", created_at=created_at, confirmed_at=confirmed_at)
            for pk, created_at, confirmed_at in Subscriber.objects.values_list("pk", "created_at", "confirmed_at")
        ],
        batch_size=500,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("alerts", "0002_follows_alerts_deliveries")]

    operations = [migrations.RunPython(follow_breaking_news, migrations.RunPython.noop)]
