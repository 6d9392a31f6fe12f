"""Control characters never reach a query: PostgreSQL refuses a NUL byte with an error (a 500).

The middleware strips them from every query string (the reader search, every admin search box,
filter and autocomplete), so those pages answer as if they were never typed. Form fields refuse
NUL already (Django's CharField); topic names refuse the rest (articles/stories/topics.py).
"""

import re

from django.http import QueryDict

# C0 and C1 controls and DEL, keeping tab, line feed and carriage return (harmless whitespace).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control_characters(text: str) -> str:
    """`text` without control characters other than tab and line breaks."""
    return CONTROL_CHARACTERS.sub("", text)


class ControlCharactersMiddleware:
    """Replace `request.GET` with a copy free of control characters, in keys and values."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(CONTROL_CHARACTERS.search(key + "".join(values)) for key, values in request.GET.lists()):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                for value in values:
                    cleaned.appendlist(strip_control_characters(key), strip_control_characters(value))
            request.GET = QueryDict(cleaned.urlencode())  # read-only, as Django's own
        return self.get_response(request)
