"""The project's settings, as production has them, with the one value tests must supply.

Tests run with DEBUG off, like production, so they need a SECRET_KEY before the
settings module is imported. Test speed-ups live in tests/conftest.py.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-never-used-in-production")
os.environ.setdefault("EMAIL_URL", "memorymail://")
os.environ.setdefault("NEWSROOM_DEMO", "true")

from newsroom.settings import *  # noqa: F403

# The browser tests' live server speaks plain HTTP, and its middleware is built before any
# per-test settings override could turn the HTTPS redirect off. (Not an environment variable:
# the deploy-check test runs manage.py in a subprocess that must see production defaults.)
SECURE_SSL_REDIRECT = False
