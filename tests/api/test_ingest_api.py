"""The write API: partner tokens, idempotent ingest by uri and version, refusals, publishing by scope."""

import json

import pytest
from django.utils import timezone

from articles.api.models import ApiToken, IngestedItem, Scope
from articles.api.tokens import api_token_create, api_token_revoke
from articles.stories.models import InlinePhoto, Quote, RichText, Story
from articles.workflow.models import AuditEntry
from tests import factories
from tests.api.conftest import picture, wire_item

URL = "/api/ingest/items"


def post(client, auth, item, **headers):
    return client.post(
        URL, json.dumps(item), content_type="application/json", HTTP_AUTHORIZATION=auth, **headers
    )


@pytest.fixture
def reporter_token(reporter, issue_token):
    return issue_token(reporter, Scope.INGEST_DRAFT, Scope.INGEST_PHOTOS)


def test_item_becomes_a_draft_with_photos_through_the_services(client, reporter, reporter_token):
    """A ninjs item makes a sanitised draft: photos ingested, a revision and an audit entry recorded."""
    item = wire_item(associations=[picture("lead", caption="The harbour at dawn."), picture("inline-1")])
    response = post(client, reporter_token, item)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "created" and body["version"] == 1 and body["story_status"] == "draft"
    story = Story.objects.get(pk=body["story_id"])
    assert (story.headline, story.kicker, story.deck) == (
        "Ferry strike ends after talks",
        "Transport",
        "Crews return on Monday.",
    )
    assert story.section.slug == "wire" and story.created_by == reporter
    assert [b.author.name for b in story.ordered_bylines] == ["Ana Müller"]
    assert [t.name for t in story.topics] == ["Ferries", "Labour"]
    assert (
        story.lead_photo.caption == "The harbour at dawn."
        and story.lead_photo.credit == "Jane Roe/Example Wire"
    )
    assert story.lead_photo.uploaded_by == reporter and story.lead_photo.alt_text == "People on a ferry ramp"
    texts = [block.text for block in RichText.objects.filter(parent=story).order_by("ordering")]
    assert texts == ["<p>The strike is over.</p>", "<p>Ferries run again.</p>"]  # the script is gone
    quote = Quote.objects.get(parent=story)
    assert (quote.quote, quote.attribution) == ("We won.", "Union leader")
    inline = InlinePhoto.objects.get(parent=story)
    assert inline.photo.caption == "Crews walk up the gangway."
    orderings = sorted(
        [(b.ordering, "text") for b in RichText.objects.filter(parent=story)]
        + [(quote.ordering, "quote"), (inline.ordering, "photo")]
    )
    assert [kind for _ordering, kind in orderings] == ["text", "quote", "photo", "text"]
    assert story.revisions.count() == 2  # created, then the item's full content
    entry = AuditEntry.objects.get(story=story)
    assert entry.action == AuditEntry.Action.INGESTED and entry.user == reporter
    assert "Example wire" in entry.detail and "urn:example:wire:1" in entry.detail
    assert ApiToken.objects.get().last_used_at is not None


def test_same_version_is_a_no_op_newer_revises_older_is_refused(client, reporter_token):
    first = post(client, reporter_token, wire_item())
    story_id = first.json()["story_id"]

    again = post(client, reporter_token, wire_item())
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    assert Story.objects.count() == 1 and AuditEntry.objects.count() == 1

    newer = wire_item(
        version="2", headlines=[{"role": "main", "value": "Ferry strike ends: crews back Monday"}]
    )
    revised = post(client, reporter_token, newer)
    assert revised.status_code == 200 and revised.json()["status"] == "revised"
    story = Story.objects.get()
    assert story.pk == story_id and story.headline == "Ferry strike ends: crews back Monday"
    assert story.slug == "ferry-strike-ends-after-talks"  # the address stays
    assert IngestedItem.objects.get().version == 2

    older = post(client, reporter_token, wire_item(version="1"))
    assert older.status_code == 409
    assert older.json()["code"] == "older_version" and "older than version 2" in older.json()["error"]
    assert Story.objects.get().headline == "Ferry strike ends: crews back Monday"  # nothing lost


def test_resent_photo_is_not_stored_twice(client, reporter_token):
    lead = picture("lead")
    post(client, reporter_token, wire_item(associations=[lead]))
    post(client, reporter_token, wire_item(uri="urn:example:wire:2", associations=[lead]))
    first, second = Story.objects.order_by("pk")
    assert first.lead_photo_id == second.lead_photo_id


def test_tokens_are_required_known_live_and_scoped(client, reporter, issue_token):
    assert post(client, "", wire_item()).status_code == 401
    unknown = post(client, "Bearer nrt_not-a-token", wire_item())
    assert unknown.status_code == 401 and unknown.json()["code"] == "unknown_token"

    no_draft_scope = issue_token(reporter, Scope.INGEST_PHOTOS)
    refused = post(client, no_draft_scope, wire_item())
    assert refused.status_code == 403 and "ingest:draft" in refused.json()["error"]

    no_photo_scope = issue_token(reporter, Scope.INGEST_DRAFT)
    refused = post(client, no_photo_scope, wire_item(associations=[picture("lead")]))
    assert refused.status_code == 403 and refused.json()["code"] == "scope_missing"
    assert not Story.objects.exists()

    token = ApiToken.objects.get(scopes=[Scope.INGEST_DRAFT])
    assert post(client, no_photo_scope, wire_item()).status_code == 201
    api_token_revoke(token=token, user=None)
    revoked = post(client, no_photo_scope, wire_item(version="2"))
    assert revoked.status_code == 401 and revoked.json()["code"] == "revoked_token"


@pytest.mark.parametrize(
    ("item", "status", "fragment"),
    [
        ({"uri": "urn:x:1", "version": "1"}, 422, "headlines"),
        (wire_item(version="first"), 422, "whole number"),
        (wire_item(version=str(2**40)), 422, "version"),
        (wire_item(headlines=[{"value": "Strike\x00ends"}]), 422, "NUL characters"),
        (wire_item(headlines=[{"value": "x" * 201}]), 422, "at most 200 characters"),
        (
            wire_item(
                associations=[
                    {
                        "name": "lead",
                        "uri": "urn:p",
                        "renditions": [{"name": "web", "href": "https://example.org/p.jpg"}],
                    }
                ]
            ),
            422,
            "fetches nothing",
        ),
        (
            wire_item(
                associations=[
                    {
                        "name": "lead",
                        "uri": "urn:p",
                        "renditions": [{"name": "original", "href": "data:image/jpeg;base64,@@@"}],
                    }
                ]
            ),
            422,
            "not base64",
        ),
        (
            wire_item(
                associations=[
                    {
                        "name": "lead",
                        "uri": "urn:p",
                        "renditions": [{"name": "original", "href": "data:image/jpeg;base64,aGVsbG8="}],
                    }
                ]
            ),
            422,
            "was refused",
        ),
    ],
    ids=[
        "no-headline",
        "version-not-a-number",
        "version-too-large",
        "nul-character",
        "headline-too-long",
        "photo-by-url",
        "photo-not-base64",
        "photo-not-an-image",
    ],
)
def test_bad_items_get_a_sentence_and_a_4xx(client, reporter_token, item, status, fragment):
    response = post(client, reporter_token, item)
    assert response.status_code == status, response.content
    assert fragment in response.json()["error"]
    assert not Story.objects.exists()


def test_not_json_and_too_large_are_refused(client, reporter_token, settings):
    broken = client.post(URL, "{not json", content_type="application/json", HTTP_AUTHORIZATION=reporter_token)
    assert broken.status_code in (400, 422) and broken.json()["error"]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    large = post(client, reporter_token, wire_item(associations=[picture("lead")]))
    assert large.status_code == 413 and "KB" in large.json()["error"]


def test_rate_limited_per_token(client, reporter_token, settings):
    settings.API_INGEST_REQUESTS_PER_MINUTE = 2
    assert post(client, reporter_token, wire_item()).status_code == 201
    assert post(client, reporter_token, wire_item()).status_code == 200
    limited = post(client, reporter_token, wire_item())
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert "2 requests a minute" in limited.json()["error"]


def test_reporter_token_cannot_publish_editor_token_can(
    client, reporter, editor, desk, issue_token, django_capture_on_commit_callbacks
):
    """No token acting as a Reporter holds publish; an editor's token with the scope publishes."""
    with pytest.raises(Exception, match="not an editor"):
        api_token_create(name="Sneaky", user=reporter, section=desk, scopes=[Scope.PUBLISH], created_by=None)
    # A row forced past the issuing rule still cannot publish: the account's permission decides.
    reporter_token = issue_token(reporter, Scope.INGEST_DRAFT, Scope.INGEST_PHOTOS)
    ApiToken.objects.filter(user=reporter).update(
        scopes=[Scope.INGEST_DRAFT, Scope.INGEST_PHOTOS, Scope.PUBLISH]
    )
    with django_capture_on_commit_callbacks(execute=True):  # the renditions task, as after a real commit
        post(client, reporter_token, wire_item(associations=[picture("lead"), picture("inline-1")]))
    publish = {"uri": "urn:example:wire:1"}
    refused = client.post(
        "/api/ingest/publish", publish, content_type="application/json", HTTP_AUTHORIZATION=reporter_token
    )
    assert refused.status_code == 403 and "Only editors" in refused.json()["error"]
    assert Story.objects.get().status == Story.Status.DRAFT

    editor_without_scope = issue_token(editor, Scope.INGEST_DRAFT)
    refused = client.post(
        "/api/ingest/publish",
        publish,
        content_type="application/json",
        HTTP_AUTHORIZATION=editor_without_scope,
    )
    assert refused.status_code == 403 and "publish scope" in refused.json()["error"]

    editor_token = issue_token(editor, Scope.INGEST_DRAFT, Scope.PUBLISH)
    published = client.post(
        "/api/ingest/publish", publish, content_type="application/json", HTTP_AUTHORIZATION=editor_token
    )
    assert published.status_code == 200, published.content
    story = Story.objects.get()
    assert story.is_published() and story.published_at <= timezone.now()

    # Once live, a Reporter's token can no longer change it: the workflow's rule, a 403.
    revised = post(client, reporter_token, wire_item(version="2"))
    assert revised.status_code == 403 and "Only editors" in revised.json()["error"]
    again = client.post(
        "/api/ingest/publish", publish, content_type="application/json", HTTP_AUTHORIZATION=editor_token
    )
    assert again.status_code == 409


def test_editors_issue_tokens_in_the_admin_and_see_the_secret_once(client, editor, reporter, desk):
    client.force_login(editor)
    response = client.post(
        "/admin/api/apitoken/add/",
        {"name": "Example wire", "user": reporter.pk, "section": desk.pk, "scopes": [Scope.INGEST_DRAFT]},
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    token = ApiToken.objects.get()
    assert secret.startswith(token.prefix) and secret not in str(list(ApiToken.objects.values()))
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    refused = client.post(
        "/admin/api/apitoken/add/",
        {"name": "Too much", "user": reporter.pk, "section": desk.pk, "scopes": [Scope.PUBLISH]},
    )
    assert refused.status_code == 200 and "not an editor" in refused.content.decode()
    assert ApiToken.objects.count() == 1


def test_reporters_cannot_manage_tokens(client, reporter):
    client.force_login(reporter)
    assert client.get("/admin/api/apitoken/").status_code == 403


def test_two_deliveries_of_one_new_item_at_once_make_one_story(reporter, desk, monkeypatch):
    """A delivery that lands while another is storing its photos finds it under the lock: no duplicate."""
    from articles.api import ingest
    from articles.api.schemas import NinjsItemIn

    item = NinjsItemIn.model_validate(wire_item())
    arguments = {"user": reporter, "token": None, "section": desk, "allow_photos": False}
    ingest_photos, competitors = ingest.item_photos_ingest, []

    def competitor_first(associations, **options):
        # The other delivery runs to its end after this one's first look, before its locked one.
        if not competitors:
            competitors.append(None)
            competitors[0] = ingest.story_ingest(item=item, **arguments)
        return ingest_photos(associations, **options)

    monkeypatch.setattr(ingest, "item_photos_ingest", competitor_first)
    outcome = ingest.story_ingest(item=item, **arguments)
    assert competitors[0].status == "created" and outcome.status == "unchanged"
    assert Story.objects.count() == 1 and IngestedItem.objects.count() == 1


def test_partners_need_no_csrf_token_and_editors_revoke_in_the_admin(client, editor, reporter_token):
    """A partner's POST carries no cookie, so no CSRF token; the admin's revoke action stops the token."""
    from django.test import Client

    partner = Client(enforce_csrf_checks=True)
    assert post(partner, reporter_token, wire_item()).status_code == 201
    client.force_login(editor)
    token = ApiToken.objects.get()
    response = client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    assert post(partner, reporter_token, wire_item(version="2")).status_code == 401
    assert client.get(f"/admin/api/ingesteditem/{IngestedItem.objects.get().pk}/change/").status_code == 200


def test_a_revision_keeps_the_section_the_desk_chose(client, reporter_token):
    post(client, reporter_token, wire_item())
    other = factories.make_section(name="Business", slug="business")
    Story.objects.update(section=other)
    post(client, reporter_token, wire_item(version="2"))
    assert Story.objects.get().section == other
