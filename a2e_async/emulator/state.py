"""The emulator's memory: a clock, users, and tasks whose status is computed when read.

No job has a background task. A task stores when it started, how long it takes (real seconds,
already scaled) and whether it will fail; its status is a pure function of the clock. That is
what lets one emulator hold tens of thousands of jobs cheaply.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import random
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, NamedTuple

__all__ = [
    "DEFAULT_DURATIONS",
    "FAIL_MARKER",
    "FAMILIES",
    "REQUEST_LOG_SIZE",
    "TASK_STATUSES",
    "VIDEO_STATUSES",
    "VOICE_STATUSES",
    "Clock",
    "EmulatorState",
    "Phase",
    "Task",
    "TaskStore",
    "UserState",
    "Vocabulary",
    "iso",
]

FAIL_MARKER = "emulator:fail"
START_COINS = 100_000
START_DIAMONDS = 10

# A2E seconds; drawn uniformly per task so a batch finishes spread out, not all at once.
DEFAULT_DURATIONS: dict[str, tuple[float, float]] = {
    "video": (20, 90),
    "avatar": (60, 300),
    "avatar_continue": (7000, 7400),
    "voice_clone": (60, 120),
    "face_swap": (60, 300),
    "face_swap_preview": (5, 20),
    "dubbing": (60, 300),
    "image_to_video": (60, 600),
    "caption_removal": (60, 300),
    "text_to_image": (10, 40),
    "nano_banana": (10, 40),
    "talking_photo": (30, 120),
    "talking_video": (30, 180),
    "try_on": (20, 60),
    "video_to_video": (60, 300),
    "product_avatar": (30, 120),
    "image_edit": (10, 40),
    "watermark": (0, 0),
    # The spec catalog's model families: Flux 2 "usually 20-60 seconds" (SK), Wan 3.0 about
    # 2 (prime) to 14 minutes for 15 s of 720P (SK); the others are the emulator's picks.
    "gpt_image": (20, 60),
    "flux2": (20, 60),
    "qwen_image": (10, 60),
    "kling_image": (10, 60),
    "kling_video": (60, 600),
    "kling_omni": (60, 600),
    "veo": (60, 600),
    "sora": (60, 600),
    "grok_video": (60, 600),
    "seedance": (60, 600),
    "seedance2": (60, 600),
    "wan": (60, 600),
    "wan_spicy": (60, 600),
    "wan3": (120, 840),
    "happyhorse": (60, 600),
    "head_swap": (20, 120),
    "actor_swap": (60, 300),
    "photobook": (60, 300),
    "think_sound": (30, 180),
    "upscale": (30, 180),
}
FAMILIES = tuple(name for name in DEFAULT_DURATIONS if name != "avatar_continue")
# Newest API requests kept for GET /_emulator/requests (recorder.py); older ones drop off.
REQUEST_LOG_SIZE = 2000


def iso(ts: float) -> str:
    """ISO-8601 UTC with milliseconds and ``Z``, as A2E writes ``createdAt``."""
    moment = datetime.fromtimestamp(ts, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Clock:
    """Wall-clock seconds that tests may push forward with :meth:`advance`."""

    def __init__(self, time_scale: float) -> None:
        if time_scale < 0:
            raise ValueError("time_scale must be >= 0")
        self.time_scale = time_scale
        self._offset = 0.0

    def now(self) -> float:
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Jump forward by ``seconds`` of A2E time (scaled like every duration)."""
        self._offset += seconds * self.time_scale


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """One status vocabulary: the field it lives in and where each phase starts (0..1)."""

    field: str
    phases: tuple[tuple[float, str], ...]
    success: str
    failure: str


TASK_STATUSES = Vocabulary(
    "current_status",
    ((0.0, "initialized"), (0.05, "sent"), (0.15, "pending"), (0.3, "processing")),
    "completed",
    "failed",
)
VOICE_STATUSES = Vocabulary(
    "current_status",
    ((0.0, "initialized"), (0.05, "sent"), (0.15, "pendding"), (0.3, "processing")),
    "completed",
    "failed",
)
VIDEO_STATUSES = Vocabulary(
    "status",
    ((0.0, "init"), (0.03, "start"), (0.1, "pending"), (0.2, "process"), (0.92, "copy")),
    "success",
    "fail",
)


class Phase(NamedTuple):
    status: str
    progress: float
    done: bool
    failed: bool


@dataclass(slots=True, eq=False)
class Task:
    """One long-running job. ``record`` holds the static fields echoed from the request."""

    family: str
    id: str
    vocab: Vocabulary
    created: float
    started: float
    duration: float
    failure: str | None
    record: dict[str, Any]
    coins: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def phase(self, now: float) -> Phase:
        progress = 1.0 if self.duration <= 0 else (now - self.started) / self.duration
        if progress >= 1.0:
            if self.failure is not None:
                return Phase(self.vocab.failure, 1.0, True, True)
            return Phase(self.vocab.success, 1.0, True, False)
        status = self.vocab.phases[0][1]
        for start, name in self.vocab.phases:
            if progress >= start:
                status = name
        return Phase(status, max(progress, 0.0), False, False)

    def finished_at(self, now: float) -> float | None:
        end = self.started + max(self.duration, 0.0)
        return end if now >= end else None

    def row(self, now: float) -> dict[str, Any]:
        """The ``/_emulator/tasks`` view."""
        return {
            "family": self.family,
            "id": self.id,
            "status": self.phase(now).status,
            "created_at": self.created,
            "finished_at": self.finished_at(now),
        }


class TaskStore:
    """One user's tasks of one family, in creation order, plus a lazily pruned in-flight set."""

    __slots__ = ("_inflight", "tasks")

    def __init__(self) -> None:
        self.tasks: dict[str, Task] = {}
        self._inflight: dict[str, Task] = {}

    def add(self, task: Task) -> None:
        self.tasks[task.id] = task
        self._inflight[task.id] = task

    def reopen(self, task: Task) -> None:
        """Track a task again after it was restarted (avatar continue-training)."""
        self._inflight[task.id] = task

    def get(self, task_id: str) -> Task | None:
        return self.tasks.get(task_id)

    def remove(self, task_id: str) -> Task | None:
        self._inflight.pop(task_id, None)
        return self.tasks.pop(task_id, None)

    def newest(self) -> Iterator[Task]:
        return reversed(self.tasks.values())

    def page(self, page: int, size: int) -> list[Task]:
        start = (page - 1) * size
        return list(itertools.islice(self.newest(), start, start + size))

    def in_flight(self, now: float) -> list[Task]:
        """Unfinished tasks, newest first; finished ones are dropped from the set as seen."""
        alive: list[Task] = []
        for task_id, task in list(self._inflight.items()):
            if task.phase(now).done:
                del self._inflight[task_id]
            else:
                alive.append(task)
        alive.reverse()
        return alive


@dataclass(eq=False)
class UserState:
    """Everything one API token owns."""

    id: str
    owner: str = field(repr=False, default="")
    coins: int = 0
    diamonds: int = 0
    stores: dict[str, TaskStore] = field(default_factory=dict)
    ledger: list[dict[str, Any]] = field(default_factory=list)
    backgrounds: dict[str, dict[str, Any]] = field(default_factory=dict)
    custom_avatars: dict[str, dict[str, Any]] = field(default_factory=dict)
    tts_previews: dict[str, dict[str, Any]] = field(default_factory=dict)
    face_images: dict[str, dict[str, Any]] = field(default_factory=dict)
    rooms: dict[str, dict[str, Any]] = field(default_factory=dict)
    sub_users: dict[str, dict[str, Any]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)

    def store(self, family: str) -> TaskStore:
        found = self.stores.get(family)
        if found is None:
            found = self.stores[family] = TaskStore()
        return found

    def can_afford(self, coins: int = 0, diamonds: int = 0) -> bool:
        return self.coins >= coins and self.diamonds >= diamonds

    def book(
        self, entry_id: str, *, coins: int, diamonds: int, description: str, record: str, at: float
    ) -> None:
        """Move the balances and write a credits-history row (negative = consumption)."""
        self.coins += coins
        self.diamonds += diamonds
        self.ledger.append(
            {
                "_id": entry_id,
                "coins": coins,
                "diamonds": diamonds,
                "type": "consumption" if coins < 0 or diamonds < 0 else "income",
                "description": description,
                "record_id": record,
                "createdAt": iso(at),
            }
        )


class EmulatorState:
    """All users, counters and random streams of one emulator."""

    def __init__(
        self,
        *,
        time_scale: float = 1.0,
        seed: int | None = None,
        token: str | None = None,
        fail_rate: float = 0.0,
        durations: Mapping[str, tuple[float, float]] | None = None,
        coins: int = START_COINS,
        diamonds: int = START_DIAMONDS,
    ) -> None:
        if not 0.0 <= fail_rate <= 1.0:
            raise ValueError("fail_rate must be within 0..1")
        if coins < 0 or diamonds < 0:
            raise ValueError("coins and diamonds must be >= 0")
        self.start_coins, self.start_diamonds = coins, diamonds
        self.clock = Clock(time_scale)
        self.seed = seed
        self.token = token
        self.fail_rate = fail_rate
        self.durations = dict(DEFAULT_DURATIONS)
        for name, (low, high) in (durations or {}).items():
            if name not in DEFAULT_DURATIONS:
                raise ValueError(f"durations: unknown family {name!r}")
            if not 0 <= low <= high:
                raise ValueError(f"durations[{name!r}]: need 0 <= low <= high")
            self.durations[name] = (float(low), float(high))
        # Set by the webhook sender (webhooks.py): told of every task a start call asked a
        # webhook for, with (user, task, url, token).
        self.webhook_sink: Callable[[UserState, Task, str, str | None], None] | None = None
        # Minted per process, like the random part of a MongoDB ObjectId.
        self._id_salt = os.urandom(5).hex()
        self._id_counter = itertools.count(int.from_bytes(os.urandom(3), "big"))
        self.reset()

    def reset(self) -> None:
        """Forget every user, task, upload and counter; restart the seeded streams."""
        base = random.Random(self.seed)
        # Separate streams keep durations reproducible whatever else draws numbers.
        self.duration_rng = random.Random(base.random())
        self.fail_rng = random.Random(base.random())
        self.users: dict[str, UserState] = {}
        self.minted: dict[str, str] = {}
        self.requests: Counter[str] = Counter()
        self.created: Counter[str] = Counter()
        self.faults: Counter[str] = Counter()
        self.tts_seconds: dict[str, float] = {}
        self.uploads: dict[str, tuple[bytes, str]] = {}
        self.request_log: deque[dict[str, Any]] = deque(maxlen=REQUEST_LOG_SIZE)

    def now(self) -> float:
        return self.clock.now()

    def new_id(self) -> str:
        """A 24-hex ObjectId: seconds, a per-process salt, a counter."""
        counter = next(self._id_counter) & 0xFFFFFF
        return f"{int(time.time()) & 0xFFFFFFFF:08x}{self._id_salt}{counter:06x}"

    def user_for(self, token: str) -> UserState | None:
        """The user a bearer token belongs to, or None when the token is refused."""
        owner = self.minted.get(token)
        if owner is None:
            if self.token is not None and token != self.token:
                return None
            owner = token
        user = self.users.get(owner)
        if user is None:
            user_id = hashlib.sha256(owner.encode()).hexdigest()[:24]
            user = self.users[owner] = UserState(user_id, owner)
            user.book(
                self.new_id(),
                coins=self.start_coins,
                diamonds=self.start_diamonds,
                description="initial grant",
                record="",
                at=self.now(),
            )
        return user

    def mint_token(self, user: UserState, token: str) -> None:
        """Let ``token`` act as ``user`` (``token/generate``), even when a token is pinned."""
        self.minted[token] = user.owner

    def draw_duration(self, key: str) -> float:
        """Real seconds for a new task of ``key`` (a family or ``avatar_continue``)."""
        low, high = self.durations[key]
        return self.duration_rng.uniform(low, high) * self.clock.time_scale

    def draw_failure(self, texts: Iterable[object]) -> str | None:
        """The failure message of a new task, or None when it will succeed."""
        # Always draw, so the fail stream stays aligned whether or not a marker is present.
        unlucky = self.fail_rng.random() < self.fail_rate
        if any(FAIL_MARKER in text for text in texts if isinstance(text, str)):
            return f"emulator: failure requested by the {FAIL_MARKER!r} marker"
        if unlucky:
            return "emulator: random failure (fail_rate)"
        return None

    def new_task(
        self,
        user: UserState,
        family: str,
        *,
        vocab: Vocabulary,
        record: dict[str, Any],
        texts: Iterable[object] = (),
        coins: int = 0,
        task_id: str | None = None,
        webhook: tuple[str | None, str | None] = (None, None),
    ) -> Task:
        """Create, store and count a task; its clock starts now. ``webhook`` is the start
        call's ``(webhook_url, webhook_token)``: a URL gets a notice when the task ends."""
        now = self.now()
        task = Task(
            family=family,
            id=task_id or self.new_id(),
            vocab=vocab,
            created=now,
            started=now,
            duration=self.draw_duration(family),
            failure=self.draw_failure(texts),
            record=record,
            coins=coins,
        )
        user.store(family).add(task)
        self.created[family] += 1
        url, token = webhook
        if url and self.webhook_sink is not None:
            self.webhook_sink(user, task, url, token)
        return task

    def all_tasks(self) -> Iterator[Task]:
        for user in self.users.values():
            for store in user.stores.values():
                yield from store.tasks.values()

    def task_rows(self) -> list[dict[str, Any]]:
        now = self.now()
        return [task.row(now) for task in self.all_tasks()]

    def stats(self) -> dict[str, dict[str, int]]:
        return {
            "requests": dict(self.requests),
            "created": dict(self.created),
            "faults": dict(self.faults),
        }
