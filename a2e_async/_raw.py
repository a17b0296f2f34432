"""``client.with_raw_response``: a call's HTTP status, headers and envelope besides its result.

The typed classes (``RawA2EClient``, ``RawVideos``, ...) are generated into
:mod:`a2e_async._raw_api` by ``make sync-api``; each method forwards to its async twin on a
view of the client (:meth:`A2EClient.with_options`'s machinery) that hands every successful
API answer to this call alone, so concurrent raw calls never see each other's answers.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from multidict import CIMultiDictProxy

from .errors import A2EError

if TYPE_CHECKING:
    from ._session import Received
    from .client import A2EClient

__all__ = ["RawForwarder", "RawResponse"]

T = TypeVar("T")
A = TypeVar("A")


class RawResponse(Generic[T]):
    """One successful A2E answer as it came, and the call's usual result.

    Holds the last API answer of the call (a call that uploads a local file first makes
    more than one request; the answer here is the one its result came from). The request's
    headers, and so the token, are not kept.
    """

    __slots__ = ("_parsed", "endpoint", "headers", "raw", "status")

    def __init__(
        self,
        *,
        endpoint: str,
        status: int,
        headers: CIMultiDictProxy[str],
        raw: Mapping[str, Any],
        parsed: T,
    ) -> None:
        self.endpoint = endpoint
        """``"METHOD /path"`` of the answered request."""
        self.status = status
        """The HTTP status (A2E answers most errors inside a 200: those raise instead)."""
        self.headers = headers
        """The response headers (case-insensitive)."""
        self.raw = raw
        """A2E's whole JSON envelope: ``code``, ``data``, ``msg``, ``trace_id``."""
        self._parsed = parsed

    @property
    def trace_id(self) -> str | None:
        """A2E's ``trace_id`` of this answer, what A2E's support asks for."""
        value = self.raw.get("trace_id")
        return str(value) if value else None

    def parse(self) -> T:
        """The call's usual result (the typed model, list or value)."""
        return self._parsed

    def __repr__(self) -> str:
        return f"<RawResponse {self.endpoint} {self.status} trace_id={self.trace_id}>"


class RawForwarder(Generic[A]):
    """Base of the generated raw classes: the client and the path to one area of it."""

    def __init__(self, client: A2EClient, path: tuple[str, ...] = ()) -> None:
        self._client = client
        self._path = path

    def __repr__(self) -> str:
        return f"<{type(self).__name__} (raw answers)>"

    async def _raw(self, call: Callable[[A], Awaitable[T]]) -> RawResponse[T]:
        seen: list[Received] = []
        view = self._client._capture(seen.append)
        area: A = functools.reduce(getattr, self._path, view)  # type: ignore[assignment]
        result = await call(area)
        if not seen:
            raise A2EError("this call made no API request, so it has no raw answer")
        last = seen[-1]
        return RawResponse(
            endpoint=last.endpoint,
            status=last.status,
            headers=last.headers,
            raw=last.envelope,
            parsed=result,
        )
