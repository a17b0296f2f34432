"""Nano Banana (``userNanoBanana``): detail is ``/detail/{id}``, delete ``/delete/{id}``.

``allRecords`` requires ``pageNum`` and ``pageSize`` and filters by ``status``
(initialized | processing | completed | failed; ``processing`` covers sent/pending too).
"""

from __future__ import annotations

from ..params import Param
from ..state import UserState
from ._engine import WEBHOOK, Family, Record, family_routes

__all__ = ["FAMILY", "routes"]

_RATIOS = ("auto", "16:9", "1:1", "9:16", "4:3", "3:4", "2:3", "3:2", "4:5", "5:4", "21:9")
_MODELS = ("nano-banana", "nano-banana-pro", "nano-banana-2", "nano-banana-2-lite")


def _record(fields: Record, user: UserState) -> Record:
    keep = ("name", "prompt", "model", "aspect_ratio", "image_size")
    return {key: fields[key] for key in keep} | {"input_images": fields.get("input_images", [])}


FAMILY = Family(
    name="nano_banana",
    prefix="/api/v1/userNanoBanana",
    params=(
        Param("name", required=True),
        Param("prompt", required=True),
        Param("model", default="nano-banana-pro", choices=_MODELS),
        Param("input_images", "urls"),
        Param("aspect_ratio", default="auto", choices=_RATIOS),
        Param("image_size", default="1K", choices=("1K", "2K", "4K")),
        Param("google_search", "bool", default=False),
        Param("force_generate", "bool", default=True),
        *WEBHOOK,
    ),
    results=(("image_urls", "png"),),
    item_path="/detail/{id}",
    delete_path="/delete/{id}",
    page_required=True,
    status_filter={
        "initialized": frozenset({"initialized"}),
        "processing": frozenset({"sent", "pending", "processing"}),
        "completed": frozenset({"completed"}),
        "failed": frozenset({"failed"}),
    },
    record=_record,
)
routes = family_routes(FAMILY)
