"""Product-avatar tasks (``productAvatar``): a person image holding a product image."""

from __future__ import annotations

import attrs

from ._base import Model
from .records import TaskRecord

__all__ = ["ProductAvatarTask", "ProductRect"]


@attrs.frozen
class ProductRect(Model):
    """Where the product goes on the person image. A2E's example uses pixels; the unit is
    not documented."""

    x: float
    """Left edge."""
    y: float
    """Top edge."""
    width: float
    """Width of the product."""
    height: float
    """Height of the product."""
    rotation: float = 0.0
    """Rotation (A2E's example: 0)."""
    scale: float = 1.0
    """Scale factor (A2E's example: 1)."""


@attrs.frozen
class ProductAvatarTask(TaskRecord):
    """A product-avatar task: a person image holding a product image."""

    image_urls: tuple[str, ...] = ()
    """The inputs as sent: product image, then person image."""
    product_rect: ProductRect | None = None
    """Where the product was placed."""
    prompt: str | None = None
    """Extra prompt, when given."""
    result_image_url: str | None = None
    """The composed image; ``None`` until completed."""
