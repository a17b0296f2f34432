"""Product avatar (``productAvatar``): [product, person] images and a ``product_rect``."""

from __future__ import annotations

from .._web import ApiError
from ..params import Param
from ._engine import WEBHOOK, Family, Record, family_routes

__all__ = ["FAMILY", "routes"]


def _check(fields: Record) -> None:
    rect = fields["product_rect"]
    for key in ("x", "y", "width", "height"):
        value = rect.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ApiError(400, f"product_rect: {key} must be a number")


FAMILY = Family(
    name="product_avatar",
    prefix="/api/v1/productAvatar",
    params=(
        Param("name", default=""),
        Param("image_urls", "urls", required=True, min_items=2, max_items=2),
        Param("product_rect", "obj", required=True),
        Param("prompt"),
        Param("timeout", "num", default=120, low=1),
        *WEBHOOK,
    ),
    results=(("result_image_url", "png"),),
    check=_check,
)
routes = family_routes(FAMILY)
