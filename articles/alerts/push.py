"""Browser notifications: the VAPID key (RFC 8292) and one Web Push message (RFC 8030, RFC 8291).

The key comes from VAPID_PRIVATE_KEY. Without it, the demo (NEWSROOM_DEMO) makes a key pair once
and keeps it in VAPID_KEY_FILE (var/ is git-ignored), so `make serve` offers notifications out of
the box; production without a key offers none.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

# pywebpush brings requests and aiohttp (about 40 MiB per process): imported where a push is
# made or a key read, so web workers that only render pages never load it.
if TYPE_CHECKING:
    import requests
    from py_vapid import Vapid


class PushResult(Enum):
    SENT = "sent"
    GONE = "gone"  # 404/410: the browser unsubscribed; drop the subscription
    RETRY = "retry"  # could not reach the push service, or it asked us to wait: try again later
    REFUSED = "refused"  # any other answer: give up on this message
    UNKNOWN = "unknown"  # the connection broke after sending: it may have arrived


@dataclass(frozen=True)
class PushOutcome:
    result: PushResult
    detail: str = ""


@cache
def _vapid_from(private_key: str, key_file: str, demo: bool) -> Vapid | None:
    from py_vapid import Vapid

    if private_key.lstrip().startswith("-----BEGIN"):
        return Vapid.from_pem(private_key.encode())
    if private_key:
        return Vapid.from_string(private_key=private_key)  # base64url DER, as `vapid --gen` prints
    if not demo:
        return None
    path = Path(key_file)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        vapid = Vapid()
        vapid.generate_keys()
        vapid.save_key(str(path))
        path.chmod(0o600)
    return Vapid.from_file(str(path))


def vapid_key() -> Vapid | None:
    """The server's VAPID key, or None when browser notifications are not configured."""
    demo = "articles.demo" in settings.INSTALLED_APPS
    return _vapid_from(settings.VAPID_PRIVATE_KEY, str(settings.VAPID_KEY_FILE), demo)


def vapid_public_key() -> str:
    """The public key browsers subscribe with (applicationServerKey), base64url; "" when not configured."""
    from cryptography.hazmat.primitives import serialization

    vapid = vapid_key()
    if vapid is None:
        return ""
    raw = vapid.public_key.public_bytes(
        encoding=serialization.Encoding.X962, format=serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def push_send(
    *, subscription_info: dict, payload: dict, vapid: Vapid, session: requests.Session, ttl: int = 86400
) -> PushOutcome:
    """Encrypt `payload` for one browser (aes128gcm) and hand it to its push service."""
    import requests
    from pywebpush import WebPushException, webpush

    try:
        webpush(
            subscription_info=subscription_info,
            data=json.dumps(payload),
            vapid_private_key=vapid,
            vapid_claims={"sub": settings.VAPID_SUBJECT},  # a fresh dict: pywebpush fills in aud/exp
            ttl=ttl,
            timeout=10,
            headers={"Urgency": "high"},
            requests_session=session,
        )
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in (404, 410):
            return PushOutcome(PushResult.GONE, f"The push service answered {status}: the browser left.")
        if status == 429 or (status is not None and status >= 500):
            return PushOutcome(PushResult.RETRY, f"The push service answered {status}.")
        return PushOutcome(PushResult.REFUSED, f"The push service answered {status}: {str(error)[:200]}")
    except requests.ConnectionError as error:
        return PushOutcome(PushResult.RETRY, f"Could not reach the push service: {str(error)[:200]}")
    except requests.RequestException as error:
        return PushOutcome(PushResult.UNKNOWN, f"No answer from the push service: {str(error)[:200]}")
    return PushOutcome(PushResult.SENT)
