"""Product avatar (``productAvatar``): [product, person] images and a ``product_rect``.

A2E's spec requires ``product_rect`` (an object) but documents neither its keys nor units
(part2 §13.1 shows one example), so the emulator checks only that it is an object.
"""

from __future__ import annotations

from ..params import Param
from ._engine import WEBHOOK, Family, family_routes

__all__ = ["FAMILY", "routes"]


FAMILY = Family(
    name="product_avatar",
    prefix="/api/v1/productAvatar",
    params=(
        Param("name", default=""),
        Param("image_urls", "urls", required=True, min_items=2, max_items=2),
        Param("product_rect", "obj", required=True),
        Param("prompt"),
        Param("timeout", "num", default=120),
        *WEBHOOK,
    ),
    results=(("result_image_url", "png"),),
)
routes = family_routes(FAMILY)
