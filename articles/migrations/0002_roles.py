"""Create the newsroom's roles as groups: Editors, Reporters and Photo desk."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Editors": {
        "articles": {
            "story": ["add", "change", "delete", "view", "publish"],
            "byline": ["add", "change", "delete", "view"],
            "contribution": ["add", "change", "delete", "view"],
            "relatedstory": ["add", "change", "delete", "view"],
            "richtext": ["add", "change", "delete", "view"],
            "quote": ["add", "change", "delete", "view"],
            "inlinephoto": ["add", "change", "delete", "view"],
            "section": ["add", "change", "delete", "view"],
            "author": ["add", "change", "delete", "view"],
            "photo": ["add", "change", "delete", "view"],
        },
        "taggit": {"tag": ["add", "change", "delete", "view"]},
    },
    "Reporters": {
        "articles": {
            "story": ["add", "change", "view"],
            "byline": ["add", "change", "delete", "view"],
            "contribution": ["add", "change", "delete", "view"],
            "relatedstory": ["add", "change", "delete", "view"],
            "richtext": ["add", "change", "delete", "view"],
            "quote": ["add", "change", "delete", "view"],
            "inlinephoto": ["add", "change", "delete", "view"],
            "section": ["view"],
            "author": ["view"],
            "photo": ["add", "view"],
        },
        "taggit": {"tag": ["view"]},
    },
    "Photo desk": {
        "articles": {"photo": ["add", "change", "delete", "view"]},
    },
}


def codename(action, model):
    return "publish_story" if action == "publish" else f"{action}_{model}"


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create
    # them now so the groups can be given them in this migration.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    grant_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def grant_roles(Group, Permission):
    """Create each role's group (if missing) and give it its permissions; safe to repeat."""
    for role, apps_models in ROLES.items():
        group, _created = Group.objects.get_or_create(name=role)
        for app_label, models in apps_models.items():
            for model, actions in models.items():
                for action in actions:
                    group.permissions.add(
                        Permission.objects.get(
                            content_type__app_label=app_label,
                            content_type__model=model,
                            codename=codename(action, model),
                        )
                    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
