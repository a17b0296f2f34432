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
from collections.abc import AsyncIterator
from typing import Any, Literal

from .._converter import decode_list
from ..config import PollPolicy
from ..models.face_swap import FaceImage, FaceSwapPreview, FaceSwapTask
from ..waiter import ProgressCallback, TaskKind
from ._base import MediaInput
from ._params import check_choice, job_name, path_id, put_webhook
from ._records import Batched, Listed, RecordFamily, RecordPaths, Startable, WithProcessing, rows_of

__all__ = ["FaceSwap"]

_IMAGES = "/api/v1/userFaceSwapImage"
_PREVIEW = "/api/v1/userFaceSwapPreview"
_TASKS = "/api/v1/userFaceSwapTask"


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

    def __init__(self, client: Any) -> None:
        super().__init__(client)
        self._previews = _Previews(client)

    @property
    def preview_kind(self) -> TaskKind[FaceSwapPreview]:
        """The waiter's description of the ``face_swap_preview`` family."""
        return self._previews.kind

    # -- face library ----------------------------------------------------------------------
    async def add_face(self, face_url: MediaInput) -> builtins.list[FaceImage]:
        """Store a face in your library: ``POST /api/v1/userFaceSwapImage/add``.

        ``face_url`` is a URL, a local path or ``(bytes, filename)``. A2E answers with your
        whole face library, the new face first in its example; A2E re-hosts the image, so
        the stored ``face_url`` differs from the one sent.
        """
        body = {"face_url": await self._media_url("face_url", face_url)}
        path = _IMAGES + "/add"
        data = await self._call("POST", path, json=body)
        endpoint = f"POST {path}"
        return decode_list(FaceImage, rows_of(data, endpoint=endpoint), endpoint=endpoint)

    async def list_faces(self) -> builtins.list[FaceImage]:
        """Your face library: ``GET /api/v1/userFaceSwapImage/records``.

        A2E documents no answer body; a bare array and ``{"rows": [...]}`` are both read.
        """
        path = _IMAGES + "/records"
        data = await self._call("GET", path)
        endpoint = f"GET {path}"
        return decode_list(FaceImage, rows_of(data, endpoint=endpoint), endpoint=endpoint)

    async def delete_face(self, face_id: str) -> None:
        """Remove a face from your library: ``DELETE /api/v1/userFaceSwapImage/{_id}``."""
        quoted = path_id("face_id", face_id)
        await self._call("DELETE", f"{_IMAGES}/{quoted}", idempotent=True)

    # -- quick previews --------------------------------------------------------------------
    async def preview(self, *, face_url: MediaInput, video_url: MediaInput) -> FaceSwapPreview:
        """Start a quick, cheap preview: ``POST /api/v1/userFaceSwapPreview/add``.

        ``face_url`` is the face, ``video_url`` the target (A2E's example passes an image);
        each is a URL, a local path or ``(bytes, filename)``. Previews take no name and no
        webhook, and A2E lists them nowhere: keep the returned id.

        Returns the new preview. Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        body = await self._media_map({"face_url": face_url, "video_url": video_url})
        return await self._previews._start(_PREVIEW + "/add", dict(body), reference=None)

    async def preview_and_wait(
        self,
        *,
        poll_policy: PollPolicy | None = None,
        on_progress: ProgressCallback | None = None,
        **params: Any,
    ) -> FaceSwapPreview:
        """:meth:`preview`, then :meth:`wait_preview`; returns the completed preview
        (``result_url``).

        Takes every parameter of :meth:`preview` and of :meth:`wait_preview`.
        """
        preview = await self.preview(**params)
        return await self._previews._wait_started(
            preview, poll_policy=poll_policy, on_progress=on_progress, cancel_remote=False
        )

    async def get_preview(self, preview_id: str) -> FaceSwapPreview:
        """Read one preview: ``GET /api/v1/userFaceSwapPreview/status?_id=``."""
        return await self._previews.get(preview_id)

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
    async def start(
        self,
        *,
        face_url: MediaInput,
        video_url: MediaInput,
        name: str | None = None,
        cover_url: MediaInput | None = None,
        model_version: Literal["v1", "v2"] | None = None,
        webhook_url: str | None = None,
        webhook_token: str | None = None,
    ) -> FaceSwapTask:
        """Start a face swap over a video: ``POST /api/v1/userFaceSwapTask/add``.

        ``face_url`` is the face (e.g. from :meth:`add_face`), ``video_url`` the target
        video (an image with ``model_version="v2"``), ``cover_url`` an optional cover; each
        is a URL, a local path or ``(bytes, filename)``. ``model_version`` is ``"v1"``
        (A2E's default) or ``"v2"`` (images only). ``name`` defaults to a unique one.

        Returns the new task. A failed task's ``failed_code`` / ``failed_message`` come from
        A2E's ``error_code`` / ``faild_message`` (sic). Raises ``ValidationError`` before
        sending, ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never
        resent), ``APIError`` subclasses for A2E's refusals.
        """
        body: dict[str, Any] = {"name": job_name(name)}
        if model_version is not None:
            body["model_version"] = check_choice("model_version", model_version, ("v1", "v2"))
        put_webhook(body, webhook_url, webhook_token)
        body.update(
            await self._media_map(
                {"face_url": face_url, "video_url": video_url, "cover_url": cover_url},
                optional=("cover_url",),
            )
        )
        return await self._start(_TASKS + "/add", body, reference=body["name"])
