"""A bounded log of the API requests the emulator received: ``GET /_emulator/requests``.

Every ``/api/v1/*`` request is logged as it arrives (before faults, auth or validation) with
its method, path, route template, query, JSON body and the HTTP status it got. It answers
"what exactly did my code send?" without a proxy, and lets tests hold the wire format to
A2E's documents. The bearer token is never logged, only whether one was present.

``GET /_emulator/requests`` lists the log oldest first (``?path=`` keeps one path or route
template); ``DELETE /_emulator/requests`` empties it. ``POST /_emulator/reset`` empties it too.
The log keeps the newest :data:`~a2e_async.emulator.state.REQUEST_LOG_SIZE` entries; bodies
larger than :data:`MAX_LOGGED_BODY` bytes, or not JSON, are logged as ``null`` with their size.
"""

from __future__ import annotations

import json
from typing import Any, Final
from urllib.parse import parse_qsl

from aiohttp import web
from aiohttp.typedefs import Handler

from ._web import state_of
from .faults import route_template

__all__ = ["MAX_LOGGED_BODY", "middleware", "routes"]

MAX_LOGGED_BODY: Final = 64 * 1024

routes = web.RouteTableDef()


def _query(query_string: str) -> dict[str, str | list[str]]:
    out: dict[str, str | list[str]] = {}
    for key, value in parse_qsl(query_string, keep_blank_values=True):
        found = out.get(key)
        if found is None:
            out[key] = value
        else:
            out[key] = [*found, value] if isinstance(found, list) else [found, value]
    return out


def _json_body(raw: bytes | None) -> Any:
    if raw is None or not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError:  # also UnicodeDecodeError
        return None


def _view(entry: dict[str, Any]) -> dict[str, Any]:
    """The logged request as the control route shows it (parsed only when asked for)."""
    return {
        "method": entry["method"],
        "path": entry["path"],
        "route": entry["route"],
        "query": _query(entry["query_string"]),
        "json": _json_body(entry["raw"]),
        "body_size": entry["body_size"],
        "authorized": entry["authorized"],
        "status": entry["status"],
    }


@web.middleware
async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Log each ``/api/v1/*`` request; the handler still reads the (cached) body."""
    if not request.path.startswith("/api/v1/"):
        return await handler(request)
    # Kept raw and parsed only when the log is read, so serving stays cheap.
    entry: dict[str, Any] = {
        "method": request.method,
        "path": request.path,
        "route": route_template(request),
        "query_string": request.query_string,
        "raw": None,
        "body_size": None,
        "authorized": "Authorization" in request.headers,
        "status": None,
    }
    state_of(request).request_log.append(entry)
    try:
        # aiohttp caches the body, so the handler reads the same bytes again.
        raw = await request.read() if request.can_read_body else b""
        entry["body_size"] = len(raw)
        entry["raw"] = raw if len(raw) <= MAX_LOGGED_BODY else None
        response = await handler(request)
    except web.HTTPException as exc:
        entry["status"] = exc.status
        raise
    entry["status"] = response.status
    return response


@routes.get("/_emulator/requests")
async def list_requests(request: web.Request) -> web.Response:
    """The logged requests, oldest first; ``?path=`` keeps those with that path or route."""
    wanted = request.query.get("path")
    entries = [
        _view(entry)
        for entry in state_of(request).request_log
        if wanted is None or wanted in (entry["path"], entry["route"])
    ]
    return web.json_response(entries)


@routes.delete("/_emulator/requests")
async def clear_requests(request: web.Request) -> web.Response:
    state_of(request).request_log.clear()
    return web.json_response({"ok": True})
