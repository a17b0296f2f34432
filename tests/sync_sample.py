"""An async API with every shape ``scripts/gen_sync.py`` must copy; tests/test_sync.py
generates its blocking twin and drives it."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Generic, Literal, TypeVar

import anyio
import anyio.lowlevel
import attrs
from typing_extensions import Required, TypedDict, Unpack

if TYPE_CHECKING:  # only for annotations: the twin must not import it at run time either
    from collections.abc import Sequence

T = TypeVar("T")
DEFAULT_LIMIT = 3

Mode = Literal["fast", "slow"]


class JobParams(TypedDict, total=False):
    """Start parameters, declared once (the lead's spec style)."""

    prompt: Required[str]
    steps: int


@attrs.frozen
class Job:
    id: str
    prompt: str
    steps: int = 1
    mode: Mode = "fast"


class Base(Generic[T]):
    def __init__(self, client: SampleClient) -> None:
        self._client = client
        self._items: dict[str, T] = {}

    async def get(self, job_id: str, /) -> T:
        """Read one item."""
        await anyio.lowlevel.checkpoint()
        return self._items[job_id]

    def watch(self, job_id: str) -> AsyncIterator[T]:
        """Yield the item three times."""
        return self._repeat(job_id)

    async def _repeat(self, job_id: str) -> AsyncIterator[T]:
        for _ in range(3):
            yield await self.get(job_id)


class Jobs(Base[Job]):
    """Jobs."""

    async def start(self, **params: Unpack[JobParams]) -> Job:
        """Start a job."""
        job = Job(id=f"j{len(self._items)}", prompt=params["prompt"], steps=params.get("steps", 1))
        self._items[job.id] = job
        return job

    async def start_and_wait(
        self, *, mode: Mode = "fast", patience: float = 10.0, **params: Unpack[JobParams]
    ) -> Job:
        """Start a job and wait for it."""
        with anyio.fail_after(patience):
            return attrs.evolve(await self.start(**params), mode=mode)

    async def tag(
        self, job_id: str, /, *labels: str, sep: Annotated[str, "one character", len] = ","
    ) -> str:
        """Join labels for a job."""
        return f"{job_id}:{sep.join(labels)}"

    async def list(self, *, limit: int = DEFAULT_LIMIT) -> AsyncIterator[Job]:
        """Every job, up to ``limit``."""
        for job in builtins.list(self._items.values())[:limit]:
            yield job

    async def pick(self, job_ids: Sequence[str]) -> builtins.list[Job]:
        """The jobs with these ids."""
        return [self._items[job_id] for job_id in job_ids]

    async def many(self) -> builtins.list[Job]:
        """Every job as a list."""
        return builtins.list(self._items.values())

    def count(self) -> Awaitable[int]:
        """How many jobs there are."""
        return self._count()

    async def _count(self) -> int:
        return len(self._items)

    @asynccontextmanager
    async def room(self, name: str) -> AsyncIterator[Room]:
        """A room that records its closing."""
        room = Room(self, name)
        try:
            yield room
        finally:
            self._client.closed_rooms.append(name)


class Room:
    """An object with async methods that a call returns."""

    def __init__(self, jobs: Jobs, name: str) -> None:
        self._jobs = jobs
        self.name = name
        """The room's name."""

    @property
    def size(self) -> int:
        """How many jobs can see the room."""
        return len(self._jobs._items)

    async def shout(self, text: str) -> str:
        """Shout."""
        return f"{self.name}: {text.upper()}"


class SampleClient:
    """The root: areas hang off it."""

    def __init__(self, name: str = "sample", *, session: object | None = None) -> None:
        self.name = name
        """The client's name."""
        self.closed_rooms: builtins.list[str] = []

    @cached_property
    def jobs(self) -> Jobs:
        """The jobs area."""
        return Jobs(self)

    async def aclose(self) -> None:
        """Close."""
