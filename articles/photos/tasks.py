"""Background work through Django's Tasks framework (settings.TASKS picks the backend).

The embedded default is Django's ImmediateBackend: the task runs right after the
upload's transaction commits, in the same process. Production runs a database-backed
worker (django-tasks-db's `manage.py db_worker`), so resizing leaves the request.
"""

from django.tasks import task

from articles.photos.models import Photo
from articles.photos.renditions import photo_create_renditions


@task
def create_photo_renditions(photo_id: int) -> int:
    """Make the renditions photo `photo_id` is missing or that are out of date; returns how many were made.

    A failure is recorded on the photo (and retried later where the worker can defer a
    task) before it is raised, so the task itself is reported as failed too.
    """
    from articles.photos.services import photo_renditions_failed  # the services enqueue this task

    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:  # deleted before the worker got to it
        return 0
    try:
        return len(photo_create_renditions(photo=photo))
    except Exception as error:
        photo_renditions_failed(photo=photo, error=error)
        raise
