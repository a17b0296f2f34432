"""The aiohttp application: routes, middlewares (stats, faults, errors, auth) and control routes.

Middlewares run outermost first: a body larger than :data:`MAX_BODY` is refused before
anything reads it, then every ``/api/v1/*`` request is logged and counted, may get a fault,
is authenticated and handled; an :class:`ApiError` from anywhere inside becomes an error
envelope. ``/_emulator/*`` (control and hosted files) needs no token and never faults.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from aiohttp import web
from aiohttp.typedefs import Handler

from . import files, recorder, webhooks
from ._web import STATE, USER, ApiError, error_response, ok, read_body, state_of
from .faults import FAULTS, FaultInjector, FaultRule, fault_middleware, parse_faults, route_template
from .handlers import MODULES
from .state import EmulatorState

__all__ = ["ApiError", "create_app", "error_response", "ok"]

MAX_BODY = 64 * 1024 * 1024
"""The largest request body accepted (JSON calls and R2 uploads alike), in bytes."""
# A clock moved further than this is a mistake (a year of A2E time).
_MAX_ADVANCE = 365 * 24 * 3600.0


@web.middleware
async def stats_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith("/_emulator/"):
        state_of(request).requests[f"{request.method} {route_template(request)}"] += 1
    return await handler(request)


@web.middleware
async def size_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    # Outermost, so no one reads a body first. aiohttp's client_max_size reads up to the
    # limit before refusing; a stated length over it is refused unread, and the connection
    # closed so the rest is not drained.
    length = request.content_length
    if length is None or length <= MAX_BODY:
        try:
            return await handler(request)
        except web.HTTPRequestEntityTooLarge:  # no length stated, past client_max_size
            pass
    response = error_response(413, f"body: larger than {MAX_BODY} bytes")
    response.force_close()
    return response


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as exc:
        return error_response(exc.status, exc.msg, code=exc.code)


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith("/api/v1/"):
        return await handler(request)
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "missing bearer token: send 'Authorization: Bearer <token>'")
    user = state_of(request).user_for(token)
    if user is None:
        raise ApiError(401, "invalid token")
    request[USER] = user
    return await handler(request)


control = web.RouteTableDef()


@control.get("/_emulator/stats")
async def stats(request: web.Request) -> web.Response:
    return web.json_response(state_of(request).stats())


@control.get("/_emulator/tasks")
async def tasks(request: web.Request) -> web.Response:
    return web.json_response(state_of(request).task_rows())


@control.post("/_emulator/reset")
async def reset(request: web.Request) -> web.Response:
    state_of(request).reset()
    request.app[webhooks.WEBHOOKS].reset()
    return web.json_response({"ok": True})


@control.post("/_emulator/faults")
async def set_faults(request: web.Request) -> web.Response:
    """Replace the fault rules: body ``{"spec": "5xx=0.1"}`` (empty spec = no faults)."""
    spec = (await read_body(request)).get("spec") or ""
    try:
        rules = parse_faults(str(spec))
    except ValueError as exc:
        raise ApiError(400, f"spec: {exc}") from None
    request.app[FAULTS].rules = rules
    return web.json_response({"ok": True})


@control.post("/_emulator/advance")
async def advance(request: web.Request) -> web.Response:
    """Move the clock forward: body ``{"seconds": <A2E seconds>}``."""
    seconds = (await read_body(request)).get("seconds")
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, int | float)
        or not math.isfinite(seconds)
        or not 0 <= seconds <= _MAX_ADVANCE
    ):
        raise ApiError(400, f"seconds: expected a number from 0 to {_MAX_ADVANCE:g}")
    state_of(request).clock.advance(float(seconds))
    request.app[webhooks.WEBHOOKS].poke()
    return web.json_response({"ok": True})


def create_app(
    *,
    time_scale: float = 1.0,
    seed: int | None = None,
    token: str | None = None,
    faults: str | Sequence[FaultRule] | None = None,
    fail_rate: float = 0.0,
    durations: Mapping[str, tuple[float, float]] | None = None,
    coins: int = 100_000,
    diamonds: int = 10,
    retry_after: float = 1.0,
    webhook_switches: Mapping[str, object] | None = None,
) -> web.Application:
    """Build the emulator application (serve it with aiohttp, or use :class:`Emulator`).

    ``coins`` / ``diamonds`` are every new user's starting balances; ``retry_after`` is the
    ``Retry-After`` (seconds) of injected 429s; ``webhook_switches`` set how webhooks are
    delivered (``webhooks.py``). Raises ValueError on a bad fault spec, time scale, fail
    rate, duration range, balance or switch.
    """
    state = EmulatorState(
        time_scale=time_scale,
        seed=seed,
        token=token,
        fail_rate=fail_rate,
        durations=durations,
        coins=coins,
        diamonds=diamonds,
    )
    rules = parse_faults(faults) if faults is None or isinstance(faults, str) else tuple(faults)
    app = web.Application(
        middlewares=[
            size_middleware,
            recorder.middleware,
            stats_middleware,
            fault_middleware,
            error_middleware,
            auth_middleware,
        ],
        client_max_size=MAX_BODY,
    )
    app[STATE] = state
    # A separate stream from the task clock's, so faults do not shift task durations.
    app[FAULTS] = FaultInjector(rules, None if seed is None else seed + 1, retry_after)
    switches = webhooks.WebhookSwitches().updated(webhook_switches or {})
    sender = webhooks.WebhookSender(state, switches, None if seed is None else seed + 2)
    app[webhooks.WEBHOOKS] = sender
    app.cleanup_ctx.append(sender.context)
    app.router.add_routes(control)
    app.router.add_routes(webhooks.routes)
    app.router.add_routes(recorder.routes)
    app.router.add_routes(files.routes)
    for module in MODULES:
        app.router.add_routes(module.routes)
    return app
