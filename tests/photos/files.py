"""Test pictures with hand-written IPTC IIM (APP13) and XMP (APP1) segments.

The segments are assembled byte by byte here, independently of the code under
test, so a test proves the reader understands what real tools write.
"""

import io
import struct

from PIL import Image

UTF8_MARKER = b"\x1b%G"


def iim_dataset(record: int, dataset: int, value: bytes) -> bytes:
    return bytes([0x1C, record, dataset]) + struct.pack(">H", len(value)) + value


def iim_block(fields: dict[int, str | list[str]], *, encoding: str = "utf-8", marker: bool = True) -> bytes:
    block = iim_dataset(1, 90, UTF8_MARKER) if marker else b""
    block += iim_dataset(2, 0, b"\x00\x04")
    for dataset, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            block += iim_dataset(2, dataset, item.encode(encoding))
    return block


def app13_segment(iim: bytes) -> bytes:
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + iim
    if len(iim) % 2:
        resource += b"\x00"
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def xmp_packet(
    *,
    description="",
    creators=(),
    credit="",
    source="",
    rights="",
    headline="",
    subjects=(),
    digital_source_type="",
    doctype="",
) -> bytes:
    def alt(tag, value):
        if not value:
            return ""
        return f'<{tag}><rdf:Alt><rdf:li xml:lang="x-default">{value}</rdf:li></rdf:Alt></{tag}>'

    def listed(tag, kind, values):
        if not values:
            return ""
        items = "".join(f"<rdf:li>{v}</rdf:li>" for v in values)
        return f"<{tag}><rdf:{kind}>{items}</rdf:{kind}></{tag}>"

    attributes = " ".join(
        f'{name}="{value}"'
        for name, value in (
            ("photoshop:Credit", credit),
            ("photoshop:Source", source),
            ("photoshop:Headline", headline),
        )
        if value
    )
    dst = (
        f'<Iptc4xmpExt:DigitalSourceType rdf:resource="{digital_source_type}"/>'
        if digital_source_type
        else ""
    )
    xml = (
        f"{doctype}"
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
        'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
        f"{attributes}>"
        f"{alt('dc:description', description)}"
        f"{listed('dc:creator', 'Seq', creators)}"
        f"{alt('dc:rights', rights)}"
        f"{listed('dc:subject', 'Bag', subjects)}"
        f"{dst}"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    return xml.encode("utf-8")


def app1_xmp_segment(packet: bytes) -> bytes:
    payload = b"http://ns.adobe.com/xap/1.0/\x00" + packet
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def plain_jpeg(*, size=(320, 200), color=(120, 80, 40), mode="RGB", pattern=True, seed=None, **save) -> bytes:
    """A JPEG; `seed` paints a scene of its own (pictures with different seeds don't look alike)."""
    image = Image.new(mode, size, color)
    if seed is not None:
        _paint_scene(image, seed)
    elif pattern and mode == "RGB":
        _paint(image)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=save.pop("quality", 90), **save)
    return buffer.getvalue()


def _paint(image: Image.Image) -> None:
    """Shapes that give the picture a perceptual fingerprint of its own."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    width, height = image.size
    r, g, b = image.getpixel((0, 0))
    draw.ellipse((width * 0.1, height * 0.2, width * 0.5, height * 0.8), fill=(255 - r, g, 255 - b))
    draw.rectangle((width * 0.6, height * 0.1, width * 0.9, height * 0.5), fill=(b, 255 - g, r))
    draw.line((0, height, width, 0), fill=(255, 255, 255), width=max(2, width // 40))


def _paint_scene(image: Image.Image, seed: int) -> None:
    import random

    from PIL import ImageDraw

    rng = random.Random(seed)  # noqa: S311 - test pictures, not secrets
    draw = ImageDraw.Draw(image)
    width, height = image.size
    for _ in range(14):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        x1, y1 = x0 + rng.randrange(width // 8, width // 2), y0 + rng.randrange(height // 8, height // 2)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)((x0, y0, x1, y1), fill=colour)


def jpeg_with_metadata(*, iim: bytes | None = None, xmp: bytes | None = None, **image_options) -> bytes:
    """A JPEG with the given IIM block (APP13) and XMP packet (APP1) inserted after SOI."""
    jpeg = plain_jpeg(**image_options)
    segments = b""
    if xmp is not None:
        segments += app1_xmp_segment(xmp)
    if iim is not None:
        segments += app13_segment(iim)
    return jpeg[:2] + segments + jpeg[2:]


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def swapped_primaries_icc() -> bytes:
    """A hand-made RGB display profile whose red and blue primaries are sRGB's blue and red.

    Honouring it turns pure red pixels blue in sRGB; ignoring it leaves them red.
    """
    d50 = (0.9642, 1.0, 0.8249)
    srgb_red, srgb_green, srgb_blue = (
        (0.4361, 0.2225, 0.0139),
        (0.3851, 0.7169, 0.0971),
        (0.1431, 0.0606, 0.7141),
    )

    def xyz(values):
        return b"XYZ \x00\x00\x00\x00" + b"".join(_s15(v) for v in values)

    linear = b"curv\x00\x00\x00\x00" + struct.pack(">I", 0)  # no entries: identity (gamma 1.0)
    tags = [
        (b"wtpt", xyz(d50)),
        (b"rXYZ", xyz(srgb_blue)),
        (b"gXYZ", xyz(srgb_green)),
        (b"bXYZ", xyz(srgb_red)),
        (b"rTRC", linear),
        (b"gTRC", linear),
        (b"bTRC", linear),
    ]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    table, data = struct.pack(">I", len(tags)), b""
    for signature, body in tags:
        body += b"\x00" * (-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = 128 + table_size + len(data)
    header = (
        struct.pack(">I", size)
        + b"none"
        + b"\x02\x10\x00\x00"
        + b"mntrRGB XYZ "
        + b"\x00" * 12
        + b"acsp"
        + b"\x00" * 24
        + b"\x00\x00\x00\x00"
        + b"".join(_s15(v) for v in d50)
        + b"\x00" * 48
    )
    assert len(header) == 128
    return header + table + data
