"""Face swap: ``client.face_swap`` — the face library, quick previews and full tasks.

Three parts of A2E's API live here under clearly named methods:

- the face library (``userFaceSwapImage``): :meth:`FaceSwap.add_face`,
  :meth:`FaceSwap.list_faces`, :meth:`FaceSwap.delete_face`;
- quick previews on one image (``userFaceSwapPreview``), their own waitable family
  ``face_swap_preview``: :meth:`FaceSwap.preview`, :meth:`FaceSwap.preview_and_wait`,
  :meth:`FaceSwap.get_preview`, :meth:`FaceSwap.wait_preview`, :meth:`FaceSwap.watch_preview`;
- full face-swap tasks over a video (``userFaceSwapTask``), family ``face_swap``:
  :meth:`FaceSwap.start`, :meth:`FaceSwap.start_and_wait` and the usual ``get``, ``list``,
  ``list_page``, ``get_many``, ``list_processing``, ``delete``, ``wait``, ``watch``.
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Mapping
from typing import Any, Literal

from typing_extensions import Required, Unpack

from .._converter import decode_list
from .._fields import BodyParams, JobParams, Media, MediaInput, WaitOptions, split_wait
from .._spec import Spec, StartCall, check_extra_body
from ..config import PollPolicy
from ..models.face_swap import FaceImage, FaceSwapPreview, FaceSwapTask
from ..waiter import ProgressCallback, TaskKind
from ._params import path_id
from ._records import (
    Batched,
    Deletable,
    Listed,
    RecordFamily,
    RecordPaths,
    Startable,
    WithProcessing,
    rows_of,
)

__all__ = [
    "FaceSwap",
    "FaceSwapParams",
    "FaceSwapPreviewParams",
    "FaceSwapPreviewWaitParams",
    "FaceSwapWaitParams",
]

_IMAGES = "/api/v1/userFaceSwapImage"
_PREVIEW = "/api/v1/userFaceSwapPreview"
_TASKS = "/api/v1/userFaceSwapTask"


class FaceSwapParams(JobParams, total=False):
    """Parameters of :meth:`FaceSwap.start` (``POST /api/v1/userFaceSwapTask/add``)."""

    face_url: Required[Media]
    """The face (e.g. one stored with :meth:`FaceSwap.add_face`)."""
    video_url: Required[Media]
    """The target video (an image with ``model_version="v2"``)."""
    cover_url: Media | None
    """An optional cover image."""
    model_version: Literal["v1", "v2"] | None
    """``"v1"`` (A2E's default) or ``"v2"`` (images only)."""


class FaceSwapWaitParams(FaceSwapParams, WaitOptions[FaceSwapTask], total=False):
    """:class:`FaceSwapParams` and the wait options."""


class FaceSwapPreviewParams(BodyParams, total=False):
    """Parameters of :meth:`FaceSwap.preview` (``POST /api/v1/userFaceSwapPreview/add``).

    Previews take no name and no webhook, and A2E lists them nowhere: keep the returned
    id."""

    face_url: Required[Media]
    """The face."""
    video_url: Required[Media]
    """The target (A2E's example passes an image)."""


class FaceSwapPreviewWaitParams(FaceSwapPreviewParams, total=False):
    """:class:`FaceSwapPreviewParams` and the wait options (a preview cannot be cancelled)."""

    poll_policy: PollPolicy | None
    """How to poll (default: the client's, else the family's)."""
    on_progress: ProgressCallback | None
    """Called with the preview at every change of status."""


class _Previews(RecordFamily[FaceSwapPreview]):
    """The preview family: A2E has only a start and a one-task status call for it."""

    model = FaceSwapPreview
    paths = RecordPaths(family="face_swap_preview", detail=_PREVIEW + "/status", detail_query="_id")
    # A preview is one image: seconds.
    policy = PollPolicy(initial_delay=2.0, factor=1.5, max_interval=5.0, deadline=600.0)


class FaceSwap(
    Startable[FaceSwapTask],
    Listed[FaceSwapTask],
    Batched[FaceSwapTask],
    WithProcessing[FaceSwapTask],
    Deletable[FaceSwapTask],
):
    """Swap a face into videos: face library, quick previews and full tasks."""

    model = FaceSwapTask
    paths = RecordPaths(
        family="face_swap",
        detail=_TASKS + "/{id}",
        list=_TASKS + "/records",
        batch=_TASKS + "/batchDetail",
        processing=_TASKS + "/status",
        delete=_TASKS + "/{id}",
    )
    # A2E's documented 6 s clip took 35 s; longer videos take minutes.
    policy = PollPolicy(initial_delay=5.0, factor=1.5, max_interval=30.0, deadline=3600.0)
    start_call = StartCall("face_swap", "start", _TASKS + "/add", Spec(FaceSwapParams))
    preview_call = StartCall(
        "face_swap_preview",
        "preview",
        _PREVIEW + "/add",
        Spec(FaceSwapPreviewParams),
        wait="wait_preview",
    )

    def __init__(self, client: Any) -> None:
        super().__init__(client)
        self._previews = _Previews(client)

    @property
    def preview_kind(self) -> TaskKind[FaceSwapPreview]:
        """The waiter's description of the ``face_swap_preview`` family."""
        return self._previews.kind

    # -- face library ----------------------------------------------------------------------
    async def add_face(
        self, face_url: MediaInput, *, extra_body: Mapping[str, Any] | None = None
    ) -> builtins.list[FaceImage]:
        """Store a face in your library: ``POST /api/v1/userFaceSwapImage/add``.

        ``face_url`` is a URL, a local path or ``(bytes, filename)``. A2E answers with your
        whole face library, the new face first in its example; A2E re-hosts the image, so
        the stored ``face_url`` differs from the one sent.
        """
        extra = check_extra_body(extra_body, {"face_url": "face_url"})
        body = {"face_url": await self._media_url("face_url", face_url), **extra}
        path = _IMAGES + "/add"
        data = await self._call("POST", path, json=body)
        endpoint = f"POST {path}"
        return decode_list(FaceImage, rows_of(data, endpoint=endpoint), endpoint=endpoint)

    async def list_faces(
        self, *, extra_query: Mapping[str, Any] | None = None
    ) -> builtins.list[FaceImage]:
        """Your face library: ``GET /api/v1/userFaceSwapImage/records``.

        A2E documents no answer body; a bare array and ``{"rows": [...]}`` are both read.
        """
        path = _IMAGES + "/records"
        data = await self._call("GET", path, extra_query=extra_query)
        endpoint = f"GET {path}"
        return decode_list(FaceImage, rows_of(data, endpoint=endpoint), endpoint=endpoint)

    async def delete_face(
        self, face_id: str, *, extra_query: Mapping[str, Any] | None = None
    ) -> None:
        """Remove a face from your library: ``DELETE /api/v1/userFaceSwapImage/{_id}``."""
        quoted = path_id("face_id", face_id)
        await self._call("DELETE", f"{_IMAGES}/{quoted}", idempotent=True, extra_query=extra_query)

    # -- quick previews --------------------------------------------------------------------
    async def preview(self, **params: Unpack[FaceSwapPreviewParams]) -> FaceSwapPreview:
        """Start a quick, cheap preview: ``POST /api/v1/userFaceSwapPreview/add``.

        Parameters: :class:`FaceSwapPreviewParams` (media may be URLs, local paths or
        ``(bytes, filename)``).

        Returns the new preview. Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        return await self._previews._start_with(params, self.preview_call)

    async def preview_and_wait(
        self, **params: Unpack[FaceSwapPreviewWaitParams]
    ) -> FaceSwapPreview:
        """:meth:`preview`, then :meth:`wait_preview`; returns the completed preview
        (``result_url``)."""
        start, wait = split_wait(params)
        preview = await self.preview(**start)
        return await self._previews._wait_started(preview, **wait)

    async def get_preview(
        self, preview_id: str, *, extra_query: Mapping[str, Any] | None = None
    ) -> FaceSwapPreview:
        """Read one preview: ``GET /api/v1/userFaceSwapPreview/status?_id=``."""
        return await self._previews.get(preview_id, extra_query=extra_query)

    async def wait_preview(
        self,
        preview_id: str,
        *,
        poll_policy: PollPolicy | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> FaceSwapPreview:
        """Wait until the preview is done; returns it (``result_url`` set).

        Raises ``TaskFailed`` (A2E's ``error_code`` / ``faild_message``), ``WaitTimeout`` at
        the policy's deadline, ``TaskNotFound`` if it disappears. A2E has no call to cancel
        a preview.
        """
        return await self._previews.wait(
            preview_id, poll_policy=poll_policy, on_progress=on_progress
        )

    def watch_preview(
        self, preview_id: str, *, poll_policy: PollPolicy | None = None
    ) -> AsyncIterator[FaceSwapPreview]:
        """Yield the preview at every status change until it ends."""
        return self._previews.watch(preview_id, poll_policy=poll_policy)

    # -- full tasks ------------------------------------------------------------------------
    async def start(self, **params: Unpack[FaceSwapParams]) -> FaceSwapTask:
        """Start a face swap over a video: ``POST /api/v1/userFaceSwapTask/add``.

        Parameters: :class:`FaceSwapParams` (media may be URLs, local paths or
        ``(bytes, filename)``; ``name`` defaults to a unique one).

        Returns the new task. A failed task's ``failed_code`` / ``failed_message`` are read
        from A2E's ``error_code`` / ``faild_message`` (sic) or ``failed_message``. Raises
        ``ValidationError`` before sending, ``OutcomeUnknownError`` if the call may have
        reached A2E unanswered (never resent), ``APIError`` subclasses for A2E's refusals.
        """
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[FaceSwapWaitParams]) -> FaceSwapTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)
