"""Browser notifications: the test plays browser and push service. It makes a P-256 key pair and
an auth secret, registers that subscription through the manage page's endpoint, receives the
encrypted push on a loopback HTTP endpoint, decrypts it (http_ece, RFC 8291) and reads the
payload; a 404 or 410 from the push service drops the subscription."""

import base64
import json
import os

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.urls import reverse
from py_vapid import Vapid

from articles.alerts.links import manage_token
from articles.alerts.models import Alert, Delivery, PushSubscription
from articles.workflow.services import story_publish
from tests import factories
from tests.alerts.conftest import make_followers

pytestmark = pytest.mark.django_db


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@pytest.fixture
def vapid(settings):
    key = Vapid()
    key.generate_keys()
    settings.VAPID_PRIVATE_KEY = key.private_pem().decode()
    settings.ALERTS_PUSH_ALLOW_LOOPBACK = True
    return key


@pytest.fixture
def browser(push_service):
    """A browser's push subscription: its own key pair and auth secret, and the push service's URL."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    public = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    auth = os.urandom(16)
    return {
        "private_key": private_key,
        "auth": auth,
        "json": {
            "endpoint": f"{push_service.url}/push/browser-1",
            "keys": {"p256dh": b64(public), "auth": b64(auth)},
        },
    }


def register(client, subscriber, subscription):
    url = reverse("alerts:push", kwargs={"token": manage_token(subscriber)})
    return client.post(url, json.dumps(subscription), content_type="application/json")


def publish_breaking(editor, capture, headline):
    story = factories.make_story(desk_byline="Staff", headline=headline)
    with capture(execute=True):
        story_publish(story=story, user=editor, alert_text="")
    return story


def test_the_push_arrives_encrypted_for_that_browser_and_signed_by_our_vapid_key(
    client, editor, vapid, browser, push_service, django_capture_on_commit_callbacks
):
    (reader,) = make_followers(1, prefix="reader")
    assert register(client, reader, browser["json"]).status_code == 201

    story = publish_breaking(editor, django_capture_on_commit_callbacks, "Polls closed")

    ((path, headers, body),) = push_service.requests
    assert path == "/push/browser-1"
    assert headers["content-encoding"] == "aes128gcm" and headers["urgency"] == "high"
    payload = json.loads(
        http_ece.decrypt(
            body, private_key=browser["private_key"], auth_secret=browser["auth"], version="aes128gcm"
        )
    )
    assert payload == {
        "title": "Breaking news",
        "body": "Polls closed",
        "url": f"http://localhost:8000{story.get_absolute_url()}",
        "tag": f"story-{story.pk}",
    }
    # RFC 8292: a JWT for this push service's origin, signed by the key the browser subscribed with.
    scheme, _space, parameters = headers["authorization"].partition(" ")
    fields = dict(part.strip().split("=", 1) for part in parameters.split(","))
    assert scheme == "vapid"
    header_b64, claims_b64, signature_b64 = fields["t"].split(".")
    assert json.loads(unb64(claims_b64))["aud"] == push_service.url
    server_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(fields["k"]))
    assert fields["k"] == b64(
        vapid.public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )
    raw = unb64(signature_b64)
    signature = encode_dss_signature(int.from_bytes(raw[:32]), int.from_bytes(raw[32:]))
    server_key.verify(signature, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    assert Delivery.objects.get(channel="push").state == "sent"


@pytest.mark.parametrize("status", [404, 410])
def test_a_browser_the_push_service_says_is_gone_is_dropped(
    client, editor, vapid, browser, push_service, status, django_capture_on_commit_callbacks
):
    (reader,) = make_followers(1, prefix="reader")
    register(client, reader, browser["json"])
    push_service.status = status

    publish_breaking(editor, django_capture_on_commit_callbacks, "First")

    assert len(push_service.requests) == 1
    assert not PushSubscription.objects.exists()
    delivery = Delivery.objects.get(channel="push")
    assert delivery.state == "failed" and str(status) in delivery.error
    # The next alert goes by email only; the push service is not asked again.
    push_service.status = 201
    second = publish_breaking(editor, django_capture_on_commit_callbacks, "Second")
    assert len(push_service.requests) == 1
    assert Alert.objects.get(story=second).deliveries.filter(channel="push").count() == 0


def test_a_push_service_error_is_retried_later_not_dropped(
    client, editor, vapid, browser, push_service, django_capture_on_commit_callbacks
):
    (reader,) = make_followers(1, prefix="reader")
    register(client, reader, browser["json"])
    push_service.status = 503

    publish_breaking(editor, django_capture_on_commit_callbacks, "First")

    assert PushSubscription.objects.exists()
    assert Delivery.objects.get(channel="push").state == "pending"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"endpoint": "http://push.example.net/x"}, "must use https"),
        ({"keys": {"p256dh": "short", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, "p256dh"),
        ({"endpoint": None}, "endpoint"),
    ],
)
def test_a_bad_subscription_is_refused_with_a_sentence(client, vapid, browser, change, message, settings):
    settings.ALERTS_PUSH_ALLOW_LOOPBACK = False
    (reader,) = make_followers(1, prefix="reader")
    response = register(client, reader, {**browser["json"], **change})
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_a_bad_link_or_another_site_cannot_register_a_browser(client, vapid, browser):
    (reader,) = make_followers(1, prefix="reader")
    url = reverse("alerts:push", kwargs={"token": "not-a-token"})
    assert client.post(url, json.dumps(browser["json"]), content_type="application/json").status_code == 400
    cross_site = client.post(
        reverse("alerts:push", kwargs={"token": manage_token(reader)}),
        json.dumps(browser["json"]),
        content_type="application/json",
        headers={"sec-fetch-site": "cross-site"},
    )
    assert cross_site.status_code == 403
    assert not PushSubscription.objects.exists()
