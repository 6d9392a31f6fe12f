"""Writes to the newsroom's directory that take more than a form's save: where a new section goes."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from articles.stories.models import Section


@transaction.atomic
def section_save(*, section: Section) -> Section:
    """Save `section`; one given no position goes after the last, at the end of the navigation.

    The sections are locked while the last position is read, so two sections added at the same
    moment do not both take it.
    """
    if section.position is None:
        last = Section.objects.select_for_update().exclude(pk=section.pk).aggregate(last=Max("position"))
        section.position = (last["last"] or 0) + 1
    section.full_clean()
    section.save()
    return section
