"""Caption removal (``userCaptionRemoval``): the full task-record set plus ``retry``.

``retry`` (body ``{"_id"}``; A2E shows none) restarts a failed task's clock; any other
state is HTTP 400.
"""

from __future__ import annotations

from aiohttp import web

from .._web import ApiError, ok, origin, read_body, state_of, user_of
from ..params import Param, parse
from ._engine import WEBHOOK, Family, family_routes, find, render

__all__ = ["FAMILY", "routes"]

FAMILY = Family(
    name="caption_removal",
    prefix="/api/v1/userCaptionRemoval",
    params=(
        Param("name", required=True),
        Param("source_url", "url", required=True),
        *WEBHOOK,
    ),
    processing_path="/allProcessing",
)


async def retry(request: web.Request) -> web.Response:
    """Run a failed task again from the start; answer the record."""
    state, user = state_of(request), user_of(request)
    task = find(
        request, FAMILY, parse(await read_body(request), (Param("_id", required=True),))["_id"]
    )
    phase = task.phase(state.now())
    if not phase.failed:
        raise ApiError(400, f"_id: only a failed task can be retried (it is {phase.status})")
    task.started = state.now()
    task.duration = state.draw_duration(FAMILY.name)
    task.failure = state.draw_failure((task.record.get("name"),))
    user.store(FAMILY.name).reopen(task)
    return ok(render(FAMILY, task, state.now(), origin(request)))


routes = [web.post(f"{FAMILY.prefix}/retry", retry), *family_routes(FAMILY)]
