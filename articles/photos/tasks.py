"""Background work through Django's Tasks framework (settings.TASKS picks the backend).

The embedded default is Django's ImmediateBackend: the task runs right after the
upload's transaction commits, in the same process. A deployment that wants the
resizing out of the request points TASKS at a database-backed worker backend
(for example django-tasks-db) without changing any caller.
"""

from django.tasks import task

from articles.photos.models import Photo
from articles.photos.renditions import photo_create_renditions


@task
def create_photo_renditions(photo_id: int) -> int:
    """Make the renditions photo `photo_id` is missing; returns how many were made."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:  # deleted before the worker got to it
        return 0
    return len(photo_create_renditions(photo=photo))
