import pytest

from tests import factories


@pytest.fixture
def complete_photo(db):
    """A photo with caption, credit and alt text: fit to publish."""
    return factories.make_photo()
