"""Fast body entry on the server's side: the script edits the admin's own body blocks, and what it
submits (dozens of pasted blocks) is stored by the normal save, cleaned, in the editor's order.

The script itself is exercised in Chromium by tests/browser/test_story_body_entry.py.
"""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from articles.stories.models import InlinePhoto, Quote, RichText
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

SCRIPT = "workflow/admin/body_entry.js"


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


# The body blocks' formset prefixes and the field each block's words go in.
BLOCK_FIELDS = {
    "text": ("stories_richtext_set", "text"),
    "quote": ("stories_quote_set", "quote"),
    "photo": ("stories_inlinephoto_set", "photo"),
}


def post_body(client, story, blocks):
    """Save the story's change form with `blocks`, (kind, value) pairs, added after its body, as
    the script leaves them: new forms after the saved ones, numbered on as content-editor does."""
    page = client.get(change_url(story))
    data = admin_form_data(page)
    forms = {
        inline.formset.prefix: inline.formset.initial_form_count()
        for inline in page.context["inline_admin_formsets"]
    }
    position = sum(forms[prefix] for prefix, _ in BLOCK_FIELDS.values())
    for kind, value in blocks:
        prefix, field = BLOCK_FIELDS[kind]
        position += 1
        index = forms[prefix]
        data |= {
            f"{prefix}-{index}-region": "body",
            f"{prefix}-{index}-ordering": str(10 * position),
            f"{prefix}-{index}-{field}": str(value),
        }
        forms[prefix] += 1
    for prefix, _ in BLOCK_FIELDS.values():
        data[f"{prefix}-TOTAL_FORMS"] = str(forms[prefix])
    return client.post(change_url(story), data)


def ordered_body(story):
    blocks = [
        *((b.ordering, "text", b.text) for b in RichText.objects.filter(parent=story)),
        *((b.ordering, "quote", b.quote) for b in Quote.objects.filter(parent=story)),
        *((b.ordering, "photo", b.photo_id) for b in InlinePhoto.objects.filter(parent=story)),
    ]
    return [(kind, value) for _, kind, value in sorted(blocks)]


def test_the_story_form_loads_fast_entry_for_the_admins_own_body_blocks(editor_client):
    """The script and its style are on the form, and the formset prefixes it edits are the form's."""
    response = editor_client.get(reverse("admin:stories_story_add"))

    content = response.content.decode()
    # The rules first: the script reads them when a paste comes.
    assert content.index("workflow/admin/paste_rules.js") < content.index(SCRIPT)
    assert "workflow/admin/body_entry.css" in content
    prefixes = {
        inline.formset.model: inline.formset.prefix for inline in response.context["inline_admin_formsets"]
    }
    script = Path(finders.find(SCRIPT)).read_text()
    named = dict(re.findall(r'^\s+(text|quote|photo): "(\w+)",$', script, flags=re.MULTILINE))
    assert named == {"text": prefixes[RichText], "quote": prefixes[Quote], "photo": prefixes[InlinePhoto]}


def test_a_pasted_article_is_stored_in_the_editors_order_and_cleaned(editor_client):
    """22 paragraphs from a word processor, a quote and a photo between them: one save, in order,
    each paragraph cleaned by the server whatever the browser sent."""
    story = factories.make_story(with_revision=True)
    factories.add_text(story, "<p>The lead paragraph, saved before.</p>")
    photo = factories.make_photo()
    paragraphs = [
        f'<p class="MsoNormal" style="color:red" onclick="steal()">Paragraph {n} '
        f'<span style="font-weight:700">in bold</span><o:p></o:p></p>'
        for n in range(1, 23)
    ]
    paragraphs[3] = '<p>Paragraph 4 <a href="javascript:steal()">links</a><script>steal()</script></p>'
    blocks = [("text", html) for html in paragraphs]
    blocks.insert(4, ("quote", "We had minutes, not hours."))
    blocks.insert(10, ("photo", photo.pk))
    revisions = story.revisions.count()

    response = post_body(editor_client, story, blocks)

    assert response.status_code == 302, response.context and response.context["errors"]
    body = ordered_body(story)
    assert [kind for kind, _ in body] == ["text", *(kind for kind, _ in blocks)]
    texts = [value for kind, value in body if kind == "text"]
    assert texts[0] == "<p>The lead paragraph, saved before.</p>"
    assert texts[1] == "<p>Paragraph 1 in bold</p>"
    assert texts[4] == "<p>Paragraph 4 <a>links</a></p>"
    assert [re.search(r"Paragraph (\d+)", text)[1] for text in texts[1:]] == [str(n) for n in range(1, 23)]
    assert not any(
        marker in text for text in texts for marker in ("style=", "onclick", "steal", "MsoNormal", "<o:p")
    )
    assert body[5] == ("quote", "We had minutes, not hours.")
    assert body[11] == ("photo", photo.pk)
    assert story.revisions.count() == revisions + 1  # one save, one revision


def test_a_pasted_block_with_no_text_left_once_cleaned_is_refused_and_nothing_is_lost(editor_client):
    """A pasted picture or script alone cleans to nothing: the save is refused with a sentence, the
    stored body is untouched and the form keeps every pasted block for the editor to fix."""
    story = factories.make_story(with_revision=True)
    factories.add_text(story, "<p>Kept as it was.</p>")

    response = post_body(
        editor_client,
        story,
        [
            ("text", "<p>Pasted one.</p>"),
            ("text", '<p><img src="x.jpg" onerror="steal()"></p>'),
            ("text", "<p>Pasted three.</p>"),
        ],
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "This text block has no text left once cleaned; type some text or remove the block." in content
    assert "Pasted one." in content and "Pasted three." in content
    assert ordered_body(story) == [("text", "<p>Kept as it was.</p>")]
