"""In a real headless Chromium: entering a story's body fast (workflow/admin/body_entry.js).

A 22-paragraph article with four photos goes in with a dozen actions or fewer: one click for a
text block, one paste, a click and a photo number per photo, one save. The same story then has a
paragraph split with the keyboard, a quote put in at the cursor and dragged up, and is published;
the reader page prints it all in the editor's order. `make screenshots` saves the picture used in
docs/editors-workflow.md.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.utils.html import strip_tags
from playwright.sync_api import expect

from articles.stories.models import InlinePhoto, Quote, RichText
from tests import factories

PARAGRAPHS = 22
# The paragraphs each photo follows, as the photo desk asked.
PHOTO_AFTER = (3, 8, 14, 19)


def paragraph(number):
    return f"Paragraph {number} opens here. Paragraph {number} ends here."


def web_page_article():
    """The article as a news site's page puts it on the clipboard: wrappers, a picture, a script."""
    paragraphs = [f"<p>{paragraph(n)}</p>" for n in range(1, PARAGRAPHS + 1)]
    paragraphs[4] = (
        '<p onclick="steal()">Paragraph 5 opens <a href="javascript:steal()">here</a>. '
        "Paragraph 5 ends here.</p>"
    )
    paragraphs[6] = (
        '<p><span style="font-weight:700">Paragraph 7</span> opens here. Paragraph 7 ends here.</p>'
    )
    return (
        '<meta charset="utf-8"><div class="article-body"><script>steal()</script>'
        + "".join(paragraphs[:2])
        + '<figure><img src="https://example.com/ferry.jpg">'
        + "<figcaption>The ferry at dawn</figcaption></figure>"
        + "".join(paragraphs[2:])
        + "</div>"
    )


class Actions:
    """What the editor does, counted: a click, a paste, typing into one field, a key press."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def paste(self, html, text, keys="Control+V"):
        self.count += 1
        # The copy happened in another program; Chromium's clipboard carries it, Ctrl+V pastes it.
        self.page.evaluate(
            """([html, text]) => navigator.clipboard.write([new ClipboardItem({
                ...(html ? {"text/html": new Blob([html], {type: "text/html"})} : {}),
                "text/plain": new Blob([text], {type: "text/plain"}),
            })])""",
            [html, text],
        )
        self.page.keyboard.press(keys)

    def type(self, text):
        self.count += 1
        self.page.keyboard.type(text)


def ordered_body(story):
    """The saved body as (kind, value) in reading order."""
    blocks = [
        *(("text", b.ordering, b.text) for b in RichText.objects.filter(parent=story)),
        *(("quote", b.ordering, b.quote) for b in Quote.objects.filter(parent=story)),
        *(("photo", b.ordering, b.photo_id) for b in InlinePhoto.objects.filter(parent=story)),
    ]
    return [(kind, value) for kind, _, value in sorted(blocks, key=lambda block: block[1])]


def text_block(page, words):
    """The text block whose text (not its title, which keeps the saved words) holds `words`."""
    return page.locator(".order-machine > .inline-related").filter(
        has=page.locator(".prose-editor > .ProseMirror", has_text=words)
    )


def place_cursor_after(page, block, words):
    """Click into the block's text and put the caret just after `words`, its opening text.

    The caret is placed through the editor (a one-paragraph block: text offset + 1 is the position),
    as a click there would: a run of arrow keys lost presses on a loaded machine, Home goes to the
    start of a wrapped line, and the click's own caret lands a moment after the click returns.
    """
    editor = block.locator(".prose-editor > .ProseMirror")
    editor.click()
    assert editor.evaluate("dom => dom.textContent").startswith(words)
    editor.evaluate("(dom, at) => dom.editor.chain().focus().setTextSelection(at).run()", len(words) + 1)
    # The toolbar follows the caret: "above" at the start of the text, "at cursor" inside it.
    place = "above" if not words else "at cursor"
    expect(block.get_by_role("button", name=f"Quote {place}")).to_be_visible()


@pytest.fixture
def editor_page(log_in, site):
    user = factories.make_user(username="ed", first_name="Eda", last_name="Lind", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    page = log_in(user)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    return page


def test_a_22_paragraph_story_with_four_photos_in_12_actions_then_split_reorder_and_publish(
    editor_page, site, screenshot
):
    page = editor_page
    photos = [factories.make_photo() for _ in PHOTO_AFTER]
    story = factories.make_story(
        headline="Ferry crew rescued off the cape", bylines=[factories.make_author()], with_revision=True
    )
    page.goto(f"{site}/admin/stories/story/{story.pk}/change/")
    actions = Actions(page)

    actions.click(page.get_by_role("button", name="Add text"))
    plain = "\n\n".join(paragraph(n) for n in range(1, PARAGRAPHS + 1))
    actions.paste(web_page_article(), plain)
    expect(page.locator(".body-entry-status")).to_contain_text("Pasted 22 text blocks.")
    page.locator(".body-entry-toolbar").evaluate("bar => bar.scrollIntoView({block: 'center'})")
    screenshot(page, "body-paste.png", full_page=False)
    for number, photo in zip(PHOTO_AFTER, photos, strict=True):
        block = text_block(page, f"Paragraph {number} ends here.")
        actions.click(block.get_by_role("button", name="Photo below"))
        # The new photo block's field has the focus: the editor types the photo's number.
        expect(page.locator(".order-machine input[name$='-photo']:focus")).to_have_count(1)
        actions.type(str(photo.pk))
    page.locator(".order-machine input[name$='-photo']").first.evaluate(
        "input => input.scrollIntoView({block: 'center'})"
    )
    screenshot(page, "body-fast-entry.png", full_page=False)
    actions.click(page.locator("input[name=_continue]"))
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    assert actions.count <= 12, actions.count
    body = ordered_body(story)
    expected = []
    for number in range(1, PARAGRAPHS + 1):
        expected.append(("text", number))
        if number in PHOTO_AFTER:
            expected.append(("photo", photos[PHOTO_AFTER.index(number)].pk))
    assert [
        (kind, value if kind == "photo" else int(re.search(r"Paragraph (\d+)", value)[1]))
        for kind, value in body
    ] == expected
    texts = [value for kind, value in body if kind == "text"]
    assert texts[0] == f"<p>{paragraph(1)}</p>"
    # The picture, its caption and the script stayed out; the hostile markup was cleaned on the server.
    assert not any("ferry" in text.lower() or "steal" in text for text in texts)
    assert texts[6].startswith("<p><strong>Paragraph 7</strong>")

    # Split paragraph 10 with the keyboard, put a quote in paragraph 16 at the cursor.
    block = text_block(page, "Paragraph 10 ends here.")
    place_cursor_after(page, block, "Paragraph 10 opens here. ")
    page.keyboard.press("Alt+Enter")
    expect(text_block(page, "Paragraph 10 ends here.")).not_to_contain_text("Paragraph 10 opens here.")
    expect(page.locator(".body-entry-status")).to_have_text("Split the text block in two at the cursor.")
    block = text_block(page, "Paragraph 16 ends here.")
    place_cursor_after(page, block, "Paragraph 16 opens here. ")
    block.get_by_role("button", name="Quote at cursor").click()
    expect(page.locator(".order-machine textarea[name$='-quote']:focus")).to_have_count(1)
    page.keyboard.type("We had minutes, not hours.")
    quote = page.locator(
        ".order-machine > .inline-related:not(.empty-form)", has=page.locator("textarea[name$='-quote']")
    )
    quote.locator("input[name$='-attribution']").fill("Ana Ruiz, the ferry's captain")

    # Drag the quote above the paragraph before it: it leads into paragraph 16.
    above = text_block(page, "Paragraph 16 opens here.")
    quote.locator(":scope > h3").drag_to(above.locator(":scope > h3"), target_position={"x": 40, "y": 4})

    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    story.refresh_from_db()
    assert story.is_published()
    body = ordered_body(story)
    # Two more text blocks (the split and the quote's cut), the quote, the photos.
    assert len(body) == PARAGRAPHS + 2 + 1 + len(PHOTO_AFTER)
    kinds = [kind for kind, _ in body]
    assert kinds.count("quote") == 1 and kinds.count("photo") == 4
    at = kinds.index("quote")
    assert body[at - 1][1] == f"<p>{paragraph(15)}</p>"
    assert strip_tags(body[at + 1][1]).strip() == "Paragraph 16 opens here."
    assert body[at + 2][1] == "<p>Paragraph 16 ends here.</p>"
    ten = next(i for i, (kind, value) in enumerate(body) if kind == "text" and "Paragraph 10 opens" in value)
    assert body[ten + 1] == ("text", "<p>Paragraph 10 ends here.</p>")

    assert Quote.objects.get(parent=story).attribution == "Ana Ruiz, the ferry's captain"

    # Readers get the same order: every paragraph, the quote and the four photos.
    page.goto(site + story.get_absolute_url())
    printed = page.locator(".story-body .rich-text, .story-body blockquote, .story-body figure.inline-photo")
    sequence = printed.evaluate_all(
        """nodes => nodes.map(node => node.matches("figure") ? "photo"
            : node.matches("blockquote") ? "quote" : node.textContent.trim())"""
    )
    assert sequence == [strip_tags(value).strip() if kind == "text" else kind for kind, value in body]
    expect(page.locator(".story-body blockquote")).to_contain_text("We had minutes, not hours.")


# What a paste becomes (paste_rules.js, parseArticle): (HTML, plain text) → blocks, as
# ("text", its words) or ("quote", the words, the attribution).
PASTE_RULES = {
    "a Word document; its empty paragraphs vanish and a Quote-style paragraph is a quote": (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><body><div class="WordSection1">'
        '<p class="MsoNormal">First paragraph.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>'
        '<p class="MsoQuote">“Quoted words.”<o:p></o:p></p><p class="MsoNormal">Second paragraph.</p>'
        "</div></body></html>",
        "",
        [("text", "First paragraph."), ("quote", "Quoted words.", ""), ("text", "Second paragraph.")],
    ),
    "a page's wrapper named for quotes is still the article": (
        '<div class="story-body with-quotes"><p>One.</p><p class="pull-quote-ready">Two.</p></div>',
        "",
        [("text", "One."), ("text", "Two.")],
    ),
    "Google Docs, which wraps the document in a <b>": (
        '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b">'
        '<p dir="ltr"><span style="font-weight:700">Bold start</span><span> of one.</span></p><br>'
        '<p dir="ltr"><span>Two.</span></p></b><br class="Apple-interchange-newline">',
        "",
        [("text", "Bold start of one."), ("text", "Two.")],
    ),
    "lines cut by <br>: one break stays a line break, a blank line starts a paragraph": (
        "<div>Line one<br>still one<br><br>Line two</div>",
        "",
        [("text", "Line onestill one"), ("text", "Line two")],
    ),
    "a blockquote with its <cite>": (
        "<p>Before.</p><blockquote><p>“We will rebuild.”</p><cite>Mayor Ana Ruiz</cite></blockquote>",
        "",
        [("text", "Before."), ("quote", "We will rebuild.", "Mayor Ana Ruiz")],
    ),
    "a blockquote whose last line starts with a dash": (
        "<blockquote><p>Words one.</p><p>Words two.</p><p>— Jo Bloggs, union</p></blockquote>",
        "",
        [("quote", "Words one.\n\nWords two.", "Jo Bloggs, union")],
    ),
    "a figure holding a quote; a figure holding a picture is left out": (
        "<figure><blockquote>Short.</blockquote><figcaption>— Sam Ode</figcaption></figure>"
        '<figure><img src="x.jpg"><figcaption>Ferry at dawn</figcaption></figure><p>After.</p>',
        "",
        [("quote", "Short.", "Sam Ode"), ("text", "After.")],
    ),
    "a subheading goes with the paragraph after it, a list with the paragraph before it": (
        "<h1>Title</h1><p>Under the title.</p><h4>Small</h4><p>Then this:</p><ul><li>a</li></ul><p>Last.</p>",
        "",
        [("text", "TitleUnder the title."), ("text", "SmallThen this:a"), ("text", "Last.")],
    ),
    "plain text: blank lines part paragraphs, > lines are a quote": (
        "",
        "One line\nwrapped.\n\nTwo.\n\n> Quoted line\n> continues.\n> — Kim Lee\n\n"
        '"We will fight," she said.\n\n<script>x</script>',
        [
            ("text", "One line wrapped."),
            ("text", "Two."),
            ("quote", "Quoted line continues.", "Kim Lee"),
            ("text", '"We will fight," she said.'),
            ("text", "<script>x</script>"),
        ],
    ),
    "plain text without a blank line: each line is a paragraph": (
        "",
        "A.\nB.\r\nC.",
        [("text", "A."), ("text", "B."), ("text", "C.")],
    ),
}


def editor_texts(page):
    """The body as the form holds it, in order: each text block's words, each quote's."""
    return page.evaluate(
        """() => [...document.querySelectorAll(".order-machine > .inline-related:not(.empty-form)")]
            .filter(block => !block.classList.contains("for-deletion"))
            .sort((a, b) => a.style.order - b.style.order)
            .map(block => block.querySelector(".ProseMirror[contenteditable]")?.textContent
                ?? block.querySelector("textarea[name$='-quote']").value)"""
    )


def test_paste_rules_and_each_text_block_action(editor_page, site):
    page = editor_page
    story = factories.make_story(with_revision=True)
    factories.add_text(story, "<p>Alpha one.</p><p>Omega two.</p>")
    page.goto(f"{site}/admin/stories/story/{story.pk}/change/")

    parsed = page.evaluate(
        "cases => cases.map(([html, text]) => window.newsroomPasteRules.parseArticle(html, text))",
        [[html, text] for html, text, _ in PASTE_RULES.values()],
    )
    for (rule, (_, _, expected)), blocks in zip(PASTE_RULES.items(), parsed, strict=True):
        got = [
            ("text", strip_tags(block["html"]))
            if block["kind"] == "text"
            # The plain text's markup is escaped, so it comes back as the words typed.
            else ("quote", block["quote"], block["attribution"])
            for block in blocks
        ]
        got = [(kind, *(v.replace("&lt;", "<").replace("&gt;", ">") for v in rest)) for kind, *rest in got]
        assert got == expected, rule
    headed = dict(zip(PASTE_RULES, parsed, strict=True))[
        "a subheading goes with the paragraph after it, a list with the paragraph before it"
    ]
    assert headed[0]["html"] == "<h2>Title</h2><p>Under the title.</p>"
    assert headed[1]["html"].startswith("<h3>Small</h3><p>Then this:</p><ul>")

    actions = Actions(page)
    block = text_block(page, "Alpha one.")
    # Pasted after the first paragraph: the block keeps what is before the cursor, the rest goes below.
    block.locator(".prose-editor > .ProseMirror p").first.click()
    page.keyboard.press("End")
    expect(block.get_by_role("button", name="Split at cursor")).to_be_enabled()
    actions.paste("<p>Pasted A.</p><p>Pasted B.</p>", "Pasted A.\n\nPasted B.")
    expect(page.locator(".body-entry-status")).to_have_text(
        "Pasted 2 text blocks. Use “Photo below” on a paragraph to place a photo after it. Undo paste"
    )
    assert editor_texts(page) == ["Alpha one.", "Pasted A.", "Pasted B.", "Omega two."]
    # Undone, the block is as it was; pasted again, the same.
    page.get_by_role("button", name="Undo paste").click()
    expect(page.locator(".body-entry-status")).to_have_text("The paste was undone.")
    assert editor_texts(page) == ["Alpha one.Omega two."]
    block.locator(".prose-editor > .ProseMirror p").first.click()
    page.keyboard.press("End")
    actions.paste("<p>Pasted A.</p><p>Pasted B.</p>", "Pasted A.\n\nPasted B.")
    expect(text_block(page, "Pasted B.")).to_have_count(1)
    assert editor_texts(page) == ["Alpha one.", "Pasted A.", "Pasted B.", "Omega two."]

    # One paragraph is an ordinary paste, into the text.
    text_block(page, "Pasted A.").locator(".prose-editor > .ProseMirror").click()
    page.keyboard.press("End")
    actions.paste("", " And more.")
    expect(text_block(page, "Pasted A. And more.")).to_have_count(1)
    # At the end of a block there is nothing to split; the photo and quote go below it.
    expect(text_block(page, "Pasted A.").get_by_role("button", name="Split at cursor")).to_be_disabled()
    expect(text_block(page, "Pasted A.").get_by_role("button", name="Photo below")).to_be_visible()

    text_block(page, "Pasted B.").get_by_role("button", name="Join with next").click()
    expect(page.locator(".body-entry-status")).to_have_text("Joined the text block below into this one.")
    assert editor_texts(page) == ["Alpha one.", "Pasted A. And more.", "Pasted B.Omega two."]

    # At the start of a block the quote goes above it.
    place_cursor_after(page, text_block(page, "Pasted A."), "")
    page.keyboard.press("Alt+Q")
    page.keyboard.type("Said first.")

    # A quote pasted alone into a new, empty text block takes its place.
    page.get_by_role("button", name="Add text").click()
    actions.paste("<blockquote><p>Only a quote.</p><footer>— Lee</footer></blockquote>", "Only a quote.")
    assert editor_texts(page) == [
        "Alpha one.",
        "Said first.",
        "Pasted A. And more.",
        "Pasted B.Omega two.",
        "Only a quote.",
    ]

    # Ctrl+Shift+V keeps a paste in the one block, as the editor's own plain-text paste.
    page.get_by_role("button", name="Add text").click()
    actions.paste("", "Kept together.\n\nIn one block.", keys="Control+Shift+V")
    expect(text_block(page, "In one block.")).to_contain_text("Kept together.")

    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert [strip_tags(value) if kind == "text" else value for kind, value in ordered_body(story)] == [
        "Alpha one.",
        "Said first.",
        "Pasted A. And more.",
        "Pasted B.Omega two.",
        "Only a quote.",
        "Kept together.In one block.",
    ]
    assert Quote.objects.get(quote="Only a quote.").attribution == "Lee"
