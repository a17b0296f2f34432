"""Virtual try-on (``virtualTryOn``): ``image_urls`` [person, clothing] (2-4 URLs)."""

from __future__ import annotations

from ..params import Param
from ._engine import WEBHOOK, Family, family_routes

__all__ = ["FAMILY", "routes"]

FAMILY = Family(
    name="try_on",
    prefix="/api/v1/virtualTryOn",
    params=(
        Param("name", default=""),
        Param("image_urls", "urls", required=True, min_items=2, max_items=4),
        Param("timeout", "num", default=120),
        *WEBHOOK,
    ),
    results=(("result_image_url", "png"),),
)
routes = family_routes(FAMILY)
