"""Image to video (``userImage2Video``): 100 coins per task, ``result_url``.

Its records start at ``sent`` (as the documented start example shows) and, as A2E's spec
says, a task that is sent/pending/processing cannot be deleted (HTTP 400).
"""

from __future__ import annotations

from .._web import ApiError
from ..params import Param
from ..state import Vocabulary
from ._engine import WEBHOOK, Family, Record, family_routes

__all__ = ["COINS", "FAMILY", "routes"]

COINS = 100
_STATUSES = Vocabulary(
    "current_status",
    ((0.0, "sent"), (0.15, "pending"), (0.3, "processing")),
    "completed",
    "failed",
)


def _check(fields: Record) -> None:
    if fields.get("model_type") == "FLF2V" and not fields.get("end_image_url"):
        raise ApiError(400, "end_image_url: is required with model_type FLF2V")


FAMILY = Family(
    name="image_to_video",
    prefix="/api/v1/userImage2Video",
    params=(
        Param("name"),
        Param("image_url", "url", required=True),
        Param("prompt"),
        Param("negative_prompt"),
        Param("lora"),
        Param("model_type", default="GENERAL", choices=("GENERAL", "FLF2V")),
        Param("model_version", choices=("a2e", "a2e-v2", "a2e-v2-flash")),
        Param("end_image_url", "url"),
        Param("extend_prompt", "bool", default=True),
        Param("number_of_images", "int", default=1, low=1, high=8),
        Param("video_time", "int", default=5, choices=(5, 10, 15, 20)),
        Param("video_length", "int", low=1, high=1000),
        Param("skip_face_enhance", "bool", default=False),
        Param("mask_face", "bool"),
        Param("minor_suspected_skip", "bool", default=False),
        *WEBHOOK,
    ),
    vocab=_STATUSES,
    delete_running=False,
    check=_check,
    cost=lambda fields: COINS,
)
routes = family_routes(FAMILY)
