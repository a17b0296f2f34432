"""What every resource shares: the client's session and waiter."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._session import Session
    from ..client import A2EClient
    from ..waiter import TaskWaiter


class Resource:
    """Base of the per-area classes hung off :class:`~a2e_async.A2EClient`."""

    def __init__(self, client: A2EClient) -> None:
        self._client = client
        self._session: Session = client._session
        self._waiter: TaskWaiter = client._waiter

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        return await self._session.request(method, path, **kwargs)
