"""Fault injection: make ``/api/v1/*`` misbehave the ways a real network and server do.

A spec is comma-separated ``name=rate`` (``5xx=0.05,429=0.03,reset_after=0.01``); a name may
be pinned to one route template as ``name@/api/v1/video/generate=rate``. Each request draws
one number from a seeded stream and gets at most one fault, so a run is reproducible.

=============  ==================================================================  ==========
name           what the client sees                                                state
=============  ==================================================================  ==========
5xx            HTTP 503, error envelope                                            unchanged
429            HTTP 429, error envelope, ``Retry-After`` (``retry_after``, default 1 s) unchanged
code_error     HTTP 200 with ``{"code": 500001, "msg": "emulator injected error"}``  unchanged
reset_before   connection dropped before the request is processed                 unchanged
reset_after    request processed (task created, credits charged), then dropped    changed
slow           normal answer, 0.2-0.5 s late (real time, whatever time_scale)      changed
malformed      request processed, then HTTP 200 with a body that is not JSON       changed
=============  ==================================================================  ==========
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from aiohttp import web
from aiohttp.typedefs import Handler

from ._web import dumps, error_response, state_of

__all__ = ["FAULT_NAMES", "FaultInjector", "FaultRule", "fault_middleware", "parse_faults"]

FAULT_NAMES = ("5xx", "429", "reset_before", "reset_after", "slow", "malformed", "code_error")


@dataclass(frozen=True, slots=True)
class FaultRule:
    name: str
    rate: float
    route: str | None = None


def parse_faults(spec: str | None) -> tuple[FaultRule, ...]:
    """Parse a fault spec; raise ValueError on an unknown name or a bad rate."""
    rules: list[FaultRule] = []
    for raw in (spec or "").split(","):
        item = raw.strip()
        if not item:
            continue
        target, sep, rate_text = item.rpartition("=")
        if not sep or not target:
            raise ValueError(f"fault {item!r}: expected name=rate")
        name, _, route = target.partition("@")
        name = name.strip()
        if name not in FAULT_NAMES:
            raise ValueError(f"unknown fault {name!r}; known: {', '.join(FAULT_NAMES)}")
        try:
            rate = float(rate_text)
        except ValueError:
            raise ValueError(f"fault {item!r}: rate is not a number") from None
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"fault {item!r}: rate must be within 0..1")
        rules.append(FaultRule(name, rate, route.strip() or None))
    _check_totals(rules)
    return tuple(rules)


def _check_totals(rules: Sequence[FaultRule]) -> None:
    general = sum(rule.rate for rule in rules if rule.route is None)
    routes = {rule.route for rule in rules if rule.route is not None}
    for route in (None, *routes):
        total = general + sum(rule.rate for rule in rules if route and rule.route == route)
        if total > 1.0 + 1e-9:
            raise ValueError(f"fault rates for {route or 'all routes'} add up to more than 1")


class FaultInjector:
    """Picks at most one fault per request from a seeded stream."""

    def __init__(
        self, rules: Sequence[FaultRule] = (), seed: int | None = None, retry_after: float = 1.0
    ) -> None:
        self.rules = tuple(rules)
        self._rng = random.Random(seed)
        # Real servers send whole seconds; tests on a compressed clock may ask for less.
        self.retry_after = f"{retry_after:g}"

    def pick(self, route: str, path: str) -> str | None:
        if not self.rules:
            return None
        draw = self._rng.random()
        total = 0.0
        for rule in self.rules:
            if rule.route is None or rule.route in (route, path):
                total += rule.rate
                if draw < total:
                    return rule.name
        return None

    def delay(self) -> float:
        return self._rng.uniform(0.2, 0.5)


FAULTS = web.AppKey("a2e_emulator_faults", FaultInjector)


def _drop(request: web.Request) -> web.Response:
    # Aborting the transport makes aiohttp skip the reply; the client sees a disconnect.
    transport = request.transport
    if transport is not None:
        transport.abort()
    return web.Response(status=500)


def route_template(request: web.Request) -> str:
    """The matched route's template (``/api/v1/userImage2Video/{_id}``), else the raw path."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else request.path


@web.middleware
async def fault_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith("/api/v1/"):
        return await handler(request)
    injector = request.app[FAULTS]
    fault = injector.pick(route_template(request), request.path)
    if fault is None:
        return await handler(request)
    state_of(request).faults[fault] += 1
    if fault == "5xx":
        return error_response(503, "service unavailable (emulator injected fault)")
    if fault == "429":
        return error_response(
            429,
            "too many requests (emulator injected fault)",
            headers={"Retry-After": injector.retry_after},
        )
    if fault == "code_error":
        body = {"code": 500001, "msg": "emulator injected error", "trace_id": str(uuid.uuid4())}
        return web.Response(text=dumps(body), content_type="application/json")
    if fault == "reset_before":
        return _drop(request)
    response = await handler(request)
    if fault == "reset_after":
        return _drop(request)
    if fault == "slow":
        await asyncio.sleep(injector.delay())
        return response
    return web.Response(text='{"code": 0, "data": {"_id": ', content_type="application/json")
