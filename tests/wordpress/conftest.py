from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.wordpress.exports import SITE, Item, attachment, draw_uploads, wxr_document

CLASSIC_BODY = """Der Hafen öffnet wieder: the ferries are back, and so is the café on the pier.
Locals lined up before dawn.

[caption id="attachment_101" align="aligncenter" width="480"]<a href="{site}/wp-content/uploads/2024/05/harbour.jpg"><img class="size-large wp-image-101" src="{site}/wp-content/uploads/2024/05/harbour-300x200.jpg" alt="" width="300" height="200" /></a> Ferries at dawn, by the new pier[/caption]

<blockquote>“We waited three years for this morning.”<cite>— Søren Ålund, harbour master</cite></blockquote>

The council will vote on the timetable in June.

[contact-form-7 id="12" title="Tips"]""".replace("{site}", SITE)  # noqa: E501 - markup as WordPress saves it

GUTENBERG_BODY = """<!-- wp:paragraph -->
<p>The festival opened with a <strong>record crowd</strong> of 12 000 — and rain.</p>
<!-- /wp:paragraph -->

<!-- wp:heading {"level":4} -->
<h4 class="wp-block-heading">Three stages</h4>
<!-- /wp:heading -->

<!-- wp:gallery {"linkTo":"none"} -->
<figure class="wp-block-gallery has-nested-images columns-default is-cropped"><!-- wp:image {"id":102,"sizeSlug":"large","linkDestination":"none"} -->
<figure class="wp-block-image size-large"><img src="{site}/wp-content/uploads/2024/06/stage-a-1024x683.jpg" alt="" class="wp-image-102"/><figcaption class="wp-element-caption">The main stage at sunset</figcaption></figure>
<!-- /wp:image -->

<!-- wp:image {"id":103,"sizeSlug":"large","linkDestination":"none"} -->
<figure class="wp-block-image size-large"><img src="{site}/wp-content/uploads/2024/06/stage-b.png" alt="" class="wp-image-103"/></figure>
<!-- /wp:image --></figure>
<!-- /wp:gallery -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><!-- wp:paragraph -->
<p>Music is what the town sounds like when it is happy.</p>
<!-- /wp:paragraph --><cite>Zoë Ångström, organiser</cite></blockquote>
<!-- /wp:quote -->

<!-- wp:list -->
<ul class="wp-block-list"><!-- wp:list-item -->
<li>Tickets: 25 €</li>
<!-- /wp:list-item --></ul>
<!-- /wp:list -->

<!-- wp:separator -->
<hr class="wp-block-separator has-alpha-channel-opacity"/>
<!-- /wp:separator -->

<!-- wp:embed {"url":"https://video.example.com/42","type":"video"} -->
<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">
https://video.example.com/42
</div></figure>
<!-- /wp:embed -->""".replace("{site}", SITE)  # noqa: E501 - markup as WordPress saves it

MEDIA = ["2024/05/harbour.jpg", "2024/06/stage-a.jpg", "2024/06/stage-b.png"]


def export_items() -> list[Item]:
    return [
        attachment(
            101,
            "2024/05/harbour.jpg",
            caption="Ferries moored at the new pier",
            description="Jan Novák/Harbour Gazette",
            alt="Three white ferries at a concrete pier",
        ),
        attachment(102, "2024/06/stage-a.jpg", caption="Main stage", description="Lea Weiß", alt="A stage"),
        attachment(103, "2024/06/stage-b.png", caption="Side stage", description="Lea Weiß", alt="A tent"),
        attachment(104, "2024/06/lost.jpg", caption="Lost", description="Nobody", alt="Gone"),
        attachment(105, "2024/06/timetable.pdf"),
        Item(
            post_id=201,
            title="Harbour reopens after three years",
            content=CLASSIC_BODY,
            excerpt="The ferries are back.",
            post_name="harbour-reopens",
            link=f"{SITE}/2024/05/03/harbour-reopens/",
            categories=[("news", "News")],
            tags=[("elections", "Élections"), ("harbour", "Harbour")],
            meta={"_thumbnail_id": "101", "_edit_last": "1"},
        ),
        Item(
            post_id=202,
            title="Festival draws a record crowd",
            content=GUTENBERG_BODY,
            creator="jose",
            post_name="festival-record-crowd",
            date_gmt="2024-06-10 18:00:00",
            link=f"{SITE}/2024/06/10/festival-record-crowd/",
            categories=[("culture", "Culture & Arts"), ("news", "News")],
        ),
        Item(
            post_id=203,
            title="Draft: the lost photo",
            status="draft",
            date_gmt="0000-00-00 00:00:00",
            content=(
                '<!-- wp:image {"id":104} --><figure class="wp-block-image">'
                f'<img src="{SITE}/wp-content/uploads/2024/06/lost.jpg" class="wp-image-104"/></figure>'
                "<!-- /wp:image -->\n\nStill writing."
            ),
        ),
        Item(
            post_id=204,
            title="Timetable comes into force",
            status="future",
            date_gmt="2099-01-01 06:00:00",
            content="From January, boats every hour.",
            post_name="timetable",
        ),
        Item(
            post_id=205,
            title="Letters: the pier",
            status="pending",
            content="Readers write about the pier.",
            post_name="letters-pier",
        ),
        Item(post_id=206, title="Deleted", status="trash", content="Gone."),
        Item(
            post_id=207,
            title="Private note",
            status="private",
            content="Only for us.",
            post_name="private-note",
        ),
        Item(post_id=301, title="About us", post_type="page", content="We are a gazette.", post_name="about"),
        Item(post_id=401, title="Home", post_type="nav_menu_item", status="publish"),
        Item(post_id=501, title="Harbour reopens", post_type="revision", status="inherit", content="old"),
    ]


@dataclass
class Export:
    path: Path
    media_dir: Path

    def write(self, items: list[Item]) -> None:
        self.path.write_text(wxr_document(items), encoding="utf-8")


@pytest.fixture
def export(tmp_path) -> Export:
    media_dir = tmp_path / "uploads"
    draw_uploads(media_dir, MEDIA)
    (media_dir / "2024/06/timetable.pdf").write_bytes(b"%PDF-1.4\n")
    wxr = Export(path=tmp_path / "gazette.WordPress.2025-12-01.xml", media_dir=media_dir)
    wxr.write(export_items())
    return wxr
