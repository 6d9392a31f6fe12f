import pytest

from tests import factories


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


@pytest.fixture
def complete_photo(db):
    """A photo with caption, credit and alt text: fit to publish."""
    return factories.make_photo()
