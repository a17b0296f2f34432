"""AI outfit / product holding (``userImageEdit``).

A2E does not document the result field; the emulator sets both ``result_image_url`` and
``image_urls`` (one URL) so either reading works.
"""

from __future__ import annotations

from ..params import Param
from ._engine import WEBHOOK, Family, family_routes

__all__ = ["FAMILY", "routes"]

FAMILY = Family(
    name="image_edit",
    prefix="/api/v1/userImageEdit",
    params=(
        Param("name", default=""),
        Param("edit_type", required=True, choices=("clothing", "product")),
        Param("image_urls", "urls", required=True, min_items=2),
        Param("timeout", "num", default=120),
        *WEBHOOK,
    ),
    results=(("result_image_url", "png"), ("image_urls", "png")),
)
routes = family_routes(FAMILY)
