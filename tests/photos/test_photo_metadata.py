import datetime
import io

from PIL import Image

from articles.photos.metadata import parse_xmp, provenance_label, read_metadata
from tests.photos.files import iim_block, jpeg_with_metadata, xmp_packet

AGENCY_CAPTION = "Palestinians inspect a house in Jenin — café owner in front"
AI_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


def iim_fields(overrides=None):
    return {
        120: AGENCY_CAPTION,
        80: "Nasser Ishtayeh",
        110: "Nasser Ishtayeh/Flash90 — café",
        115: "Flash90",
        116: "© 2026 Flash90, all rights reserved",
        105: "West Bank raid",
        25: ["Jenin", "Conflict", "Café"],
        55: "20261124",
    } | (overrides or {})


def test_iim_fields_land_in_place_with_utf8_marker():
    metadata = read_metadata(io.BytesIO(jpeg_with_metadata(iim=iim_block(iim_fields()))))

    assert metadata.caption == AGENCY_CAPTION
    assert metadata.photographer == "Nasser Ishtayeh"
    assert metadata.credit == "Nasser Ishtayeh/Flash90 — café"
    assert metadata.source == "Flash90"
    assert metadata.copyright_notice == "© 2026 Flash90, all rights reserved"
    assert metadata.headline == "West Bank raid"
    assert metadata.keywords == ["Jenin", "Conflict", "Café"]
    assert metadata.date_taken == datetime.date(2026, 11, 24)


def test_iim_without_marker_falls_back_to_latin_1():
    block = iim_block({120: "Un café à Genève", 80: "Zoë Müller"}, encoding="latin-1", marker=False)

    metadata = read_metadata(io.BytesIO(jpeg_with_metadata(iim=block)))

    assert metadata.caption == "Un café à Genève"
    assert metadata.photographer == "Zoë Müller"


def test_xmp_fields_land_in_place():
    packet = xmp_packet(
        description="Olive harvest near Nablus — café break",
        creators=["Nasser Ishtayeh"],
        credit="Nasser Ishtayeh/Flash90 — café",
        source="Flash90",
        rights="© Flash90",
        headline="Harvest",
        subjects=["olives", "harvest"],
        digital_source_type=AI_TYPE,
    )

    metadata = read_metadata(io.BytesIO(jpeg_with_metadata(xmp=packet)))

    assert metadata.caption == "Olive harvest near Nablus — café break"
    assert metadata.photographer == "Nasser Ishtayeh"
    assert metadata.credit == "Nasser Ishtayeh/Flash90 — café"
    assert metadata.source == "Flash90"
    assert metadata.copyright_notice == "© Flash90"
    assert metadata.headline == "Harvest"
    assert metadata.keywords == ["olives", "harvest"]
    assert metadata.digital_source_type == AI_TYPE
    assert provenance_label(metadata.digital_source_type) == "AI-generated"


def test_xmp_wins_where_both_differ_and_iim_fills_the_gaps():
    packet = xmp_packet(description="The XMP caption", creators=["XMP Person"])
    block = iim_block(iim_fields({120: "The IIM caption", 80: "IIM Person"}))

    metadata = read_metadata(io.BytesIO(jpeg_with_metadata(iim=block, xmp=packet)))

    assert metadata.caption == "The XMP caption"
    assert metadata.photographer == "XMP Person"
    assert metadata.source == "Flash90"  # only in IIM
    assert metadata.keywords == ["Jenin", "Conflict", "Café"]


def test_entity_expansion_in_xmp_is_refused_not_expanded():
    doctype = '<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    packet = xmp_packet(description="&lol2;", doctype=doctype)

    metadata = parse_xmp(packet)

    assert metadata.caption == ""
    assert metadata.notes == ["The XMP metadata contains unsafe XML and was ignored."]


def test_external_entity_in_xmp_is_refused():
    doctype = '<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
    metadata = parse_xmp(xmp_packet(description="&ext;", doctype=doctype))

    assert metadata.caption == ""
    assert "unsafe" in metadata.notes[0]


def test_malformed_xmp_is_ignored():
    assert parse_xmp(b"<x:xmpmeta><unclosed>").notes == ["The XMP metadata is malformed and was ignored."]


def test_png_xmp_is_read():
    image = Image.new("RGB", (40, 30), (1, 2, 3))
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", xmp_packet(description="A PNG caption é").decode())
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)

    assert read_metadata(buffer).caption == "A PNG caption é"


def test_file_without_metadata_gives_empty_values():
    metadata = read_metadata(io.BytesIO(jpeg_with_metadata()))

    assert metadata.caption == metadata.credit == ""
    assert metadata.keywords == []
    assert metadata.date_taken is None


def test_provenance_labels():
    assert (
        provenance_label("http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic") == "Composite"
    )
    assert provenance_label("http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture") == ""
    assert provenance_label("") == ""
