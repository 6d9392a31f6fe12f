from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    """Statuses, roles, revisions, audit trail, notes, previews and the story admin."""

    name = "articles.workflow"
    verbose_name = _("Editorial workflow")

    def ready(self):
        from articles.workflow.roles import sync_roles

        # Like django.contrib.auth's permissions: every migrate or flush puts the roles back.
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="articles.workflow.sync_roles")
