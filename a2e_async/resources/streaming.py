"""Streaming avatar: ``client.streaming`` — the control plane of a real-time avatar room.

A2E renders the avatar on its servers and publishes it into an Agora RTC channel. This SDK
covers the HTTP control plane only; the audio and video travel over Agora, in the vendor's
RTC SDK (``agora-rtc-sdk-ng`` in the browser, or Agora's native SDKs). The flow:

1. pick an avatar (:meth:`Streaming.list_avatars`);
2. get the room credentials (:meth:`Streaming.get_token`). **Billing starts here**: A2E
   charges the whole ``expire_seconds`` up front and refunds the unused part on leave;
3. hand ``app_id``, ``channel``, ``token`` and ``uid`` to the end user's app, which joins
   with Agora, e.g. in the browser::

       const client = AgoraRTC.createClient({mode: "rtc", codec: "vp8"});
       client.on("user-published", async (user, kind) => {
           await client.subscribe(user, kind);
           if (kind === "video") user.videoTrack.play("avatar");
           if (kind === "audio") user.audioTrack.play();
       });
       client.on("stream-message", (uid, data) => { /* {"type":"QA","message":...} */ });
       await client.join(appId, channel, token, uid);

   A token is for one end user: two users with one token land in the same room;
4. drive the avatar: :meth:`Streaming.set_context` then :meth:`Streaming.ask` (the answer
   is spoken, and its text arrives in the Agora client as ``stream-message`` events), or
   :meth:`Streaming.speak` for exact text (e.g. from your own LLM);
5. :meth:`Streaming.leave` to stop billing and free the host.

``async with client.streaming.session(avatar_id=...) as room:`` does 2 and 5 for you, and
leaves even on error or cancellation. Not covered: "Get QA Context" appears in A2E's docs
navigation, but no method, path or example of it could be found (use ``client.request``
if you know it).
"""

from __future__ import annotations

import builtins
import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import anyio
import anyio.lowlevel

from .._converter import decode_created, decode_list
from ..errors import A2EError, APIError
from ..models.streaming import StreamingAvatar, StreamingToken
from ._base import Resource
from ._params import check_int, check_text

__all__ = ["HOSTS_BUSY_CODE", "MAX_CONTEXT_CHARS", "Streaming", "StreamingRoom"]

log = logging.getLogger("a2e_async.streaming")

_PREFIX = "/api/v1/streaming-avatar"
HOSTS_BUSY_CODE = 1001
"""A2E's ``code`` when no rendering host is free ("hosts are occupied"): retry later."""
MAX_CONTEXT_CHARS = 5000
"""Longest QA context A2E's docs allow."""
# A leave that hangs must not hold a cancelled caller forever.
_LEAVE_TIMEOUT = 15.0


class Streaming(Resource):
    """Real-time streaming avatars: list them, open rooms, make them talk, leave."""

    async def list_avatars(
        self, *, extra_query: Mapping[str, Any] | None = None
    ) -> builtins.list[StreamingAvatar]:
        """Avatars you can stream: ``GET /api/v1/streaming-avatar/all_avatars``."""
        path = _PREFIX + "/all_avatars"
        data = await self._call("GET", path, extra_query=extra_query)
        return decode_list(StreamingAvatar, data, endpoint=f"GET {path}")

    async def get_token(
        self,
        avatar_id: str,
        *,
        expire_seconds: int | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> StreamingToken:
        """Open a room and get its Agora credentials: ``POST .../agora-token``.

        ``avatar_id`` comes from :meth:`list_avatars`; ``expire_seconds`` is the session
        length (the field name comes from two independent families of callers; A2E's docs
        table for it was not readable). A2E charges the whole period now and refunds the
        unused part on :meth:`leave`; prefer :meth:`session`, which always leaves.

        Raises ``APIError`` with ``code == HOSTS_BUSY_CODE`` (1001, "hosts are occupied")
        when no rendering host is free: retry later. Never resent automatically: an
        ``OutcomeUnknownError`` means a room may be open and billed without a known channel.
        """
        body: dict[str, Any] = {"avatar_id": check_text("avatar_id", avatar_id, max_length=128)}
        if expire_seconds is not None:
            body["expire_seconds"] = check_int("expire_seconds", expire_seconds, minimum=1)
        path = _PREFIX + "/agora-token"
        data = await self._call("POST", path, json=body, extra_body=extra_body)
        # A room is open (and billed) once A2E answered: an unreadable answer is an
        # outcome-unknown error, not a plain decode error.
        return decode_created(StreamingToken, data, endpoint=f"POST {path}", reference=None)

    async def set_context(
        self, channel: str, text: str, *, extra_body: Mapping[str, Any] | None = None
    ) -> None:
        """Give the avatar knowledge to answer from: ``POST .../set-qa-context``.

        ``text`` (at most 5,000 characters) is the prompt-style knowledge base :meth:`ask`
        answers from; for retrieval or custom logic, run your own LLM and :meth:`speak`.
        """
        body = {
            "channel": check_text("channel", channel, max_length=256),
            "text": check_text("text", text, max_length=MAX_CONTEXT_CHARS),
        }
        # Setting the same context twice is harmless, so a lost answer may be resent.
        await self._call(
            "POST", _PREFIX + "/set-qa-context", json=body, idempotent=True, extra_body=extra_body
        )

    async def ask(
        self, channel: str, text: str, *, extra_body: Mapping[str, Any] | None = None
    ) -> None:
        """Ask the avatar a question: ``POST /api/v1/streaming-avatar/ask``.

        The answer is not in the HTTP response: the avatar speaks it, and its text reaches
        the Agora client as ``stream-message`` events with JSON
        ``{"type": "QA", "message": ..., "pos": "start" | "middle" | "end"}``. Not resent
        on a lost answer (the avatar would answer twice).
        """
        await self._say("/ask", channel, text, extra_body)

    async def speak(
        self, channel: str, text: str, *, extra_body: Mapping[str, Any] | None = None
    ) -> None:
        """Make the avatar say ``text`` exactly: ``POST /api/v1/streaming-avatar/speak``.

        The body (``channel``, ``text``) comes from callers of the live API; A2E's page
        for it was not readable. Not resent on a lost answer (it would speak twice).
        """
        await self._say("/speak", channel, text, extra_body)

    async def _say(
        self, suffix: str, channel: str, text: str, extra_body: Mapping[str, Any] | None
    ) -> None:
        body = {
            "channel": check_text("channel", channel, max_length=256),
            "text": check_text("text", text),
        }
        await self._call("POST", _PREFIX + suffix, json=body, extra_body=extra_body)

    async def leave(self, channel: str, *, extra_body: Mapping[str, Any] | None = None) -> None:
        """Leave the room: ``POST /api/v1/streaming-avatar/leave`` ``{"channel"}``.

        Stops billing, refunds the unused period and frees the host. A room that is not
        open (already left, or expired) is already what leaving wants, so A2E's 400/404
        for it counts as done; that also makes resending a lost answer harmless.
        """
        body = {"channel": check_text("channel", channel, max_length=256)}
        try:
            await self._call(
                "POST", _PREFIX + "/leave", json=body, idempotent=True, extra_body=extra_body
            )
        except APIError as exc:
            if exc.status not in (400, 404):
                raise
            log.debug("streaming room %s was not open: %s", channel, exc)

    @asynccontextmanager
    async def session(
        self, *, avatar_id: str, expire_seconds: int | None = None
    ) -> AsyncIterator[StreamingRoom]:
        """A room that is always left: ``async with client.streaming.session(...) as room``.

        Gets a token on enter (:meth:`get_token`; billing starts) and leaves on exit, also
        when the body raises or is cancelled (the leave is shielded from cancellation;
        after an error it gives up after 15 s). Opening the room is shielded too: a caller
        cancelled while A2E opens it still learns the channel, so the room is left rather
        than billed until it expires. A failed leave raises on a clean exit; while another
        exception propagates it is logged instead, so the original is not masked.
        """
        with anyio.CancelScope(shield=True):
            token = await self.get_token(avatar_id, expire_seconds=expire_seconds)
        room = StreamingRoom(self, token)
        try:
            # A cancellation that arrived while the room opened is delivered here, inside
            # the block that leaves.
            await anyio.lowlevel.checkpoint()
            yield room
        except BaseException:
            with anyio.CancelScope(shield=True):
                await self._leave_quietly(token.channel)
            raise
        with anyio.CancelScope(shield=True):
            await self.leave(token.channel)

    async def _leave_quietly(self, channel: str) -> None:
        with anyio.move_on_after(_LEAVE_TIMEOUT) as scope:
            try:
                await self.leave(channel)
            except A2EError as exc:
                log.warning("could not leave streaming room %s: %s", channel, exc)
        if scope.cancelled_caught:
            log.warning("leaving streaming room %s timed out", channel)


class StreamingRoom:
    """An open streaming room (from :meth:`Streaming.session`), bound to its channel."""

    def __init__(self, streaming: Streaming, token: StreamingToken) -> None:
        self._streaming = streaming
        self.token = token
        """The Agora credentials to hand to the end user's RTC client."""

    def __repr__(self) -> str:
        return f"<StreamingRoom channel={self.channel!r}>"

    @property
    def channel(self) -> str:
        """The room's channel name."""
        return self.token.channel

    async def set_context(self, text: str) -> None:
        """:meth:`Streaming.set_context` for this room."""
        await self._streaming.set_context(self.channel, text)

    async def ask(self, text: str) -> None:
        """:meth:`Streaming.ask` in this room."""
        await self._streaming.ask(self.channel, text)

    async def speak(self, text: str) -> None:
        """:meth:`Streaming.speak` in this room."""
        await self._streaming.speak(self.channel, text)
