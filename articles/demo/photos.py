"""Stand-in pictures for the demo newsroom, drawn with Pillow.

Each picture is a simple painted scene (sky, sun, hills, a skyline) or a
head-and-shoulders silhouette, with colours and shapes taken from a hash of its
name. The same name always gives the same JPEG bytes, which is what lets the seed
find a photo it made on an earlier run by its checksum; different names give
different bytes, as `Photo.checksum` must be unique.
"""

import colorsys
import functools
import hashlib
import io
from collections.abc import Iterator

from PIL import Image, ImageDraw

LANDSCAPE_SIZE = (1600, 1067)
PORTRAIT_SIZE = (900, 1125)
JPEG_QUALITY = 85

RGB = tuple[int, int, int]


# Cached: the pictures never change, and the test suite seeds many times in one process.
@functools.cache
def landscape_jpeg(name: str) -> bytes:
    """A 3:2 scene of sky, sun, hills and sometimes a skyline, unique to `name`."""
    numbers = _numbers(name)
    width, height = LANDSCAPE_SIZE
    hue = next(numbers) / 255
    horizon = int(height * (0.45 + next(numbers) / 255 * 0.2))

    image = _vertical_gradient(
        LANDSCAPE_SIZE, top=_colour(hue, 0.45, 0.55), bottom=_colour(hue + 0.08, 0.25, 0.97)
    )
    draw = ImageDraw.Draw(image)
    sun_x = int(width * (0.15 + next(numbers) / 255 * 0.7))
    sun_radius = 50 + next(numbers) // 3
    sun_y = horizon - sun_radius - next(numbers)
    draw.ellipse(
        (sun_x - sun_radius, sun_y - sun_radius, sun_x + sun_radius, sun_y + sun_radius),
        fill=_colour(0.1 + next(numbers) / 255 * 0.06, 0.3, 1.0),
    )
    if next(numbers) % 2:
        _draw_skyline(draw, numbers, horizon, fill=_colour(hue + 0.6, 0.3, 0.45))
    for layer, (lightness, base) in enumerate(((0.6, horizon), (0.42, horizon + 70), (0.25, horizon + 170))):
        _draw_hills(draw, numbers, base, fill=_colour(hue + 0.3 + layer * 0.05, 0.4, lightness))
    return _jpeg(image)


@functools.cache
def portrait_jpeg(name: str) -> bytes:
    """A 4:5 head-and-shoulders silhouette on a soft backdrop, unique to `name`."""
    numbers = _numbers(name)
    width, height = PORTRAIT_SIZE
    hue = next(numbers) / 255
    image = _vertical_gradient(
        PORTRAIT_SIZE, top=_colour(hue, 0.2, 0.92), bottom=_colour(hue + 0.05, 0.35, 0.7)
    )
    draw = ImageDraw.Draw(image)
    centre = width // 2 + next(numbers) // 4 - 32
    head_radius = 150 + next(numbers) // 8
    head_top = 260 + next(numbers) // 4
    shoulders = _colour(hue + 0.5, 0.3, 0.3 + next(numbers) / 255 * 0.25)
    draw.ellipse((centre - 360, height - 420, centre + 360, height + 380), fill=shoulders)
    draw.ellipse(
        (centre - head_radius, head_top, centre + head_radius, head_top + int(head_radius * 2.5)),
        fill=_colour(0.07, 0.35, 0.45 + next(numbers) / 255 * 0.45),
    )
    return _jpeg(image)


def _numbers(name: str) -> Iterator[int]:
    """Endless deterministic bytes (0-255) derived from `name`."""
    digest = hashlib.shake_256(name.encode()).digest(256)
    while True:
        yield from digest
        digest = hashlib.shake_256(digest).digest(256)


def _colour(hue: float, saturation: float, value: float) -> RGB:
    red, green, blue = colorsys.hsv_to_rgb(hue % 1.0, saturation, min(value, 1.0))
    return round(red * 255), round(green * 255), round(blue * 255)


def _vertical_gradient(size: tuple[int, int], *, top: RGB, bottom: RGB) -> Image.Image:
    # One column of colours, smoothed to full height and then copied across, is far
    # faster than drawing line by line or blending two full-size images.
    width, height = size
    steps = 256
    column = Image.new("RGB", (1, steps))
    column.putdata(
        [
            tuple(
                round(start + (end - start) * step / (steps - 1))
                for start, end in zip(top, bottom, strict=True)
            )
            for step in range(steps)
        ]
    )
    column = column.resize((1, height), Image.Resampling.BILINEAR)
    return column.resize((width, height), Image.Resampling.NEAREST)


def _draw_hills(draw: ImageDraw.ImageDraw, numbers: Iterator[int], base: int, *, fill: RGB) -> None:
    width, height = LANDSCAPE_SIZE
    step = width // 8
    ridge = [(x, base - 40 - next(numbers) // 2) for x in range(0, width + step, step)]
    draw.polygon([(0, height), *ridge, (width, height)], fill=fill)


def _draw_skyline(draw: ImageDraw.ImageDraw, numbers: Iterator[int], horizon: int, *, fill: RGB) -> None:
    width = LANDSCAPE_SIZE[0]
    x = next(numbers)
    while x < width:
        building_width = 40 + next(numbers) // 3
        top = horizon - 60 - next(numbers)
        draw.rectangle((x, top, x + building_width, horizon + 60), fill=fill)
        x += building_width + next(numbers) // 4


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()
