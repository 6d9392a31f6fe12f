"""Signup rate limits, counted in the cache per address and per client."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def signup_allowed(*, email: str, client_address: str) -> bool:
    """Count this signup attempt; False once the address or the client has tried too often this hour."""
    email_key = "alerts:email:" + hashlib.sha256(email.lower().encode()).hexdigest()
    client_key = "alerts:client:" + hashlib.sha256(client_address.encode()).hexdigest()
    within_limits = True
    for key, limit in (
        (email_key, settings.ALERTS_SIGNUPS_PER_ADDRESS_PER_HOUR),
        (client_key, settings.ALERTS_SIGNUPS_PER_CLIENT_PER_HOUR),
    ):
        cache.add(key, 0, timeout=3600)
        try:
            attempts = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=3600)
            attempts = 1
        within_limits = within_limits and attempts <= limit
    return within_limits
