"""Webhook deliveries: a start call that carried ``webhook_url`` gets a POST when its task ends.

What A2E documents (part2 §1.6): ``webhook_url`` receives ``task.completed`` /
``task.failed`` notifications, best effort, one attempt, no retries; ``webhook_token`` is
echoed in the ``X-A2e-Webhook-Token`` header. The body is undocumented; the emulator's pick
is ``{"event": "task.completed", "data": {"_id": ..., <the family's status field>: ...},
"timestamp": ...}`` (``failed_message`` added on failure).

Tasks have no background job (their status is computed when read), so one sender loop keeps
a heap of end times and sleeps until the next; moving the clock (``/_emulator/advance``)
wakes it. Deliveries go to loopback hosts only: the emulator never calls out to the internet.

Switches (``Emulator(webhooks={...})``, ``POST /_emulator/webhooks``, read back with
``GET /_emulator/webhooks`` with counters and the newest deliveries): ``enabled``, ``drop``
(share of tasks whose notice is never sent), ``delay`` (A2E seconds after the end),
``duplicate`` (send each notice twice), ``wrong_token`` (send a forged token).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import ipaddress
import itertools
import json
import math
import random
from collections import Counter, deque
from collections.abc import AsyncIterator, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from ._web import ApiError, read_body
from .state import EmulatorState, Task, UserState, iso

__all__ = ["WEBHOOKS", "WebhookSender", "WebhookSwitches", "routes"]

TOKEN_HEADER = "X-A2e-Webhook-Token"
FORGED_TOKEN = "emulator-forged-token"
_LOG_SIZE = 500
_SEND_TIMEOUT = 10.0


@dataclass(frozen=True)
class WebhookSwitches:
    """How the emulator delivers webhooks (every field settable over the control API)."""

    enabled: bool = True
    drop: float = 0.0
    """Share of tasks whose notice is dropped (drawn per task from the seeded stream)."""
    delay: float = 0.0
    """A2E seconds between a task's end and its notice."""
    duplicate: bool = False
    """Send every notice twice."""
    wrong_token: bool = False
    """Send a forged token instead of the call's ``webhook_token``."""

    def updated(self, changes: Mapping[str, Any]) -> WebhookSwitches:
        """These switches with ``changes``; ValueError names a bad key or value."""
        known = set(asdict(self))
        for key, value in changes.items():
            if key not in known:
                raise ValueError(f"unknown switch {key!r}; known: {', '.join(sorted(known))}")
            if key in ("enabled", "duplicate", "wrong_token") and not isinstance(value, bool):
                raise ValueError(f"{key}: expected true or false")
            if key in ("drop", "delay"):
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ValueError(f"{key}: expected a number")
                if not math.isfinite(value) or value < 0 or (key == "drop" and value > 1):
                    raise ValueError(f"{key}: out of range")
        values: dict[str, Any] = {
            key: float(value) if key in ("drop", "delay") else value
            for key, value in changes.items()
        }
        return replace(self, **values)


def _loopback(url: str) -> bool:
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return False
    if parts.scheme not in ("http", "https"):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class WebhookSender:
    """Sends each registered task's notice when it ends (see the module docstring)."""

    def __init__(self, state: EmulatorState, switches: WebhookSwitches, seed: int | None) -> None:
        self.state = state
        self.switches = switches
        self._rng = random.Random(seed)
        self._heap: list[tuple[float, int, Task, UserState, str, str | None]] = []
        self._order = itertools.count()
        self._wake = asyncio.Event()
        self._sends: set[asyncio.Task[None]] = set()
        self._session: aiohttp.ClientSession | None = None
        self.counts: Counter[str] = Counter()
        self.log: deque[dict[str, Any]] = deque(maxlen=_LOG_SIZE)
        state.webhook_sink = self.register

    def register(self, user: UserState, task: Task, url: str, token: str | None) -> None:
        """Remember to notify ``url`` when ``task`` ends (called as the task is created)."""
        self.counts["registered"] += 1
        if not _loopback(url):
            self.counts["skipped_remote"] += 1
            return
        heapq.heappush(self._heap, (self._due(task), next(self._order), task, user, url, token))
        self._wake.set()

    def poke(self) -> None:
        """The clock moved: look at the heap again."""
        self._wake.set()

    def reset(self) -> None:
        self._heap.clear()
        self.counts.clear()
        self.log.clear()

    def view(self) -> dict[str, Any]:
        return {
            "switches": asdict(self.switches),
            "pending": len(self._heap),
            "counts": dict(self.counts),
            "deliveries": list(self.log),
        }

    def _due(self, task: Task) -> float:
        end = task.started + max(task.duration, 0.0)
        return end + self.switches.delay * self.state.clock.time_scale

    async def run(self) -> None:
        """The sender loop (one per app, started with it)."""
        while True:
            self._wake.clear()
            if not self._heap:
                await self._wake.wait()
                continue
            wait = self._heap[0][0] - self.state.now()
            if wait > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=wait)
                continue
            _, _, task, user, url, token = heapq.heappop(self._heap)
            self._fire(task, user, url, token)

    def _fire(self, task: Task, user: UserState, url: str, token: str | None) -> None:
        if (
            self.state.users.get(user.owner) is not user
            or user.store(task.family).get(task.id) is not task
        ):
            self.counts["gone"] += 1  # deleted, or the emulator was reset
            return
        phase = task.phase(self.state.now())
        if not phase.done:  # restarted since it was registered: wait for the new end
            heapq.heappush(self._heap, (self._due(task), next(self._order), task, user, url, token))
            return
        switches = self.switches
        # Always draw, so the drop stream stays aligned whatever the other switches say.
        unlucky = self._rng.random() < switches.drop
        if not switches.enabled:
            self.counts["disabled"] += 1
            return
        if unlucky:
            self.counts["dropped"] += 1
            return
        event = "task.failed" if phase.failed else "task.completed"
        data: dict[str, Any] = {"_id": task.id, task.vocab.field: phase.status}
        if phase.failed:
            data["failed_message"] = task.failure
        body = {"event": event, "data": data, "timestamp": iso(self.state.now())}
        headers = {"Content-Type": "application/json"}
        sent_token = FORGED_TOKEN if switches.wrong_token else token
        if sent_token is not None:
            headers[TOKEN_HEADER] = sent_token
        for _ in range(2 if switches.duplicate else 1):
            send = asyncio.get_running_loop().create_task(
                self._send(url, json.dumps(body).encode(), headers, task, event)
            )
            self._sends.add(send)
            send.add_done_callback(self._sends.discard)

    async def _send(
        self, url: str, body: bytes, headers: dict[str, str], task: Task, event: str
    ) -> None:
        entry: dict[str, Any] = {
            "task_id": task.id,
            "family": task.family,
            "event": event,
            "url": url,
        }
        self.log.append(entry)
        self.counts["sent"] += 1
        assert self._session is not None
        try:
            timeout = aiohttp.ClientTimeout(total=_SEND_TIMEOUT)
            async with self._session.post(
                url, data=body, headers=headers, timeout=timeout
            ) as answer:
                entry["status"] = answer.status
                self.counts["answered_2xx" if answer.status < 300 else "answered_error"] += 1
        except (aiohttp.ClientError, TimeoutError) as exc:  # one attempt, no retries (A2E's rule)
            entry["error"] = type(exc).__name__
            self.counts["unreachable"] += 1

    async def context(self, app: web.Application) -> AsyncIterator[None]:
        """``app.cleanup_ctx`` entry: run the loop while the app runs."""
        self._session = aiohttp.ClientSession()
        loop = asyncio.get_running_loop().create_task(self.run(), name="a2e-emulator-webhooks")
        try:
            yield
        finally:
            pending = [loop, *self._sends]
            for job in pending:
                job.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            await self._session.close()
            self._session = None


WEBHOOKS = web.AppKey("a2e_emulator_webhooks", WebhookSender)

routes = web.RouteTableDef()


@routes.get("/_emulator/webhooks")
async def show(request: web.Request) -> web.Response:
    return web.json_response(request.app[WEBHOOKS].view())


@routes.post("/_emulator/webhooks")
async def configure(request: web.Request) -> web.Response:
    """Change switches: body like ``{"drop": 0.2, "delay": 1.5}`` (others stay)."""
    sender = request.app[WEBHOOKS]
    try:
        sender.switches = sender.switches.updated(await read_body(request))
    except ValueError as exc:
        raise ApiError(400, f"webhooks: {exc}") from None
    return web.json_response(sender.view())
