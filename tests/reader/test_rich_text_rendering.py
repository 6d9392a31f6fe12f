"""Story bodies are sanitised when they are printed, not only when they are saved.

An import, a shell or a bulk update writes text blocks without `RichText.save()`; whatever
they stored, readers get only the editor's allowlist, and links that leave the site get a rel.
"""

import pytest

from articles.stories.models import RichText
from tests import factories
from tests.factories import make_published_stories

pytestmark = pytest.mark.django_db


def store_unsaved(story, html):
    """Write `html` into a text block the way an import does: straight to the table."""
    block = factories.add_text(story, "<p>placeholder</p>")
    RichText.objects.filter(pk=block.pk).update(text=html)


def test_markup_stored_around_the_model_is_cleaned_on_the_page(client):
    story = make_published_stories(1)[0]
    store_unsaved(
        story,
        '<p onclick="steal()">Council <script>alert(1)</script>'
        '<a href="javascript:alert(2)">vote</a> <img src=x onerror="alert(3)">'
        '<iframe src="https://example.org"></iframe><strong>today</strong></p>',
    )

    page = client.get(story.get_absolute_url())

    assert page.status_code == 200
    body = page.text.split('class="story-body"')[1].split("</article>")[0]
    for markup in ("<script", "alert(", "javascript:", "onerror", "onclick", "<img", "<iframe"):
        assert markup not in body
    assert "<p>Council <a>vote</a> <strong>today</strong></p>" in body


def test_links_that_leave_the_site_get_noopener_on_the_page(client):
    story = make_published_stories(1)[0]
    store_unsaved(
        story,
        '<p><a href="https://example.org/report" rel="sponsored">Ad</a> '
        '<a href="https://example.org/other">Report</a> '
        '<a href="/stories/other/">Ours</a> <a href="mailto:desk@example.org">Mail</a></p>',
    )

    page = client.get(story.get_absolute_url())

    assert '<a href="https://example.org/report" rel="sponsored noopener">Ad</a>' in page.text
    assert '<a href="https://example.org/other" rel="noopener">Report</a>' in page.text
    assert '<a href="/stories/other/">Ours</a>' in page.text
    assert '<a href="mailto:desk@example.org">Mail</a>' in page.text


def test_the_editor_marks_a_storys_outside_links_for_search_engines(editor_client):
    from django.urls import reverse

    from tests.admin_forms import admin_form_data

    story = make_published_stories(1)[0]
    factories.add_text(
        story, '<p><a href="https://example.org/offer">Offer</a> <a href="/sections/">Ours</a></p>'
    )
    url = reverse("admin:stories_story_change", args=[story.pk])

    saved = editor_client.post(url, admin_form_data(editor_client.get(url), external_link_rel="sponsored"))
    page = editor_client.get(story.get_absolute_url())

    assert saved.status_code == 302
    assert '<a href="https://example.org/offer" rel="noopener sponsored">Offer</a>' in page.text
    assert '<a href="/sections/">Ours</a>' in page.text


def test_a_link_rel_outside_the_vocabulary_never_reaches_the_page(client):
    story = make_published_stories(1)[0]
    factories.add_text(story, '<p><a href="https://example.org/">Elsewhere</a></p>')
    type(story).objects.filter(pk=story.pk).update(external_link_rel='x" onclick="steal()')

    page = client.get(story.get_absolute_url())

    assert '<a href="https://example.org/" rel="noopener">Elsewhere</a>' in page.text
    assert "steal()" not in page.text
