"""A blocking client for scripts and notebooks: ``A2E``.

::

    from a2e_async import A2E

    with A2E() as client:  # A2E_API_KEY from the environment
        video = client.videos.generate_and_wait(anchor_id=..., anchor_type=0, audio_url=...)
        client.download(video.result_url, "out.mp4")

``A2E`` has the same areas, methods, parameters and models as
:class:`~a2e_async.A2EClient`, without ``await``: async iterators (``list()``, ``watch()``)
are plain iterators and ``streaming.session(...)`` is a plain ``with`` block. Underneath, one
``A2EClient`` runs on an event loop in a background thread (anyio's blocking portal) and
every call is forwarded to it, so waits, retries and errors are exactly the async client's.

**From async code, use** :class:`~a2e_async.A2EClient`: each ``A2E`` call blocks its thread
until it is done, so inside a coroutine it stalls the event loop (``A2E`` warns once with
a ``RuntimeWarning`` when it sees that). Jupyter is the exception that works: its cells run
on an event loop, but ``A2E``'s own loop runs in its own thread, and blocking a cell is
what a notebook expects (``await`` on ``A2EClient`` works in notebooks too).
"""

from __future__ import annotations

from typing_extensions import Unpack

from . import _sync_api
from ._sync_api import *  # noqa: F403  (the generated twins of every area)
from ._sync_api import BlockingA2EClient
from ._sync_base import Forwarder
from .config import ClientOptions

__all__ = ["A2E"]
__all__ += _sync_api.__all__


class A2E(BlockingA2EClient):
    """A blocking client for A2E's API: :class:`~a2e_async.A2EClient` without ``await``.

    Takes the same arguments as ``A2EClient`` (``api_key`` and ``base_url`` default to
    ``A2E_API_KEY`` and ``A2E_BASE_URL``), except ``session``: an aiohttp session belongs
    to the event loop it was made on, and ``A2E``'s loop is its own.

    Use it as ``with A2E() as client: ...``, or call :meth:`close` when done (a client that
    is dropped unclosed is closed for you, with a ``ResourceWarning``). Construction starts
    a background thread with an event loop and opens the async client on it; each call
    blocks until its result is ready and raises the async client's exceptions. One ``A2E``
    may be shared by many threads; their calls run concurrently on its loop, under the
    client's limits.

    Callbacks (``on_progress``) run on that background loop's thread: keep them short, and
    do not call ``A2E`` from inside one (that raises ``A2EError``; it would wait for
    itself). Ctrl-C during a call cancels it on the loop as well, as cancelling the async
    call would (``cancel_remote=True`` waits then cancel the remote task too).

    From async code, use ``A2EClient`` instead (see :mod:`a2e_async.sync`).
    """

    _is_view = False

    def __repr__(self) -> str:
        view = ", a view with its own options" if self._is_view else ""
        return f"<A2E (blocking){view}>"

    def with_options(self, **options: Unpack[ClientOptions]) -> A2E:
        """A blocking view whose calls use ``options`` (see ``A2EClient.with_options``).

        It shares this client's background loop, connections, limits and waiter; views
        compose. Closing a view (``close()``, leaving ``with``) closes nothing: the client
        that made it closes everything, its views included.
        """
        view = object.__new__(type(self))
        # Building a view touches no event loop: it only copies option values.
        Forwarder.__init__(view, self._bridge, self._async.with_options(**options))
        view._is_view = True
        return view

    def close(self) -> None:
        """Close the connections, stop every wait in progress, and stop the background loop.

        Safe to call twice; calls made afterwards raise ``A2EError``. On a view
        (:meth:`with_options`) this does nothing: the client that made it closes.
        """
        if not self._is_view:
            super().close()
