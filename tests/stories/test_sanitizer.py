"""Stored rich text is cleaned against the editor's allowlist on every save."""

import pytest

from articles.stories.models import RichText
from articles.stories.sanitizer import render_html, sanitize_html
from tests import factories


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ('<p onclick="steal()">Hi</p>', "<p>Hi</p>"),
        ('<p><a href="javascript:alert(1)">link</a></p>', "<p><a>link</a></p>"),
        ('<p><img src="x" onerror="alert(1)">Text</p>', "<p>Text</p>"),
        ('<p style="color:red">Styled</p>', "<p>Styled</p>"),
        ("<iframe src='https://example.org'></iframe><p>After</p>", "<p>After</p>"),
    ],
)
def test_dangerous_markup_is_removed(dirty, clean):
    assert sanitize_html(dirty) == clean


def test_allowed_markup_is_kept():
    html = (
        "<h2>Sub</h2><p><strong>Bold</strong>, <em>italic</em>, H<sub>2</sub>O, x<sup>2</sup>"
        '<br><a href="https://example.org/report">a link</a></p>'
        "<ul><li><p>one</p></li></ul><ol><li><p>two</p></li></ol>"
    )

    cleaned = sanitize_html(html)

    for markup in (
        "<h2>Sub</h2>",
        "<strong>Bold</strong>",
        "<em>italic</em>",
        "<sub>2</sub>",
        "<sup>2</sup>",
        "<br>",
        "<ul>",
        "<ol>",
        "<li>",
    ):
        assert markup in cleaned
    assert 'href="https://example.org/report"' in cleaned


def test_headings_outside_the_allowed_levels_are_dropped():
    assert "<h1>" not in sanitize_html("<h1>Too big</h1><p>Body</p>")


def test_saving_a_text_block_sanitises_even_without_a_form(db):
    """Scripts and imports write straight to the model; the stored HTML is still clean."""
    story = factories.make_story()

    block = factories.add_text(
        story, '<p onmouseover="x()">Council <script>evil()</script><a href="javascript:x">vote</a></p>'
    )

    stored = RichText.objects.get(pk=block.pk).text
    assert "<script" not in stored and "onmouseover" not in stored and "javascript:" not in stored
    assert stored.startswith("<p>Council") and "vote" in stored


def test_a_stored_link_keeps_only_the_rel_values_editors_may_give():
    html = '<p><a href="https://example.org/" rel="Sponsored stylesheet opener nofollow">x</a></p>'

    assert sanitize_html(html) == '<p><a href="https://example.org/" rel="sponsored nofollow">x</a></p>'


@pytest.mark.parametrize(
    ("link", "rendered"),
    [
        ('<a href="https://example.org/a?b=1&amp;c=2">x</a>', 'rel="noopener"'),
        ('<a href="//example.org/a">x</a>', 'rel="noopener"'),
        ('<a href="https://example.org/" rel="ugc">x</a>', 'rel="ugc noopener"'),
        ('<a href="https://example.org/" title="Say &quot;hi&quot; &gt;">x</a>', 'rel="noopener"'),
        ('<a href="/stories/ours/">x</a>', None),
        ('<a href="https://testserver/stories/ours/">x</a>', None),
        ('<a href="https://www.newsroom.example/x">x</a>', None),
        ('<a href="mailto:desk@example.org">x</a>', None),
    ],
)
def test_links_that_leave_the_site_get_rel_at_render(settings, link, rendered):
    settings.ALLOWED_HOSTS = ["testserver", ".newsroom.example", "*"]

    html = render_html(f"<p>{link}</p>")

    assert (rendered in html) if rendered else ("rel=" not in html)
    assert html.count("<a ") == 1 and ">x</a>" in html


def test_the_site_setting_chooses_the_rel_of_external_links(settings):
    settings.RICH_TEXT_EXTERNAL_LINK_REL = "noopener nofollow"

    html = render_html('<p><a href="https://example.org/" rel="nofollow sponsored">x</a></p>')

    assert html == '<p><a href="https://example.org/" rel="nofollow sponsored noopener">x</a></p>'


def test_rendering_cleans_again_and_is_safe_for_templates():
    html = render_html('<p>Hi<script>alert(1)</script><a href="javascript:x">y</a></p>')

    assert html == "<p>Hi<a>y</a></p>"
    assert hasattr(html, "__html__")


def test_a_text_block_that_cleans_down_to_nothing_is_refused_and_the_story_kept(editor_client):
    """Found by tests/hostile: such a block was saved empty, and then no save of the story passed."""
    from django.urls import reverse

    from tests.admin_forms import admin_form_data

    story = factories.make_full_story(1)
    url = reverse("admin:stories_story_change", args=[story.pk])
    data = admin_form_data(editor_client.get(url))
    data["stories_richtext_set-0-text"] = "<style>p { display: none }</style>"

    response = editor_client.post(url, data)

    assert response.status_code == 400
    assert "This text block has no text left once cleaned" in response.content.decode()
    assert story.stories_richtext_set.get().text == "<p>Paragraph 0.</p>"
    assert editor_client.post(url, admin_form_data(editor_client.get(url))).status_code == 302
