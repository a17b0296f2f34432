"""The connections a client shares with all its views: the transport's other half.

:class:`Pool` owns the aiohttp sessions (or borrows the caller's), the event loop they
belong to, and whether the client is closed; :mod:`a2e_async._session` sends through it.
Kept apart so that a view (``A2EClient.with_options``) is a new ``Session`` over the same
``Pool``: it can change how calls are sent, never what they are sent over.
"""

from __future__ import annotations

import asyncio
import urllib.request
import warnings
from collections.abc import Callable

import aiohttp
import anyio
from yarl import URL

from .config import ClientConfig
from .errors import A2EError

__all__ = ["Pool", "no_proxy_covers"]


class Pool:
    """What a client shares with all its views (:meth:`Session.view`): the aiohttp
    sessions, the event loop they belong to, and whether the client is closed."""

    def __init__(self, config: ClientConfig, session: aiohttp.ClientSession | None) -> None:
        self.own = session is None
        self.session = session
        # Calls that create work go out on a connection of their own (see Session.request).
        self.fresh: aiohttp.ClientSession | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.closed = False
        self.origin = config.origin
        self.max_connections = config.max_connections
        # Proxies are chosen here, per URL, from the environment read once: aiohttp's own
        # trust_env costs two thread-pool hops per request and reads ~/.netrc, whose
        # `default` entry would clash with the Authorization header on every API call.
        self.trust_env = config.trust_env and self.own
        self.proxy = config.proxy if self.own else None
        self._env: dict[str, str] | None = None
        self._proxies: dict[tuple[str, str, int | None], str | None] = {}
        self.timeout = aiohttp.ClientTimeout(
            total=config.timeout, sock_connect=config.connect_timeout
        )

    def __repr__(self) -> str:
        return f"<connections to {self.origin}>"

    def __del__(self, _warn: Callable[..., None] = warnings.warn) -> None:
        sessions = (getattr(self, "session", None), getattr(self, "fresh", None))
        if getattr(self, "own", False) and any(s is not None and not s.closed for s in sessions):
            _warn(
                f"an A2EClient for {getattr(self, 'origin', 'A2E')} was not closed: use 'async "
                "with A2EClient(...) as client:' or 'await client.aclose()' when done",
                ResourceWarning,
                source=self,
            )

    def ensure_open(self) -> None:
        if self.closed:
            raise A2EError("this client is closed; create a new A2EClient")
        loop = asyncio.get_running_loop()
        if loop is not self.loop:
            if self.loop is not None:
                where = (
                    "an event loop that has ended (a second asyncio.run()?)"
                    if self.loop.is_closed()
                    else "another event loop (another thread?)"
                )
                raise A2EError(
                    f"this A2EClient was opened in {where} and works only there: create the "
                    "client in the coroutine that uses it, as 'async with A2EClient(...) as "
                    "client:', one per event loop"
                )
            self.loop = loop
        if not self.own and self.session is not None and self.session.closed:
            raise A2EError(
                "the aiohttp.ClientSession passed as session= is closed: keep it open while "
                "the A2EClient is in use, or leave session= out so the client opens its own"
            )

    def client(self, *, fresh: bool = False) -> aiohttp.ClientSession:
        if self.closed or not self.own or self.loop is not asyncio.get_running_loop():
            self.ensure_open()
        if self.session is None:
            # No default headers: the token is added per request, and only for the API.
            self.session = self._new_session(force_close=False)
        if fresh and self.own:
            if self.fresh is None:
                self.fresh = self._new_session(force_close=True)
            return self.fresh
        return self.session

    def _new_session(self, *, force_close: bool) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(limit=self.max_connections, force_close=force_close)
        return aiohttp.ClientSession(connector=connector, timeout=self.timeout)

    def proxy_for(self, url: URL) -> str | None:
        """The proxy a request to ``url`` goes through, ``None`` for none: the client's
        ``proxy``, else (with ``trust_env``) ``<scheme>_proxy`` / ``all_proxy`` from the
        environment unless ``no_proxy`` covers the host. Nothing for a caller's session."""
        if self.proxy is not None or not self.trust_env:
            return self.proxy
        key = (url.scheme, url.host or "", url.port)
        if key in self._proxies:
            return self._proxies[key]
        if self._env is None:
            self._env = urllib.request.getproxies_environment()
        chosen: str | None = None
        if not no_proxy_covers(self._env.get("no", ""), key[1], key[2]):
            found = self._env.get(url.scheme) or self._env.get("all")
            # aiohttp speaks to http(s) proxies only; a socks5:// ALL_PROXY is not for it.
            if found and found.lower().startswith(("http://", "https://")):
                chosen = found
        if len(self._proxies) > 256:  # many CDN hosts: keep the cache small
            self._proxies.clear()
        self._proxies[key] = chosen
        return chosen

    async def aclose(self) -> None:
        self.closed = True
        if self.own:
            sessions = [s for s in (self.session, self.fresh) if s is not None]
            self.session = self.fresh = None
            with anyio.CancelScope(shield=True):
                for session in sessions:
                    await session.close()


def no_proxy_covers(no_proxy: str, host: str, port: int | None) -> bool:
    """Whether a ``NO_PROXY`` value exempts ``host`` (``port``): ``*``, the host itself, a
    parent domain (``example.com`` and ``.example.com`` cover ``cdn.example.com``), each
    optionally with a port; the rules ``requests`` and ``urllib`` follow."""
    host = host.lower().strip("[]")
    for raw in no_proxy.split(","):
        entry = raw.strip().lower()
        if entry == "*":
            return True
        if entry.startswith("[") and "]:" in entry:  # [::1]:8080
            name, _, entry_port = entry.partition("]:")
        else:
            name, _, entry_port = entry.rpartition(":")
            if not (name and entry_port.isdigit() and ":" not in name):
                name, entry_port = entry, ""  # no port, or a bare IPv6 address
        if entry_port and port is not None and int(entry_port) != port:
            continue
        name = name.removeprefix("*").lstrip(".").strip("[]")
        if name and (host == name or host.endswith("." + name)):
            return True
    return False
