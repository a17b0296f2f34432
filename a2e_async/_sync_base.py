"""The machinery under :mod:`a2e_async.sync`: one event loop in a thread, and forwarding.

A :class:`Bridge` owns an anyio blocking portal (an asyncio loop in a daemon thread) and the
async client that lives on it. Everything the blocking facade does is one of four moves
over the bridge: await a coroutine (:meth:`Bridge.run`), step through an async iterator
(:meth:`Bridge.iterate`), enter and leave an async context manager (:meth:`Bridge.context`),
or call a plain function on the loop (:meth:`Bridge.call`). The typed classes that use them
are generated (``_sync_api.py``); none of them holds endpoint logic.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import warnings
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import (
    AbstractAsyncContextManager,
    AbstractContextManager,
    ExitStack,
    contextmanager,
)
from types import TracebackType
from typing import Any, Generic, TypeVar, overload

from anyio.from_thread import BlockingPortal, start_blocking_portal

from .errors import A2EError

__all__ = ["Bridge", "ClientForwarder", "Forwarder"]

T = TypeVar("T")
W = TypeVar("W")
A = TypeVar("A")

_ASYNC_HINT = (
    "A2E blocks its caller until each call is done; from async code use "
    "`async with A2EClient(...)` instead"
)


class _State:
    """What closing needs, kept apart from the Bridge so a finalizer can hold it."""

    def __init__(self, stack: ExitStack, portal: BlockingPortal, loop_thread: int) -> None:
        self.stack = stack
        self.portal = portal
        self.loop_thread = loop_thread
        self.client: Any = None
        self.closed = False
        self.explicit = False


class Bridge:
    """One event loop in a daemon thread, and the async client on it.

    Thread-safe: any number of threads may call through one bridge at once; their calls
    run concurrently on the loop. Closing the last reference without :meth:`close` still
    closes the client (with a ``ResourceWarning``), as does interpreter exit.
    """

    def __init__(self, make_client: Callable[[], Any]) -> None:
        # Before anything starts, so a warning turned into an error leaks nothing.
        # warn <- this <- Bridge <- ClientForwarder <- A2E's __init__ <- the user's line
        self._warned = False
        self._warn_in_event_loop(stacklevel=5)
        stack = ExitStack()
        portal = stack.enter_context(start_blocking_portal())
        try:
            loop_thread = portal.call(threading.get_ident)
            self._state = _State(stack, portal, loop_thread)
            # Built on the loop: whatever the client binds to a loop is bound to this one.
            self._state.client = portal.call(make_client)
        except BaseException:
            stack.close()
            raise
        self._finalizer = weakref.finalize(self, _shutdown, self._state)

    @property
    def client(self) -> Any:
        """The async client this bridge runs."""
        return self._state.client

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has run."""
        return self._state.closed

    def _check(self) -> BlockingPortal:
        state = self._state
        if state.closed:
            raise A2EError("this A2E client is closed; open a new one")
        if threading.get_ident() == state.loop_thread:
            # The loop would wait for itself. Callbacks (on_progress) run on that loop.
            raise A2EError(
                "a blocking A2E call was made on A2E's own event loop, e.g. from an "
                "on_progress callback; make the call after the blocking one returns"
            )
        self._warn_in_event_loop(stacklevel=6)  # ... <- _check <- run <- method <- user
        return state.portal

    def _warn_in_event_loop(self, *, stacklevel: int) -> None:
        if not self._warned and _caller_runs_an_event_loop():
            self._warned = True
            warnings.warn(
                f"{_ASYNC_HINT}: this thread runs an event loop, which stalls while A2E waits",
                RuntimeWarning,
                stacklevel=stacklevel,
            )

    def run(self, make: Callable[[], Awaitable[T]]) -> T:
        """``await make()`` on the loop and return its result (or raise its exception).

        An interrupt (Ctrl-C) of the waiting thread cancels the coroutine on the loop.
        """
        future = self._check().start_task_soon(_await, make)
        try:
            return future.result()
        except BaseException:
            future.cancel()  # a no-op once the coroutine has finished
            raise

    def call(self, fn: Callable[[], T]) -> T:
        """Call the plain function ``fn`` on the loop's thread and return its result."""
        return self._check().call(fn)

    def iterate(self, make: Callable[[], AsyncIterator[T]]) -> Iterator[T]:
        """A plain iterator over the async iterator ``make()`` returns, one step per item.

        Breaking out of the loop (or dropping the iterator) closes the async one.
        """
        iterator = self.call(make)
        try:
            while True:
                step = self.run(lambda: _step(iterator))
                if step is None:
                    return
                yield step[0]
        finally:
            close = getattr(iterator, "aclose", None)
            if close is not None and not self.closed:
                self.run(close)

    @overload
    def context(
        self, make: Callable[[], AbstractAsyncContextManager[T]]
    ) -> AbstractContextManager[T]: ...

    @overload
    def context(
        self,
        make: Callable[[], AbstractAsyncContextManager[T]],
        wrap: Callable[[Bridge, T], W],
    ) -> AbstractContextManager[W]: ...

    def context(
        self,
        make: Callable[[], AbstractAsyncContextManager[T]],
        wrap: Callable[[Bridge, T], Any] | None = None,
    ) -> AbstractContextManager[Any]:
        """A plain context manager around the async one ``make()`` returns.

        Its enter and exit run in one task on the loop (cancel scopes need that); ``wrap``
        turns what it yields into its blocking twin.
        """
        return self._context(make, wrap)

    @contextmanager
    def _context(
        self,
        make: Callable[[], AbstractAsyncContextManager[T]],
        wrap: Callable[[Bridge, T], Any] | None,
    ) -> Iterator[Any]:
        portal = self._check()
        manager = self.call(make)
        with portal.wrap_async_context_manager(manager) as value:
            yield value if wrap is None else wrap(self, value)

    def close(self) -> None:
        """Close the async client, then stop the loop and its thread. Idempotent."""
        if threading.get_ident() == self._state.loop_thread:
            raise A2EError("an A2E client cannot be closed from its own event loop")
        self._state.explicit = True
        self._finalizer()


async def _await(make: Callable[[], Awaitable[T]]) -> T:
    return await make()


async def _step(iterator: AsyncIterator[T]) -> tuple[T] | None:
    # The end becomes a value here: a StopAsyncIteration crossing the portal could be
    # mistaken for the end of some other iteration.
    try:
        return (await iterator.__anext__(),)
    except StopAsyncIteration:
        return None


def _shutdown(state: _State) -> None:
    if state.closed:
        return
    state.closed = True
    if not state.explicit:
        warnings.warn(
            "an A2E client was not closed; use `with A2E(...) as client:` or client.close()",
            ResourceWarning,
            stacklevel=2,
        )
    if threading.get_ident() == state.loop_thread:
        # Garbage collected on the loop's own thread: that thread cannot wait for itself.
        threading.Thread(target=_stop, args=(state,), daemon=True).start()
    else:
        _stop(state)


def _stop(state: _State) -> None:
    try:
        if state.client is not None:
            state.portal.call(state.client.aclose)
    finally:
        state.stack.close()


def _caller_runs_an_event_loop() -> bool:
    """Whether this thread runs an event loop that is not IPython's (Jupyter's is fine)."""
    if asyncio._get_running_loop() is None:
        return False
    ipython = sys.modules.get("IPython")
    get_ipython = getattr(ipython, "get_ipython", None)
    return not (callable(get_ipython) and get_ipython() is not None)


class Forwarder(Generic[A]):
    """Base of every blocking class: the bridge it calls through and its async twin."""

    def __init__(self, bridge: Bridge, target: A) -> None:
        self._bridge = bridge
        self._async = target

    def __repr__(self) -> str:
        return f"<{type(self).__name__} (blocking)>"


class ClientForwarder(Forwarder[A]):
    """Lifecycle of the blocking client: opened on construction, closed by :meth:`close`."""

    def __init__(self, make_client: Callable[[], A]) -> None:
        bridge = Bridge(make_client)
        super().__init__(bridge, bridge.client)

    def __enter__(self: T) -> T:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections, stop every wait in progress, and stop the background loop.

        Safe to call twice; calls made afterwards raise ``A2EError``.
        """
        self._bridge.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has run."""
        return self._bridge.closed
