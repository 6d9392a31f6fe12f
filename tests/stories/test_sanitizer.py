"""Stored rich text is cleaned against the editor's allowlist on every save."""

import pytest

from articles.stories.models import RichText
from articles.stories.sanitizer import sanitize_html
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
