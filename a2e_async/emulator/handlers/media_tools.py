"""Head swap, actor swap, photobook, ThinkSound and upscale (``headSwap``, ``actorSwap``,
``userPhotobook``, ``thinkSound``, ``userUpscale``): the common layout.

Head swap takes no name, so its failure marker is read from its image URLs. A2E refuses to
delete a head swap or a photobook that is running (HTTP 400, SK). ThinkSound takes
``.mp4``/``.avi``/``.mov``/``.mkv`` videos only (SK). A2E documents no result field: one file
in ``result_url`` (with the input's extension for head swap and upscale), a photobook's
``total_count`` images in ``image_urls`` (the emulator's picks).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from .._web import ApiError
from ..files import file_url
from ..params import Param
from ..state import Phase, Task
from ._engine import WEBHOOK, Family, Record, family_routes

__all__ = ["FAMILIES", "routes"]


def _suffix_of(field: str, fallback: str) -> Callable[[Record], str]:
    def ext(fields: Record) -> str:
        name = urlsplit(str(fields[field])).path
        return name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else fallback

    return ext


def _think_sound_video(fields: Record) -> None:
    if not urlsplit(fields["video_url"]).path.lower().endswith((".mp4", ".avi", ".mov", ".mkv")):
        raise ApiError(400, "video_url: must be a .mp4, .avi, .mov or .mkv video")


def _photos(task: Task, phase: Phase, host: str) -> Record:
    if not phase.done or phase.failed:
        return {"image_urls": []}
    count = int(task.record.get("total_count", 4))
    return {"image_urls": [file_url(host, "photobook", f"{task.id}_{n}.png") for n in range(count)]}


_HEAD = Family(
    name="head_swap",
    prefix="/api/v1/headSwap",
    params=(
        Param("image_url", "url", required=True),
        Param("target_image_url", "url", required=True),
        Param("minor_suspected_skip", "bool", default=False),
        *WEBHOOK,
    ),
    results=(("result_url", "*"),),
    result_ext=_suffix_of("target_image_url", "png"),
    delete_running=False,
    texts=("image_url", "target_image_url"),
)
_ACTOR = Family(
    name="actor_swap",
    prefix="/api/v1/actorSwap",
    params=(
        Param("name", default=""),
        Param("image_url", "url", required=True),
        Param("video_url", "url", required=True),
        Param("prompt"),
        Param("negative_prompt"),
        Param("timeout", "int", default=300),
        *WEBHOOK,
    ),
)
_BOOK = Family(
    name="photobook",
    prefix="/api/v1/userPhotobook",
    params=(
        Param("name", default=""),
        Param("face_image_url", "url", required=True),
        Param("location"),
        Param("clothing"),
        Param("total_count", "int", default=4, choices=(4, 8, 12, 16)),
    ),
    results=(),
    delete_running=False,
    record=lambda fields, user: dict(fields),
    extra=_photos,
)
_SOUND = Family(
    name="think_sound",
    prefix="/api/v1/thinkSound",
    params=(
        Param("name", default=""),
        Param("video_url", "url", required=True),
        Param("caption", default=""),
        Param("cot_description", default=""),
        Param("seed", "num"),
        *WEBHOOK,
    ),
    check=_think_sound_video,
)
_UPSCALE = Family(
    name="upscale",
    prefix="/api/v1/userUpscale",
    params=(Param("name", default=""), Param("source_url", "url", required=True), *WEBHOOK),
    results=(("result_url", "*"),),
    result_ext=_suffix_of("source_url", "mp4"),
)

FAMILIES = (_HEAD, _ACTOR, _BOOK, _SOUND, _UPSCALE)
routes = [route for family in FAMILIES for route in family_routes(family)]
