"""Partner tokens: issuing (the secret is shown once), finding a token by its secret, revoking.

Only a SHA-256 of each secret is stored. The secrets are 256 random bits, so a fast hash is
enough (a slow password hash protects guessable secrets, and would cost every request).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles.api.models import ApiToken, Scope
from articles.stories.models import Section
from articles.workflow.permissions import user_can_publish

SECRET_START = "nrt_"  # noqa: S105 - the marker every secret starts with, not a secret
# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def scope_problems(*, user: AbstractBaseUser, scopes: list[str]) -> list[str]:
    """Sentences naming why `user`'s token may not hold `scopes`; empty when it may."""
    problems = [f"“{scope}” is not a scope." for scope in scopes if scope not in Scope.values]
    if Scope.PUBLISH in scopes and not user_can_publish(user):
        problems.append(
            f"{user.get_username()} is not an editor, so a token acting as them cannot hold the publish "
            "scope: choose an editor's account, or leave the scope out."
        )
    return problems


@transaction.atomic
def api_token_create(
    *,
    name: str,
    user: AbstractBaseUser,
    section: Section,
    scopes: list[str],
    created_by: AbstractBaseUser | None,
) -> tuple[ApiToken, str]:
    """Issue a token for partner `name` acting as `user`, filing stories in `section`; returns it
    and its secret, which is never stored.

    Refuses (ValidationError "scope_not_allowed") scopes the account could not use, such as
    publish for a Reporter; only editors issue tokens.
    """
    if created_by is not None and not created_by.has_perm("api.add_apitoken"):
        raise PermissionDenied("Only editors issue API tokens.")
    problems = scope_problems(user=user, scopes=scopes)
    if problems:
        raise ValidationError(" ".join(problems), code="scope_not_allowed")
    secret = SECRET_START + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name.strip(),
        user=user,
        section=section,
        scopes=sorted(set(scopes)),
        prefix=secret[: len(SECRET_START) + 6],
        secret_hash=hash_secret(secret),
        created_by=created_by,
    )
    token.full_clean()
    token.save()
    return token, secret


def api_token_revoke(*, token: ApiToken, user: AbstractBaseUser | None) -> ApiToken:
    """Refuse `token` from now on; revoking twice keeps the first time."""
    if user is not None and not user.has_perm("api.change_apitoken"):
        raise PermissionDenied("Only editors revoke API tokens.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=token.revoked_at)
    return token


def token_for_secret(secret: str) -> ApiToken | None:
    """The token whose secret this is, revoked or not, with its account; None for no token."""
    if not secret.startswith(SECRET_START):
        return None
    return ApiToken.objects.select_related("user").filter(secret_hash=hash_secret(secret)).first()


def token_mark_used(token: ApiToken) -> None:
    """Record that `token` was just used (to the minute: no write per request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
