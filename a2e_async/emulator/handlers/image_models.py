"""GPT Image, Flux 2 and Qwen image (``userGptImage``, ``userFlux2``, ``userQwen2Image``).

All three use the ``detail/{id}`` layout with the list at ``/list``: GPT Image and Flux 2 page
it with ``page``/``page_size`` (Flux 2 also filters by ``status``); Qwen's documents no paging
parameters, so the whole list answers (the emulator's pick). Qwen's batchDetail takes at most
200 ids (SK). A2E documents no result field for these families; the emulator puts the images
in ``image_urls``, as Nano Banana's documented records do (its pick).

GPT Image coins follow the spec's prose: gpt-image-1.5 20 (medium) / 35 (high);
gpt-image-2 25 / 35 / 45 by resolution, ``auto`` billed as 1K. The others cost nothing here
(A2E documents no price).
"""

from __future__ import annotations

from ..params import Param
from ._checks import only_with
from ._engine import WEBHOOK, Family, Record, family_routes

__all__ = ["FAMILIES", "routes"]

_STATUS = {
    "initialized": frozenset({"initialized"}),
    "processing": frozenset({"sent", "pending", "processing"}),
    "completed": frozenset({"completed"}),
    "failed": frozenset({"failed"}),
}
_IMAGES = (("image_urls", "png"),)


def _gpt_cost(fields: Record) -> int:
    if fields["model"] == "gpt-image-2":
        size = "1K" if fields.get("aspect_ratio") == "auto" else fields["resolution"]
        return {"1K": 25, "2K": 35, "4K": 45}[size]
    return 35 if fields["quality"] == "high" else 20


_GPT = Family(
    name="gpt_image",
    prefix="/api/v1/userGptImage",
    params=(
        Param("name", required=True),
        Param("prompt", required=True, max_len=3000),
        Param("input_images", "urls", max_items=16),
        Param("model", default="gpt-image-1.5", choices=("gpt-image-1.5", "gpt-image-2")),
        Param(
            "aspect_ratio",
            default="1:1",
            choices=("auto", "1:1", "9:16", "21:9", "16:9", "4:3", "3:2", "3:4", "2:3"),
        ),
        Param("quality", default="medium", choices=("medium", "high")),
        Param("resolution", default="1K", choices=("1K", "2K", "4K")),
        Param("force_generate", "bool"),
        *WEBHOOK,
    ),
    results=_IMAGES,
    list_path="/list",
    item_path="/detail/{id}",
    delete_path="/{id}",
    page_params=("page", "page_size"),
    cost=_gpt_cost,
)
_FLUX = Family(
    name="flux2",
    prefix="/api/v1/userFlux2",
    params=(
        Param("name", required=True),
        Param("prompt", required=True),
        Param("input_images", "urls", max_items=8),
        Param(
            "aspect_ratio",
            default="9:16",
            choices=(
                "1:1",
                "16:9",
                "9:16",
                "4:3",
                "3:4",
                "2:3",
                "3:2",
                "custom",
                "match_input_image",
            ),
        ),
        Param("resolution", default="1K", choices=("1K", "2K")),
        Param("force_generate", "bool", default=True),
        *WEBHOOK,
    ),
    results=_IMAGES,
    list_path="/list",
    item_path="/detail/{id}",
    delete_path="/{id}",
    page_params=("page", "page_size"),
    status_filter=_STATUS,
)
_QWEN_1K = (
    "1024*1024", "1328*880", "880*1328", "1152*864", "864*1152", "1280*720", "720*1280", "1512*648"
)  # fmt: skip
_QWEN_2K = (
    "2048*2048",
    "2048*1365",
    "1365*2048",
    "2048*1536",
    "1536*2048",
    "2048*1152",
    "1152*2048",
)
_QWEN_2K_MODEL = only_with("size", "model", ("qwen-image-3.0-pro",))


def _qwen_sizes(fields: Record) -> None:
    """ "2K sizes (2048*) are supported only by qwen-image-3.0-pro" (SK)."""
    if fields["size"] in _QWEN_2K:
        _QWEN_2K_MODEL(fields)


_QWEN = Family(
    name="qwen_image",
    prefix="/api/v1/userQwen2Image",
    params=(
        Param("name", required=True),
        Param("prompt", required=True),
        Param(
            "model",
            default="qwen-image-2.0",
            choices=(
                "qwen-image-2.0",
                "qwen-image-2.0-pro",
                "qwen-image-3.0",
                "qwen-image-3.0-pro",
            ),
        ),
        Param("input_images", "urls"),
        Param("size", default="1024*1024", choices=(*_QWEN_1K, *_QWEN_2K)),
        *WEBHOOK,
    ),
    results=_IMAGES,
    list_path="/list",
    item_path="/detail/{id}",
    delete_path="/{id}",
    page_params=None,
    batch_max=200,
    check=_qwen_sizes,
)

FAMILIES = (_GPT, _FLUX, _QWEN)
routes = [route for family in FAMILIES for route in family_routes(family)]
