"""The partner write API: send a ninjs item in, publish what it became. Tokens and scopes are checked
here; the work is `story_ingest` and `story_publish`, the services the admin uses."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Router, Status

from articles.api.auth import ApiRefusal, PartnerToken
from articles.api.ingest import IngestOutcome, story_ingest
from articles.api.models import ApiToken, IngestedItem, Scope
from articles.api.refusals import IngestRefused
from articles.api.schemas import IngestResultOut, NinjsItemIn, Problem, PublishIn
from articles.workflow.services import story_publish

write = Router(tags=["ingest"], auth=PartnerToken())
REFUSALS = dict.fromkeys((400, 401, 403, 404, 409, 413, 422, 429), Problem)


def _require_scope(token: ApiToken, scope: str) -> None:
    if not token.has_scope(scope):
        raise ApiRefusal(
            f"This token lacks the {scope} scope; ask the newsroom to add it.",
            status=403,
            code="scope_missing",
        )


def _result(outcome: IngestOutcome, *, status: str | None = None, message: str | None = None) -> dict:
    return {
        "status": status or outcome.status,
        "uri": outcome.item.uri,
        "version": outcome.item.version,
        "story_id": outcome.story.pk,
        "story_status": outcome.story.status,
        "admin_url": outcome.admin_url,
        "message": message or outcome.message,
    }


@write.post(
    "/items",
    response={200: IngestResultOut, 201: IngestResultOut, **REFUSALS},
    summary="Send a ninjs item: a new draft story, a revision of it, or nothing when already received",
)
def item_ingest(request, item: NinjsItemIn):
    token: ApiToken = request.auth
    _require_scope(token, Scope.INGEST_DRAFT)
    outcome = story_ingest(
        item=item,
        user=token.user,
        token=token,
        section=token.section,
        allow_photos=token.has_scope(Scope.INGEST_PHOTOS),
    )
    return Status(201 if outcome.status == "created" else 200, _result(outcome))


@write.post(
    "/publish",
    response={200: IngestResultOut, **REFUSALS},
    summary="Publish the story made from an item (editors' tokens with the publish scope)",
)
def item_publish(request, body: PublishIn):
    token: ApiToken = request.auth
    _require_scope(token, Scope.PUBLISH)
    known = IngestedItem.objects.select_related("story").filter(uri=body.uri).first()
    if known is None:
        raise Http404("No item with this uri was received.")
    try:
        story = story_publish(story=known.story, user=token.user)
    except PermissionDenied as error:
        raise ApiRefusal(str(error), status=403, code="not_allowed") from error
    except ValidationError as error:
        raise IngestRefused(
            "The story cannot be published yet: " + " ".join(error.messages),
            status=422 if getattr(error, "code", None) != "already_published" else 409,
            code="publish_refused",
            problems=error.messages,
        ) from error
    outcome = IngestOutcome("published", story, known)
    return Status(200, _result(outcome, message=f"Published “{story.headline}”."))
