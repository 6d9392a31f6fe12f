"""The newsroom's roles, declared once: each group and exactly the permissions it holds.

`sync_roles` runs after every migrate and flush (a post_migrate receiver, as
django.contrib.auth creates its permissions), so the groups always match this
table: a permission added here is granted, one removed here is taken away.
Give a staff user one of these groups to give them a role.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import DEFAULT_DB_ALIAS

EVERYTHING = ("add", "change", "delete", "view")
STORY_PARTS = ("byline", "contribution", "relatedstory", "richtext", "quote", "inlinephoto")

# Role → {"app_label.model": actions}; "publish" is the stories.publish_story permission.
ROLES: dict[str, dict[str, tuple[str, ...]]] = {
    "Editors": {
        "stories.story": (*EVERYTHING, "publish"),
        **{f"stories.{part}": EVERYTHING for part in STORY_PARTS},
        "stories.section": EVERYTHING,
        "stories.author": EVERYTHING,
        "stories.storyslugredirect": ("view",),
        "photos.photo": EVERYTHING,
        "photos.keyword": EVERYTHING,
        "taggit.tag": EVERYTHING,
        "workflow.auditentry": ("view",),
        "workflow.storyrevision": ("view",),
        "workflow.storynote": ("add", "view"),
        "workflow.previewlink": ("add", "change", "view"),
        "alerts.subscriber": ("view",),
        "alerts.alert": ("view",),
        # Partner tokens for the content API (articles/api): editors issue and revoke them.
        "api.apitoken": EVERYTHING,
        "api.ingesteditem": ("view",),
        # Arranging a front now or at a time, and cancelling a scheduled change (articles/fronts).
        "fronts.arrangement": ("add", "delete", "view"),
    },
    "Reporters": {
        "stories.story": ("add", "change", "view"),
        **{f"stories.{part}": EVERYTHING for part in STORY_PARTS},
        "stories.section": ("view",),
        "stories.author": ("view",),
        "photos.photo": ("add", "view"),
        "photos.keyword": ("view",),
        "taggit.tag": ("view",),
        "workflow.auditentry": ("view",),
        "workflow.storyrevision": ("view",),
        "workflow.previewlink": ("add", "change", "view"),
    },
    "Photo desk": {
        "photos.photo": EVERYTHING,
        "photos.keyword": EVERYTHING,
    },
}


def role_permissions(role: str) -> list[tuple[str, str]]:
    """(app_label, codename) of every permission `role` holds."""
    pairs = []
    for label, actions in ROLES[role].items():
        app_label, model = label.split(".")
        for action in actions:
            pairs.append((app_label, "publish_story" if action == "publish" else f"{action}_{model}"))
    return pairs


def sync_roles(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Create each role's group if it is missing and give it exactly the permissions in ROLES.

    A post_migrate receiver: it first makes sure every installed app's permissions
    exist, as they would only be created for apps migrated after this one.
    """
    from django.contrib.auth.models import Group, Permission

    for app_config in global_apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0, using=using)
        create_permissions(app_config, verbosity=0, using=using)
    permissions = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.using(using).select_related("content_type")
    }
    for role in ROLES:
        wanted = role_permissions(role)
        missing = [pair for pair in wanted if pair not in permissions]
        if missing:
            raise LookupError(f"The role {role!r} names permissions that do not exist: {missing}")
        group, _created = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set([permissions[pair] for pair in wanted])
