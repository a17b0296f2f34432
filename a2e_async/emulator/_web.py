"""HTTP plumbing shared by every handler: the envelope, errors, request accessors.

A2E wraps every answer as ``{"code": 0, "data": ..., "trace_id": "<uuid>"}``; errors carry a
non-zero ``code`` and a human ``msg``. The HTTP statuses used for errors are the emulator's
choice (A2E's are undocumented): 400 bad parameter, 401 auth, 402 credits, 404 no record.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from .state import EmulatorState, UserState

__all__ = [
    "STATE",
    "USER",
    "ApiError",
    "dumps",
    "error_response",
    "ok",
    "origin",
    "read_body",
    "read_params",
    "state_of",
    "user_of",
]

STATE = web.AppKey("a2e_emulator_state", EmulatorState)
USER = web.RequestKey("a2e_emulator_user", UserState)


class ApiError(Exception):
    """Raised by handlers; the error middleware turns it into an error envelope."""

    def __init__(self, status: int, msg: str, *, code: int | None = None) -> None:
        super().__init__(msg)
        self.status = status
        self.msg = msg
        self.code = status if code is None else code


def dumps(obj: Any) -> str:
    """Compact JSON, as a real API would send it."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def _json(
    body: Mapping[str, Any], status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    return web.Response(
        text=dumps(body), status=status, content_type="application/json", headers=headers
    )


def ok(data: Any) -> web.Response:
    """The success envelope around ``data``."""
    return _json({"code": 0, "data": data, "trace_id": str(uuid.uuid4())})


def error_response(
    status: int, msg: str, *, code: int | None = None, headers: Mapping[str, str] | None = None
) -> web.Response:
    """An error envelope: ``{"code", "msg", "trace_id"}`` with the given HTTP status."""
    body = {"code": status if code is None else code, "msg": msg, "trace_id": str(uuid.uuid4())}
    return _json(body, status=status, headers=headers)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


async def read_body(request: web.Request) -> dict[str, Any]:
    """The JSON object body; an empty body counts as ``{}`` (callers POST lists with none).

    Strict JSON, as a JavaScript server parses it: ``NaN`` and ``Infinity`` are refused,
    and so is nesting too deep to parse; each is a 400, never a crash.
    """
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw, parse_constant=_no_constant)
    except RecursionError:
        raise ApiError(400, "body: nested too deeply") from None
    except ValueError:
        raise ApiError(400, "body: not valid JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "body: expected a JSON object")
    return body


async def read_params(request: web.Request) -> dict[str, Any]:
    """Query parameters, overlaid by the JSON body for endpoints A2E serves as GET and POST."""
    params: dict[str, Any] = dict(request.query)
    if request.method == "POST":
        params.update(await read_body(request))
    return params


def state_of(request: web.Request) -> EmulatorState:
    return request.app[STATE]


def user_of(request: web.Request) -> UserState:
    return request[USER]


def origin(request: web.Request) -> str:
    """Scheme and host the client used, so result URLs work whatever port was bound."""
    return str(request.url.origin())
