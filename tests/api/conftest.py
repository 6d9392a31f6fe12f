"""Partner tokens and ninjs items for the content API tests."""

import base64

import pytest

from articles.api.tokens import api_token_create
from tests import factories


@pytest.fixture
def desk(db):
    return factories.make_section(name="Wire", slug="wire")


@pytest.fixture
def issue_token(desk):
    """issue_token(user, *scopes) → the Authorization header value of a new token."""

    def issue(user, *scopes):
        _token, secret = api_token_create(
            name="Example wire", user=user, section=desk, scopes=list(scopes), created_by=None
        )
        return f"Bearer {secret}"

    return issue


def data_uri(**image_options) -> str:
    """A real picture, made with Pillow, as a data: URI."""
    return "data:image/jpeg;base64," + base64.b64encode(factories.image_bytes(**image_options)).decode()


def wire_item(uri="urn:example:wire:1", version="1", **overrides) -> dict:
    item = {
        "uri": uri,
        "version": version,
        "type": "text",
        "headlines": [
            {"role": "main", "value": "Ferry strike ends after talks"},
            {"role": "kicker", "value": "Transport"},
        ],
        "descriptions": [{"role": "summary", "value": "Crews return on Monday."}],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/html",
                "value": "<p>The strike is over.</p><script>alert(1)</script>"
                "<figure><blockquote><p>We won.</p></blockquote>"
                "<figcaption>Union leader</figcaption></figure>"
                '<figure data-association="inline-1"><figcaption>Crews</figcaption></figure>'
                "<p>Ferries run again.</p>",
            }
        ],
        "people": [{"name": "Ana Müller", "rel": "author"}],
        "subjects": [{"name": "Ferries", "rel": "topic"}, {"name": "Labour", "rel": "topic"}],
    }
    return item | overrides


def picture(name, *, caption="Crews walk up the gangway.", credit="Jane Roe/Example Wire", **image_options):
    return {
        "name": name,
        "uri": f"urn:example:photo:{name}",
        "type": "picture",
        "descriptions": [
            {"role": "caption", "value": caption},
            {"role": "alt", "value": "People on a ferry ramp"},
        ],
        "by": credit,
        "renditions": [{"name": "original", "href": data_uri(**image_options), "contentType": "image/jpeg"}],
    }
