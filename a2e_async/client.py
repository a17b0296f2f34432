"""``A2EClient``: the entry point. One lazily built attribute per API area."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Callable
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import aiohttp
import attrs
from typing_extensions import Unpack

from ._download import DownloadProgress, download
from ._logs import configure_from_env
from ._session import Received, Session
from .config import (
    DEFAULT_MAX_RESPONSE_SIZE,
    ClientConfig,
    ClientOptions,
    PollPolicy,
    RetryPolicy,
    option_changes,
)
from .errors import ValidationError
from .resources.account import Account
from .resources.avatars import Avatars
from .resources.backgrounds import Backgrounds
from .resources.caption_removal import CaptionRemoval
from .resources.dubbing import Dubbing
from .resources.face_swap import FaceSwap
from .resources.image_edit import ImageEdit
from .resources.image_models import Flux2, GptImage, QwenImage
from .resources.image_to_video import ImageToVideo
from .resources.kling import KlingImage, KlingOmni, KlingVideo
from .resources.media_tools import ActorSwap, HeadSwap, Photobook, ThinkSound, Upscale
from .resources.nano_banana import NanoBanana
from .resources.product_avatar import ProductAvatar
from .resources.seedance import Seedance, Seedance2
from .resources.storage import Storage
from .resources.streaming import Streaming
from .resources.talking_photo import TalkingPhoto
from .resources.talking_video import TalkingVideo
from .resources.text_to_image import TextToImage
from .resources.tokens import Tokens
from .resources.try_on import TryOn
from .resources.tts import TTS
from .resources.video_models import GrokVideo, Sora, Veo
from .resources.video_to_video import VideoToVideo
from .resources.videos import Videos
from .resources.voices import Voices
from .resources.wan import HappyHorse, Wan, Wan3, WanSpicy
from .waiter import Clock, Sleep, TaskWaiter
from .webhooks._defaults import (
    DEFAULT_PATH,
    DEFAULT_WEBHOOK_SLOWDOWN,
    ENV_WEBHOOK_TOKEN,
    ENV_WEBHOOK_URL,
    webhook_defaults,
    webhook_families,
)

if TYPE_CHECKING:
    from ._raw_api import RawA2EClient
    from .webhooks._receiver import WebhookServer

__all__ = ["A2EClient"]


class A2EClient:
    """An async client for A2E's API.

    Use it as ``async with A2EClient() as client: ...``; it closes its connections on exit
    (also on error or cancellation). ``api_key`` and ``base_url`` default to the
    ``A2E_API_KEY`` and ``A2E_BASE_URL`` environment variables; the base URL defaults to
    A2E's global server (a trailing ``/api/v1`` is accepted). ``poll_policy`` replaces every
    family's default poll policy; ``max_response_size`` caps an API answer in bytes (after
    decompression). ``webhook_url`` / ``webhook_token`` (or ``A2E_WEBHOOK_URL`` /
    ``A2E_WEBHOOK_TOKEN``) are sent on every start call that takes a webhook and names none;
    waits of those families then poll ``webhook_poll_slowdown`` times slower (default 1: at
    their usual pace), as a :class:`~a2e_async.webhooks.WebhookReceiver` usually wakes them
    first. ``session`` lets
    you share your own ``aiohttp.ClientSession`` (it is not closed here; calls that create
    work then share its connection pool too, so give it a short ``keepalive_timeout`` or
    ``force_close=True`` to keep them off connections the server may be closing).
    ``HTTP_PROXY`` / ``HTTPS_PROXY`` / ``NO_PROXY`` are honoured unless ``trust_env=False``;
    ``proxy`` names one proxy for every request (neither applies to a ``session`` of your
    own). ``clock``/``sleep`` exist for tests that fake time.

    :meth:`with_options` gives a view with other timeouts, retries or poll policy that
    shares this client's connections and limits; :attr:`with_raw_response` gives the HTTP
    status, headers and A2E's ``trace_id`` of a call besides its result.

    A client belongs to the event loop it is opened in (``async with``, or its first call):
    using it from another loop, or after ``aclose()``, raises :class:`A2EError`.
    """

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        *,
        lang: str | None = "en-US",
        timeout: float = 60.0,
        connect_timeout: float = 10.0,
        max_connections: int = 64,
        max_concurrency: int = 64,
        requests_per_second: float | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        retry: RetryPolicy | None = None,
        poll_policy: PollPolicy | None = None,
        allow_insecure_http: bool = False,
        trust_env: bool = True,
        proxy: str | None = None,
        webhook_url: str | None = None,
        webhook_token: str | None = None,
        webhook_poll_slowdown: float = DEFAULT_WEBHOOK_SLOWDOWN,
        session: aiohttp.ClientSession | None = None,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        configure_from_env()  # A2E_LOG: before anything can log
        self.config = ClientConfig.from_env(
            api_key,
            base_url,
            lang=lang,
            timeout=timeout,
            connect_timeout=connect_timeout,
            max_connections=max_connections,
            max_concurrency=max_concurrency,
            requests_per_second=requests_per_second,
            max_response_size=max_response_size,
            retry=retry or RetryPolicy(),
            poll=poll_policy,
            allow_insecure_http=allow_insecure_http,
            trust_env=trust_env,
            proxy=proxy,
        )
        self._session = Session(self.config, session=session)
        self._waiter = TaskWaiter(
            default_policy=self.config.poll,
            clock=clock,
            sleep=sleep,
            ensure_open=self._session.ensure_open,
        )
        if not webhook_poll_slowdown >= 1:  # also refuses NaN
            raise ValidationError("webhook_poll_slowdown", "must be a number >= 1")
        self._waiter.webhook_slowdown = float(webhook_poll_slowdown)
        self._webhook: dict[str, str] = {}
        self._use_webhook(
            webhook_defaults(
                webhook_url if webhook_url is not None else os.environ.get(ENV_WEBHOOK_URL),
                webhook_token if webhook_token is not None else os.environ.get(ENV_WEBHOOK_TOKEN),
            )
        )
        self._is_view = False

    def __repr__(self) -> str:
        view = " (a view with its own options)" if self._is_view else ""
        return f"<A2EClient {self.config.origin}{view}>"

    def with_options(self, **options: Unpack[ClientOptions]) -> A2EClient:
        """A view of this client whose calls use ``options`` (:class:`ClientOptions`).

        ``client.with_options(timeout=5, retry=RetryPolicy(max_retries=0)).videos.get(id)``.
        The view shares this client's connections, concurrency limit, rate gate, waiter and
        event loop, and costs a few attribute copies: make one per call if you like. Views
        compose (``client.with_options(timeout=5).with_options(retry=...)`` has both).
        Closing a view (``aclose``, leaving ``async with``) closes nothing; the client that
        made it closes everything. A wait's polls are shared per task family by the client
        and all its views: with ``poll_policy=PollPolicy(coalesce=False)`` a view's waits
        poll on their own, with the view's timeouts and retries. Raises
        ``ValidationError`` for an unknown option or a bad value.
        """
        return self._view(attrs.evolve(self.config, **option_changes(options)))

    def _view(
        self, config: ClientConfig, on_answer: Callable[[Received], None] | None = None
    ) -> A2EClient:
        view = object.__new__(A2EClient)
        view.config = config
        view._session = self._session.view(config, on_answer=on_answer)
        view._waiter = self._waiter
        view._webhook = self._webhook
        view._is_view = True
        return view

    def _capture(self, on_answer: Callable[[Received], None]) -> A2EClient:
        """A view with this client's options that hands each API answer to ``on_answer``."""
        return self._view(self.config, on_answer)

    @property
    def with_raw_response(self) -> RawA2EClient:
        """The same calls, answering :class:`~a2e_async.RawResponse` objects: the HTTP
        ``status``, ``headers``, A2E's ``trace_id`` and the JSON envelope (``raw``) besides
        ``parse()``, the usual result. ``await client.with_raw_response.videos.get(id)``.

        Offered for the calls that send one request and return its decoded answer: waits
        (``wait``, ``*_and_wait``), ``watch``, async iterators (``list``) and downloads
        are not there (they make many requests or none of A2E's).
        """
        from ._raw_api import RawA2EClient

        return RawA2EClient(self)

    async def __aenter__(self) -> A2EClient:
        self._session.ensure_open()  # binds the client to this event loop
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop every background poller and close the connections this client opened.

        On a view (:meth:`with_options`) this does nothing: the client that made it closes.
        """
        if self._is_view:
            return
        await self._waiter.aclose()
        await self._session.aclose()

    def _use_webhook(self, defaults: dict[str, str]) -> None:
        """Make ``defaults`` the webhook start calls send; waits that expect it poll slower."""
        self._webhook = defaults
        expected = "webhook_url" in defaults
        self._waiter.webhook_families = webhook_families() if expected else frozenset()

    @contextlib.asynccontextmanager
    async def serve_webhooks(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        path: str = DEFAULT_PATH,
        public_url: str | None = None,
    ) -> AsyncIterator[WebhookServer]:
        """Receive A2E's webhooks in this process while in the ``async with`` block.

        Runs a :class:`~a2e_async.webhooks.WebhookReceiver` for this client on
        ``host:port`` (``0``: a free port) and, for the block, makes start calls that take a
        webhook send ``public_url`` (where A2E reaches it: your HTTPS proxy or tunnel), or
        the server's own ``http://`` URL when none is given (loopback only: for the
        emulator and local development). The token is the client's ``webhook_token``, else a
        random one for the block. Yields the running :class:`~a2e_async.webhooks.WebhookServer`.
        """
        # Here, not at the top: a receiver loads aiohttp.web, which no other call needs.
        from .webhooks._serve import serve_for

        async with serve_for(self, host, port, path=path, public_url=public_url) as server:
            yield server

    @property
    def waiter(self) -> TaskWaiter:
        """The client's one waiter, shared by every area."""
        return self._waiter

    # -- API areas ----------------------------------------------------------------------
    @cached_property
    def videos(self) -> Videos:
        """Avatar videos: generate, status, list, delete, wait; avatars ("anchors")."""
        return Videos(self)

    @cached_property
    def tts(self) -> TTS:
        """Text-to-speech: public voices and ``send_tts``."""
        return TTS(self)

    @cached_property
    def storage(self) -> Storage:
        """Storage: uploads of local files, copies of URLs into A2E's storage, watermarks."""
        return Storage(self)

    @cached_property
    def voices(self) -> Voices:
        """Voice clones: train, list, rename, delete, wait (their ``speaker_id`` feeds TTS)."""
        return Voices(self)

    @cached_property
    def avatars(self) -> Avatars:
        """Custom avatars: train from a video or image, continue training, list, remove, wait."""
        return Avatars(self)

    @cached_property
    def backgrounds(self) -> Backgrounds:
        """Background images for avatar videos: list, add, delete."""
        return Backgrounds(self)

    @cached_property
    def account(self) -> Account:
        """Balances, credits history, cost quotes, sub-users and voice languages."""
        return Account(self)

    @cached_property
    def tokens(self) -> Tokens:
        """API tokens the legacy (deprecated) way."""
        return Tokens(self)

    # -- creative task families --------------------------------------------------------
    @cached_property
    def face_swap(self) -> FaceSwap:
        """Face swap: the face library, quick previews and full face-swap tasks."""
        return FaceSwap(self)

    @cached_property
    def dubbing(self) -> Dubbing:
        """AI dubbing of a video or audio into another language."""
        return Dubbing(self)

    @cached_property
    def image_to_video(self) -> ImageToVideo:
        """Image to video: animate a still image into a short clip."""
        return ImageToVideo(self)

    @cached_property
    def caption_removal(self) -> CaptionRemoval:
        """Caption removal: erase burned-in subtitles from a video."""
        return CaptionRemoval(self)

    @cached_property
    def text_to_image(self) -> TextToImage:
        """Text to image (A2E's model or Seedream)."""
        return TextToImage(self)

    @cached_property
    def nano_banana(self) -> NanoBanana:
        """Nano Banana: Google Gemini image generation and editing."""
        return NanoBanana(self)

    @cached_property
    def talking_photo(self) -> TalkingPhoto:
        """Talking photo: a portrait animated to speak an audio."""
        return TalkingPhoto(self)

    @cached_property
    def talking_video(self) -> TalkingVideo:
        """Talking video: a person in a video re-animated to speak an audio."""
        return TalkingVideo(self)

    @cached_property
    def try_on(self) -> TryOn:
        """Virtual try-on: a person image dressed in a clothing image."""
        return TryOn(self)

    @cached_property
    def video_to_video(self) -> VideoToVideo:
        """Video to video (A2E's motion transfer): an image performing a video's motion."""
        return VideoToVideo(self)

    @cached_property
    def product_avatar(self) -> ProductAvatar:
        """Product avatar: a person image holding a product image."""
        return ProductAvatar(self)

    @cached_property
    def image_edit(self) -> ImageEdit:
        """AI outfit change and product holding (A2E's ``userImageEdit``)."""
        return ImageEdit(self)

    @cached_property
    def streaming(self) -> Streaming:
        """Streaming avatar control plane: avatars, room tokens, ask, speak, leave."""
        return Streaming(self)

    # -- the model families of A2E's spec catalog -------------------------------------
    @cached_property
    def kling_image(self) -> KlingImage:
        """Kling 3.0 images (``userKlingImage``)."""
        return KlingImage(self)

    @cached_property
    def kling_video(self) -> KlingVideo:
        """Kling 2.6 / 3.0 video: text, image or motion control to video (``klingVideo``)."""
        return KlingVideo(self)

    @cached_property
    def kling_omni(self) -> KlingOmni:
        """Kling Omni video: reference images, multi-shot storyboards (``klingOmni``)."""
        return KlingOmni(self)

    @cached_property
    def veo(self) -> Veo:
        """Google's Veo 3.1 video, with a 1080p version of 16:9 clips (``veoVideo``)."""
        return Veo(self)

    @cached_property
    def sora(self) -> Sora:
        """Sora 2 Pro video, run by A2E on Kling 3.0 (``soraVideo``)."""
        return Sora(self)

    @cached_property
    def grok_video(self) -> GrokVideo:
        """Grok Imagine video (``grokVideo``)."""
        return GrokVideo(self)

    @cached_property
    def seedance(self) -> Seedance:
        """Seedance 1.5 Pro video (``seedanceVideo``; start and list only)."""
        return Seedance(self)

    @cached_property
    def seedance2(self) -> Seedance2:
        """Seedance 2.0 / 2.5 video (``seedance2Video``)."""
        return Seedance2(self)

    @cached_property
    def flux2(self) -> Flux2:
        """Flux 2 Pro image generation and editing (``userFlux2``)."""
        return Flux2(self)

    @cached_property
    def gpt_image(self) -> GptImage:
        """GPT Image generation and editing (``userGptImage``)."""
        return GptImage(self)

    @cached_property
    def qwen_image(self) -> QwenImage:
        """Qwen Image generation and editing (``userQwen2Image``)."""
        return QwenImage(self)

    @cached_property
    def wan(self) -> Wan:
        """Wan 2.5 / 2.6 / 2.7 video (``userWan25``)."""
        return Wan(self)

    @cached_property
    def wan_spicy(self) -> WanSpicy:
        """Wan Spicy image to video (``userWanSpicy``)."""
        return WanSpicy(self)

    @cached_property
    def wan3(self) -> Wan3:
        """Wan 3.0 video: start only, A2E documents no call to read a task (``userWan30``)."""
        return Wan3(self)

    @cached_property
    def happyhorse(self) -> HappyHorse:
        """HappyHorse video: t2v, i2v, r2v, video-edit (``userHappyhorseVideo``)."""
        return HappyHorse(self)

    @cached_property
    def head_swap(self) -> HeadSwap:
        """Head swap onto a body image or video (``headSwap``)."""
        return HeadSwap(self)

    @cached_property
    def actor_swap(self) -> ActorSwap:
        """Actor swap: an image's actor into a video (``actorSwap``)."""
        return ActorSwap(self)

    @cached_property
    def photobook(self) -> Photobook:
        """Photobooks: 4-16 photos of one face (``userPhotobook``)."""
        return Photobook(self)

    @cached_property
    def think_sound(self) -> ThinkSound:
        """ThinkSound: generate a video's sound (``thinkSound``)."""
        return ThinkSound(self)

    @cached_property
    def upscale(self) -> Upscale:
        """Upscale an image or a video (``userUpscale``)."""
        return Upscale(self)

    # -- files --------------------------------------------------------------------------
    async def download(
        self,
        url: str,
        path: str | os.PathLike[str],
        *,
        on_progress: DownloadProgress | None = None,
        resume: bool = True,
    ) -> Path:
        """Stream a result (or any URL) to ``path``; returns the file's path.

        Writes to ``<path>.part`` and renames it when complete, so ``path`` never holds half
        a file. An interrupted download resumes from its ``.part`` file with a ``Range``
        request where the server allows (``resume=False`` starts over). ``path`` may be a
        directory (the URL names the file). ``on_progress(done_bytes, total_or_None)`` may
        be sync or async. The A2E token is sent only to A2E's own origin, never to a CDN,
        not even after a redirect.
        """
        return await download(self._session, url, path, on_progress=on_progress, resume=resume)

    # -- escape hatch -------------------------------------------------------------------
    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        idempotent: bool | None = None,
        timeout: float | None = None,
    ) -> Any:
        """Send any A2E call through the same session, errors and retries; returns ``data``.

        For paths the SDK does not cover yet, e.g.
        ``await client.request("GET", "/api/v1/userVoice/trainingRecord")``. ``path`` starts
        with ``/api/`` and has no dot segments (``..``, also percent-encoded): else
        ``ValidationError``, before anything is sent. Only GET/HEAD are resent on failure
        unless ``idempotent=True``; other calls go out as calls that create work.
        ``timeout`` replaces the client's seconds per attempt for this call.
        """
        from .resources._params import check_api_path, check_choice, check_text

        check_text("method", method)
        method = check_choice("method", method.upper(), ("GET", "POST", "PUT", "DELETE", "PATCH"))
        check_api_path("path", path)
        client = self if timeout is None else self.with_options(timeout=timeout)
        return await client._session.request(
            method, path, json=json, params=params, idempotent=idempotent
        )
