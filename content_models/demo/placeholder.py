"""Generated placeholder image files: the demo ships no third-party pixels."""

import io

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw


def placeholder_png(label, size=(1200, 800), colour=(46, 94, 120)):
    """A plain PNG with ``label`` written on it, returned as a Django ImageFile."""
    canvas = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle(
        [24, 24, size[0] - 24, size[1] - 24], outline=(255, 255, 255), width=4
    )
    draw.text((60, size[1] // 2 - 20), "Placeholder image", fill=(255, 255, 255))
    draw.text((60, size[1] // 2 + 10), label[:90], fill=(220, 230, 240))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    buffer.seek(0)
    return ImageFile(buffer, name="placeholder.png")
