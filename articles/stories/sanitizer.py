"""The one allowlist for stored rich text.

The editor's extensions (django-prose-editor) and the server-side nh3 cleaner are
derived from the same configuration, so what an editor can make is exactly what
survives sanitising, and nothing else (no scripts, event attributes or
javascript: links).
"""

from django_prose_editor.fields import create_sanitizer

RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
}

sanitize_html = create_sanitizer(RICH_TEXT_EXTENSIONS)
