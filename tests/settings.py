"""The project's settings, as production has them, with the one value tests must supply.

Tests run with DEBUG off, like production, so they need a SECRET_KEY before the
settings module is imported. Test speed-ups live in tests/conftest.py.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-never-used-in-production")
os.environ.setdefault("EMAIL_URL", "memorymail://")

from newsroom.settings import *  # noqa: F403
