"""Reading caption, credit and rights from the metadata photographers write into their files.

Two standards carry the same facts: IPTC IIM (binary records in a JPEG's APP13
"Photoshop 3.0" segment) and XMP (an RDF/XML packet in an APP1 segment, or a
PNG/WebP chunk). Where a file has both and they differ, **XMP wins**: it is the
newer standard, and software that edits one usually rewrites XMP last.

IIM text is decoded as UTF-8 when the file says so (record 1:90 holds the ISO 2022
escape ``ESC % G``) and otherwise as UTF-8 if it decodes cleanly, else Latin-1.
XMP is parsed with defusedxml, refusing DTDs and entities (no external entities,
no "billion laughs" expansion); an unsafe or malformed packet is ignored, never
half-read.
"""

from __future__ import annotations

import datetime
import struct
from dataclasses import dataclass, field, fields
from typing import IO
from xml.sax.saxutils import escape

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from PIL import Image

# IIM record 2 datasets we read (the "Application Record").
IIM_FIELDS = {
    120: "caption",
    80: "photographer",
    110: "credit",
    115: "source",
    116: "copyright_notice",
    105: "headline",
    25: "keywords",
    55: "date_created",
}
IIM_UTF8_MARKERS = (b"\x1b%G", b"\x1b%/G", b"\x1b%/I")
PHOTOSHOP_IRB_SIGNATURE = b"Photoshop 3.0\x00"
IPTC_RESOURCE_ID = 0x0404
XMP_APP1_SIGNATURE = b"http://ns.adobe.com/xap/1.0/\x00"
MAX_XMP_BYTES = 2 * 1024 * 1024

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# IPTC Digital Source Type vocabulary: the codes that earn a printed label.
DIGITAL_SOURCE_TYPE_BASE = "http://cv.iptc.org/newscodes/digitalsourcetype/"
PROVENANCE_LABELS = {
    "trainedAlgorithmicMedia": "AI-generated",
    "compositeWithTrainedAlgorithmicMedia": "Composite with AI-generated elements",
    "algorithmicMedia": "Computer-generated",
    "compositeSynthetic": "Composite",
    "composite": "Composite",
    "compositeCapture": "Composite",
}


# The vocabulary's current terms, as the desk picks them (https://cv.iptc.org/newscodes/digitalsourcetype/).
DIGITAL_SOURCE_TYPES = {
    "digitalCapture": "Original digital capture of a real scene",
    "computationalCapture": "Computational capture (several frames combined by the camera)",
    "negativeFilm": "Digitised from a negative on film",
    "positiveFilm": "Digitised from a positive on film",
    "print": "Digitised from a print",
    "humanEdits": "Edited by a person",
    "compositeCapture": "Composite of captured elements",
    "algorithmicallyEnhanced": "Algorithmically enhanced",
    "digitalCreation": "Created by a person with software",
    "dataDrivenMedia": "Data-driven media",
    "screenCapture": "Screen capture",
    "virtualRecording": "Virtual recording",
    "compositeSynthetic": "Composite including generated elements",
    "trainedAlgorithmicMedia": "AI-generated (trained algorithmic media)",
    "compositeWithTrainedAlgorithmicMedia": "Composite with AI-generated elements",
    "algorithmicMedia": "Computer-generated without training data",
}


def provenance_label(digital_source_type: str) -> str:
    """The label printed beside the credit for a Digital Source Type URI or code, or ""."""
    code = digital_source_type.strip().rsplit("/", 1)[-1]
    return PROVENANCE_LABELS.get(code, "")


def digital_source_type_uri(value: str) -> str:
    """The vocabulary URI for a Digital Source Type given as a URI or as a bare code ("" stays "")."""
    value = value.strip()
    return value if not value or "/" in value else DIGITAL_SOURCE_TYPE_BASE + value


@dataclass
class PhotoMetadata:
    caption: str = ""
    photographer: str = ""
    credit: str = ""
    source: str = ""
    copyright_notice: str = ""
    headline: str = ""
    keywords: list[str] = field(default_factory=list)
    date_taken: datetime.date | None = None
    digital_source_type: str = ""
    notes: list[str] = field(default_factory=list)

    def merged_with(self, newer: PhotoMetadata) -> PhotoMetadata:
        """These values, overridden by every non-empty value of `newer`."""
        merged = PhotoMetadata()
        for f in fields(self):
            if f.name == "notes":
                continue
            value = getattr(newer, f.name) or getattr(self, f.name)
            setattr(merged, f.name, list(value) if isinstance(value, list) else value)
        merged.notes = [*self.notes, *newer.notes]
        return merged


def read_metadata(file: IO[bytes]) -> PhotoMetadata:
    """IPTC IIM and XMP from an image file, merged with XMP winning; the file position is restored."""
    file.seek(0)
    head = file.read(2)
    file.seek(0)
    try:
        if head == b"\xff\xd8":
            iptc_block, xmp_packet = _jpeg_metadata_segments(file)
        else:
            iptc_block, xmp_packet = None, _pillow_xmp(file)
    finally:
        file.seek(0)
    iim = parse_iim(iptc_block) if iptc_block else PhotoMetadata()
    xmp = parse_xmp(xmp_packet) if xmp_packet else PhotoMetadata()
    merged = iim.merged_with(xmp)
    if merged.date_taken is None:
        merged.date_taken = _exif_date_taken(file)
    return merged


# --- JPEG segments -------------------------------------------------------------------------------


def _jpeg_metadata_segments(file: IO[bytes]) -> tuple[bytes | None, bytes | None]:
    """The IPTC block (from APP13's Photoshop resources) and the XMP packet (APP1), if present."""
    file.seek(2)
    iptc = xmp = None
    while True:
        marker = file.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            break
        kind = marker[1]
        if kind in (0xD9, 0xDA):  # end of image, start of scan: no metadata after this
            break
        if kind == 0x01 or 0xD0 <= kind <= 0xD7:
            continue
        length_bytes = file.read(2)
        if len(length_bytes) < 2:
            break
        (length,) = struct.unpack(">H", length_bytes)
        payload = file.read(max(length - 2, 0))
        if kind == 0xED and payload.startswith(PHOTOSHOP_IRB_SIGNATURE):
            iptc = _photoshop_iptc(payload[len(PHOTOSHOP_IRB_SIGNATURE) :]) or iptc
        elif kind == 0xE1 and payload.startswith(XMP_APP1_SIGNATURE):
            xmp = payload[len(XMP_APP1_SIGNATURE) :]
    return iptc, xmp


def _photoshop_iptc(resources: bytes) -> bytes | None:
    """The IPTC-NAA resource (0x0404) inside Photoshop image resource blocks."""
    offset = 0
    while offset + 12 <= len(resources) and resources[offset : offset + 4] == b"8BIM":
        (resource_id,) = struct.unpack(">H", resources[offset + 4 : offset + 6])
        name_length = resources[offset + 6]
        name_field = 1 + name_length + ((1 + name_length) % 2)  # Pascal string padded to even
        size_at = offset + 6 + name_field
        if size_at + 4 > len(resources):
            return None
        (size,) = struct.unpack(">I", resources[size_at : size_at + 4])
        data = resources[size_at + 4 : size_at + 4 + size]
        if resource_id == IPTC_RESOURCE_ID:
            return data
        offset = size_at + 4 + size + (size % 2)
    return None


def _pillow_xmp(file: IO[bytes]) -> bytes | None:
    try:
        with Image.open(file) as image:
            xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    except Exception:
        return None
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8")
    return xmp or None


def _exif_date_taken(file: IO[bytes]) -> datetime.date | None:
    try:
        with Image.open(file) as image:
            exif = image.getexif().get_ifd(0x8769)  # Exif IFD
            value = exif.get(0x9003) or image.getexif().get(0x0132)  # DateTimeOriginal, DateTime
        return datetime.datetime.strptime(str(value).strip(), "%Y:%m:%d %H:%M:%S").date() if value else None
    except Exception:
        return None
    finally:
        file.seek(0)


# --- IPTC IIM ------------------------------------------------------------------------------------


def parse_iim(block: bytes) -> PhotoMetadata:
    """Decode IIM datasets (records 1 and 2) into metadata."""
    raw: dict[str, list[bytes]] = {}
    utf8 = False
    offset = 0
    while offset + 5 <= len(block):
        if block[offset] != 0x1C:
            break
        record, dataset = block[offset + 1], block[offset + 2]
        (length,) = struct.unpack(">H", block[offset + 3 : offset + 5])
        offset += 5
        if length & 0x8000:  # extended dataset: the next (length & 0x7FFF) bytes hold the size
            count = length & 0x7FFF
            length = int.from_bytes(block[offset : offset + count], "big")
            offset += count
        value = block[offset : offset + length]
        offset += length
        if record == 1 and dataset == 90:
            utf8 = value in IIM_UTF8_MARKERS
        elif record == 2 and dataset in IIM_FIELDS:
            raw.setdefault(IIM_FIELDS[dataset], []).append(value)

    def text(value: bytes) -> str:
        return _decode_iim(value, utf8).strip()

    metadata = PhotoMetadata()
    for name, values in raw.items():
        if name == "keywords":
            metadata.keywords = _unique([text(v) for v in values])
        elif name == "date_created":
            metadata.date_taken = _parse_date(text(values[0]).replace("-", ""), "%Y%m%d")
        else:
            setattr(metadata, name, text(values[0]))
    return metadata


def _decode_iim(value: bytes, utf8: bool) -> str:
    if utf8:
        return value.decode("utf-8", errors="replace")
    try:
        # Many tools write UTF-8 without the 1:90 marker; valid UTF-8 is rarely anything else.
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


# --- XMP -----------------------------------------------------------------------------------------


def parse_xmp(packet: bytes) -> PhotoMetadata:
    """Read the fields we use from an XMP packet; unsafe or malformed XML yields no values."""
    metadata = PhotoMetadata()
    if len(packet) > MAX_XMP_BYTES:
        metadata.notes.append("The XMP metadata is too large and was ignored.")
        return metadata
    packet = packet.strip(b"\x00 \r\n\t")
    try:
        root = SafeElementTree.fromstring(packet, forbid_dtd=True)
    except DefusedXmlException:
        metadata.notes.append("The XMP metadata contains unsafe XML and was ignored.")
        return metadata
    except SafeElementTree.ParseError:
        metadata.notes.append("The XMP metadata is malformed and was ignored.")
        return metadata

    descriptions = list(root.iter(f"{{{NS['rdf']}}}Description"))

    def prop(prefix: str, name: str) -> list[str]:
        tag = f"{{{NS[prefix]}}}{name}"
        for description in descriptions:
            if tag in description.attrib:
                return [description.attrib[tag].strip()]
            element = description.find(tag)
            if element is None:
                continue
            items = element.findall("./rdf:*/rdf:li", NS)
            if items:
                return _language_ordered(items)
            resource = element.get(f"{{{NS['rdf']}}}resource")
            return [(resource or element.text or "").strip()]
        return []

    def first(prefix: str, name: str) -> str:
        values = [v for v in prop(prefix, name) if v]
        return values[0] if values else ""

    metadata.caption = first("dc", "description")
    metadata.photographer = ", ".join(v for v in prop("dc", "creator") if v)
    metadata.credit = first("photoshop", "Credit")
    metadata.source = first("photoshop", "Source")
    metadata.copyright_notice = first("dc", "rights")
    metadata.headline = first("photoshop", "Headline")
    metadata.keywords = _unique([v for v in prop("dc", "subject") if v])
    metadata.digital_source_type = first("Iptc4xmpExt", "DigitalSourceType")
    date_created = first("photoshop", "DateCreated")
    if date_created:
        metadata.date_taken = _parse_date(date_created[:10], "%Y-%m-%d")
    return metadata


def _language_ordered(items) -> list[str]:
    """rdf:li values, the x-default (or language-less) alternative first."""

    def rank(item) -> int:
        return 0 if item.get(XML_LANG, "x-default") == "x-default" else 1

    return [(item.text or "").strip() for item in sorted(items, key=rank)]


# --- helpers -------------------------------------------------------------------------------------


def _parse_date(value: str, pattern: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(value, pattern).date()
    except ValueError:
        return None


def _unique(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        if value:
            seen.setdefault(value.casefold(), value)
    return list(seen.values())


# --- writing rights back into renditions ---------------------------------------------------------


def rights_xmp(*, credit: str, creator: str, copyright_notice: str, digital_source_type: str = "") -> bytes:
    """A minimal XMP packet with the credit line, creator, copyright notice and Digital Source Type."""
    description = []
    if creator:
        description.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(creator)}</rdf:li></rdf:Seq></dc:creator>")
    if copyright_notice:
        description.append(
            '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">'
            f"{escape(copyright_notice)}</rdf:li></rdf:Alt></dc:rights>"
        )
    if credit:
        description.append(f"<photoshop:Credit>{escape(credit)}</photoshop:Credit>")
    if digital_source_type:
        # IPTC Extension property (a URI from the vocabulary); IIM has no dataset for it.
        uri = escape(digital_source_type_uri(digital_source_type))
        description.append(f"<Iptc4xmpExt:DigitalSourceType>{uri}</Iptc4xmpExt:DigitalSourceType>")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f'<rdf:RDF xmlns:rdf="{NS["rdf"]}">'
        f'<rdf:Description rdf:about="" xmlns:dc="{NS["dc"]}" xmlns:photoshop="{NS["photoshop"]}"'
        f' xmlns:Iptc4xmpExt="{NS["Iptc4xmpExt"]}">'
        f"{''.join(description)}"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def rights_iim(*, credit: str, creator: str, copyright_notice: str) -> bytes:
    """IPTC IIM datasets (UTF-8, marked by 1:90) for By-line, Credit and Copyright Notice."""

    def dataset(record: int, number: int, value: bytes) -> bytes:
        return bytes([0x1C, record, number]) + struct.pack(">H", len(value)) + value

    block = dataset(1, 90, b"\x1b%G") + dataset(2, 0, b"\x00\x04")
    for number, value in ((80, creator), (110, credit), (116, copyright_notice)):
        if value:
            block += dataset(2, number, value.encode("utf-8")[:2000])
    return block


def embed_rights_in_jpeg(jpeg: bytes, *, xmp: bytes, iim: bytes) -> bytes:
    """Insert an XMP APP1 and an IPTC APP13 segment after the JPEG's JFIF header."""
    resource = b"8BIM" + struct.pack(">HH", IPTC_RESOURCE_ID, 0) + struct.pack(">I", len(iim)) + iim
    if len(iim) % 2:
        resource += b"\x00"
    segments = _segment(0xE1, XMP_APP1_SIGNATURE + xmp) + _segment(0xED, PHOTOSHOP_IRB_SIGNATURE + resource)
    insert_at = 2
    if jpeg[2:4] == b"\xff\xe0":  # keep JFIF's APP0 first, as the standard asks
        insert_at = 4 + struct.unpack(">H", jpeg[4:6])[0]
    return jpeg[:insert_at] + segments + jpeg[insert_at:]


def _segment(marker: int, payload: bytes) -> bytes:
    if len(payload) + 2 > 0xFFFF:
        raise ValueError("Metadata segment too large.")
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload
