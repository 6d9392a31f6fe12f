"""The photo chooser's JSON endpoints: a photo by its number, search as you type, upload.

PhotoAdmin mounts them (`get_urls`). Each checks the photo permissions on the server and
answers every refusal with a sentence the chooser prints and a 4xx, never an HTML page.
The chooser asks for a photo by `?id=`, so no script ever rewrites an address.
"""

import re

from django.http import JsonResponse
from django.urls import reverse

from articles.photos.forms import ChooserUploadForm
from articles.photos.models import WHOLE_PICTURE, Photo, rendition_prefetch

# Results per search; the chooser says when there are more and asks for more words.
CHOOSER_RESULTS = 12
# Longer searches are cut: nobody types more, and every word is one more condition.
MAX_SEARCH_LENGTH = 200
# A photo number: ASCII digits, short enough for a bigint.
PHOTO_NUMBER = re.compile(r"[0-9]{1,18}")


def original_url(photo: Photo) -> str:
    """Where staff see a photo's original (never a public address)."""
    return reverse("admin:photos_photo_original", args=[photo.pk])


def thumbnail_url(photo: Photo) -> str:
    """The smallest whole-picture rendition (when prefetched as `rendition_list`), else the original."""
    renditions = [
        rendition
        for rendition in getattr(photo, "rendition_list", None) or photo.renditions.all()
        if not rendition.crop
    ]
    return renditions[0].file.url if renditions else original_url(photo)


def chooser_problems(photo: Photo) -> list[str]:
    """Why a story would refuse the photo, in the words of the story form's own refusal."""
    problems = []
    if not photo.is_accessible():
        problems.append(
            "It has no alt text yet: add it in the photo library (or mark it decorative) before "
            "a story can use it."
        )
    if not photo.is_usable():
        problems.append(f"Its licence ended on {photo.usable_until:%d %B %Y}; stories cannot use it.")
    return problems


def photo_json(photo: Photo) -> dict:
    """What the chooser and the batch upload print about a photo."""
    return {
        "id": photo.pk,
        "url": reverse("admin:photos_photo_change", args=[photo.pk]),
        "thumbnail_url": thumbnail_url(photo),
        "alt_text": photo.alt_text,
        "caption_with_credit": photo.caption_with_credit(),
        "usable": photo.is_usable(),
        "problems": chooser_problems(photo),
    }


def refusal(message: str, status: int) -> JsonResponse:
    return JsonResponse({"status": "refused", "message": message}, status=status)


def _for_chooser():
    return Photo.objects.prefetch_related(rendition_prefetch(crops=WHOLE_PICTURE))


def chooser_photo_view(model_admin, request):
    """One photo by its number (`?id=75`): thumbnail, caption with credit, and why a story might refuse it."""
    if not model_admin.has_view_permission(request):
        return refusal("You may not see the photo library.", 403)
    number = request.GET.get("id", "").strip()
    if not PHOTO_NUMBER.fullmatch(number):
        return refusal(f"“{number[:20]}” is not a photo number.", 404)
    photo = _for_chooser().filter(pk=int(number)).first()
    if photo is None:
        return refusal(f"There is no photo {number} in the library.", 404)
    return JsonResponse(photo_json(photo))


def chooser_search_view(model_admin, request):
    """Photos matching every word of `?q=`, newest first; no words, the newest photos.

    Two queries whatever the number of results: the photos (keywords matched in a subquery)
    and their thumbnails.
    """
    if not model_admin.has_view_permission(request):
        return refusal("You may not see the photo library.", 403)
    text = request.GET.get("q", "")[:MAX_SEARCH_LENGTH].strip()
    photos = list(_for_chooser().matching(text).order_by("-uploaded_at", "-pk")[: CHOOSER_RESULTS + 1])
    more = len(photos) > CHOOSER_RESULTS
    if not photos:
        message = f"No photo matches “{text}”." if text else "The photo library is empty."
    elif more:
        message = f"The newest {CHOOSER_RESULTS} matches; type more words to narrow them down."
    else:
        message = f"{len(photos)} photo{'' if len(photos) == 1 else 's'}."
    return JsonResponse(
        {
            "results": [photo_json(photo) for photo in photos[:CHOOSER_RESULTS]],
            "more": more,
            "message": message,
        }
    )


def chooser_upload_view(model_admin, request):
    """Add one file to the library from a chooser, through `photo_ingest`, with the desk's alt text.

    Answers 201 with the new photo, 409 with the library's copy (status "duplicate", which the
    chooser then chooses) or with the photos it looks like (status "similar": send again with
    `allow_similar`), and a 4xx with a sentence for anything refused. Nothing is stored on a refusal.
    """
    if not model_admin.has_add_permission(request):
        return refusal("You may not add photos to the library.", 403)
    if request.method != "POST":
        return refusal("Send the file with POST.", 405)
    form = ChooserUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return refusal(form.refusal(), 400)
    file = form.cleaned_data["file"]
    result = model_admin.ingest_file(
        request, file, form.cleaned_data["allow_similar"], photo=form.typed_photo()
    )
    return JsonResponse(result, status=result.pop("http_status"))
