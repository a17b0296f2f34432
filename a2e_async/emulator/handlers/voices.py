"""Voice clones (``userVoice``): train, list in-training and completed, read, rename, delete.

A completed clone gets a ``speaker_id`` (distinct from ``_id``): that is what ``send_tts``
accepts as ``user_voice_id``. The in-flight status is spelled ``pendding``, as A2E spells it.
"""

from __future__ import annotations

import hashlib

from aiohttp import web

from .._web import ok, origin, read_body, state_of, user_of
from ..params import Param, parse
from ..state import VOICE_STATUSES, Phase, Task, UserState
from ._engine import WEBHOOK, Family, Record, family_routes, find, render

__all__ = ["FAMILY", "routes", "speaker_ids"]

_PARAMS = (
    Param("name", required=True),
    Param("voice_urls", "urls", required=True, min_items=1),
    Param("gender", default="female", choices=("female", "male")),
    Param("denoise", "bool"),
    Param("enhance_voice_similarity", "bool"),
    Param("model", default="a2e", choices=("a2e", "cartesia", "minimax", "elevenlabs")),
    Param("language"),
    *WEBHOOK,
)


def _speaker(task_id: str) -> str:
    return "spk_" + hashlib.sha1(task_id.encode(), usedforsecurity=False).hexdigest()[:20]


def _record(fields: Record, user: UserState) -> Record:
    keep = ("name", "voice_urls", "gender", "model", "language", "denoise")
    return {key: fields[key] for key in keep if key in fields} | {"train_mode": "best"}


def _extra(task: Task, phase: Phase, host: str) -> Record:
    return {"speaker_id": _speaker(task.id) if phase.done and not phase.failed else ""}


FAMILY = Family(
    name="voice_clone",
    prefix="/api/v1/userVoice",
    params=_PARAMS,
    start="/training",
    results=(),
    list_path=None,
    processing_path="/trainingRecord",
    batch=False,
    vocab=VOICE_STATUSES,
    coins_field=False,
    record=_record,
    extra=_extra,
)


def _completed(user: UserState, now: float) -> list[Task]:
    return [
        task for task in user.store(FAMILY.name).newest() if task.phase(now).status == "completed"
    ]


def speaker_ids(user: UserState, now: float) -> set[str]:
    """Speaker ids of the user's completed clones (what ``send_tts`` accepts)."""
    return {_speaker(task.id) for task in _completed(user, now)}


async def completed(request: web.Request) -> web.Response:
    """The user's completed clones, newest first (a bare array, as documented)."""
    now, host = state_of(request).now(), origin(request)
    tasks = _completed(user_of(request), now)
    return ok([render(FAMILY, task, now, host) for task in tasks])


async def rename(request: web.Request) -> web.Response:
    """``PUT /userVoice/{_id}`` ``{"name"}``: rename a clone, answer the record (a pick)."""
    task = find(request, FAMILY)
    task.record["name"] = parse(await read_body(request), (Param("name", required=True),))["name"]
    return ok(render(FAMILY, task, state_of(request).now(), origin(request)))


routes = [
    web.get("/api/v1/userVoice/completedRecord", completed),
    *family_routes(FAMILY),
    web.put("/api/v1/userVoice/{_id}", rename),
]
