"""Custom avatars: ``client.avatars`` (A2E's "Create Avatars and Train Lip-sync Models").

Besides training (``userVideoTwin``), the area holds A2E's custom-avatar library
(``custom_avatar/*``), whose records A2E does not document: they are returned as sent.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal

from typing_extensions import Unpack

from .._converter import decode_list
from .._fields import (
    Color,
    Media,
    NamedParams,
    OnProgress,
    Text,
    WaitOptions,
    Wire,
    exactly_one,
    split_wait,
)
from .._spec import Spec, StartCall
from ..config import PollPolicy
from ..errors import NotFoundError, ResponseDecodeError, ValidationError
from ..models.avatars import Avatar
from ..models.videos import Anchor
from ._params import path_id
from ._records import Batched, Deletable, RecordPaths, StatusListed, WithProcessing, rows_of

__all__ = ["AVATAR_LIST_STATUSES", "AvatarTrainParams", "AvatarTrainWaitParams", "Avatars"]

AVATAR_LIST_STATUSES = ("pending", "processing", "completed", "failed")
"""The ``status`` filter values of ``userVideoTwin/records``."""

_PREFIX = "/api/v1/userVideoTwin"
_START = f"{_PREFIX}/startTraining"
# The path A2E's docs and every public caller use; A2E's own spec spells it
# continueTraining. The misspelled one is the one known to work, the spec's is the fallback.
_CONTINUE = f"{_PREFIX}/continueTranining"
_CONTINUE_SPELLED = f"{_PREFIX}/continueTraining"
_CUSTOM = "/api/v1/custom_avatar"
# Keys a tag may come under when A2E answers objects instead of strings (undocumented).
_TAG_KEYS = ("tag", "name", "value", "label")

# Continue training takes about two hours of A2E time.
_CONTINUE_POLICY = PollPolicy(initial_delay=60.0, factor=1.5, max_interval=300.0, deadline=14400.0)


class AvatarTrainParams(NamedParams, total=False):
    """Parameters of :meth:`Avatars.train` (``POST /api/v1/userVideoTwin/startTraining``).

    Give exactly one source: ``video_url`` (video mode, recommended and free: MP4/MOV, at
    least 10 s, exactly one face) or ``image_url`` (image mode, one diamond).

    Fields only single public callers send (``prompt``, ``negative_prompt``, ``language``)
    are not named here: neither A2E's docs nor its spec list them. Pass them with
    ``extra_body`` if you know your account takes them."""

    video_url: Media | None
    """The source video (video mode)."""
    image_url: Media | None
    """The source image (image mode)."""
    gender: Literal["female", "male"] | None
    """The person's gender."""
    background_color: Annotated[str, Color(), Wire("video_backgroud_color")] | None
    """A background colour, e.g. ``"rgb(61,165,82)"``, sent as A2E spells it:
    ``video_backgroud_color`` or ``image_backgroud_color`` (sic)."""
    background_image_url: Annotated[Media, Wire("video_backgroud_image")] | None
    """A background image (video mode only; wire ``video_backgroud_image``, sic)."""
    model_version: Annotated[str, Text(max_length=32)] | None
    """A2E's model version for training."""
    skip_preview: Annotated[bool, Wire("skipPreview")] | None
    """Skip A2E's quick preview (wire ``skipPreview``)."""
    to_public_pool: Annotated[bool, Wire("isToPublicPool")] | None
    """Run on A2E's public computing pool (wire ``isToPublicPool``)."""


class AvatarTrainWaitParams(AvatarTrainParams, WaitOptions[Avatar], total=False):
    """:class:`AvatarTrainParams` and the wait options."""


def _check_mode(values: Mapping[str, Any]) -> None:
    if "background_image_url" in values and "image_url" in values:
        raise ValidationError(
            "background_image_url", "A2E documents a background image for video mode only"
        )


def _image_mode_names(body: dict[str, Any], values: Mapping[str, Any]) -> None:
    # A2E names the colour after the mode: image_backgroud_color in image mode.
    if "image_url" in values and "video_backgroud_color" in body:
        body["image_backgroud_color"] = body.pop("video_backgroud_color")


class Avatars(StatusListed[Avatar], Batched[Avatar], WithProcessing[Avatar], Deletable[Avatar]):
    """Train custom avatars from a video or an image, list, read, remove them, and wait."""

    model = Avatar
    paths = RecordPaths(
        family="avatar",
        detail=f"{_PREFIX}/{{id}}",
        list=f"{_PREFIX}/records",
        batch=f"{_PREFIX}/batchDetail",
        processing=f"{_PREFIX}/trainingRecords",
        delete=f"{_PREFIX}/remove",
        delete_method="POST",
    )
    # Video-mode training is A2E's "quick preview": minutes; callers poll every 4-5 s.
    list_statuses = AVATAR_LIST_STATUSES
    policy: ClassVar[PollPolicy] = PollPolicy(
        initial_delay=5.0, factor=1.5, max_interval=30.0, deadline=3600.0
    )

    start_call = StartCall(
        "avatar",
        "train",
        _START,
        Spec(
            AvatarTrainParams,
            rules=[exactly_one("video_url", "image_url"), _check_mode],
            shape=_image_mode_names,
        ),
    )

    async def train(self, **params: Unpack[AvatarTrainParams]) -> Avatar:
        """Create a custom avatar: ``POST /api/v1/userVideoTwin/startTraining``.

        Parameters: :class:`AvatarTrainParams` (media may be URLs, local paths or
        ``(bytes, filename)``; ``name`` defaults to a unique one).

        Returns the new task; when it completes, ``anchor_id`` is the avatar for
        ``client.videos.generate(anchor_type=1)``.
        """
        return await self._start_with(params)

    async def train_and_wait(self, **params: Unpack[AvatarTrainWaitParams]) -> Avatar:
        """:meth:`train`, then :meth:`wait`; returns the trained avatar (``anchor_id`` set)."""
        start, wait = split_wait(params)
        avatar = await self.train(**start)
        return await self._wait_started(avatar, **wait)

    async def continue_training(
        self, avatar_id: str, *, extra_body: Mapping[str, Any] | None = None
    ) -> None:
        """Train a personalised lip-sync model for a video-mode avatar (one diamond).

        Sends ``POST /api/v1/userVideoTwin/continueTranining`` ``{"_id"}`` (the misspelled
        path that A2E's docs and callers use). If A2E answers that path with HTTP 404, the
        same body goes once to ``continueTraining``, the spelling of A2E's spec: a 404 means
        nothing was started, so nothing is paid twice. A 404 from both (an unknown avatar)
        raises ``NotFoundError``. A2E answers an empty object; the avatar stays usable and
        its model updates after about two hours. Costs a diamond, so a lost answer is never
        resent.
        """
        path_id("avatar_id", avatar_id)
        body = self._with_extra({"_id": avatar_id}, extra_body)
        try:
            await self._call("POST", _CONTINUE, json=body, reference=avatar_id)
        except NotFoundError:
            await self._call("POST", _CONTINUE_SPELLED, json=body, reference=avatar_id)

    async def continue_training_and_wait(
        self,
        avatar_id: str,
        *,
        poll_policy: PollPolicy | None = None,
        on_progress: OnProgress[Avatar] | None = None,
    ) -> Avatar:
        """:meth:`continue_training`, then wait until the avatar's record is done again.

        The default poll policy allows four hours. If A2E keeps the record ``completed``
        while the model trains, this returns at once.
        """
        await self.continue_training(avatar_id)
        # A client-wide poll policy still wins over this call's four-hour default.
        policy = poll_policy or self._client.config.poll or _CONTINUE_POLICY
        return await self.wait(avatar_id, poll_policy=policy, on_progress=on_progress)

    async def get(
        self,
        task_id: str,
        *,
        extra_query: Mapping[str, Any] | None = None,
        timeout: float | None = None,
    ) -> Avatar:
        """Read one avatar: ``GET /api/v1/userVideoTwin/{_id}``.

        ``timeout`` (seconds) replaces the client's for this read's requests.
        """
        return await super().get(task_id, extra_query=extra_query, timeout=timeout)

    async def list_training(
        self, *, extra_query: Mapping[str, Any] | None = None
    ) -> builtins.list[Avatar]:
        """Avatars still training: ``GET /api/v1/userVideoTwin/trainingRecords``."""
        return await self._processing(extra_query)

    async def list_all(
        self, *, extra_query: Mapping[str, Any] | None = None
    ) -> builtins.list[Avatar]:
        """Every avatar record of yours in one list: ``GET /api/v1/userVideoTwin/userRecords``
        (unpaged, SK)."""
        endpoint = f"GET {_PREFIX}/userRecords"
        data = await self._call("GET", f"{_PREFIX}/userRecords", extra_query=extra_query)
        return decode_list(Avatar, rows_of(data, endpoint=endpoint), endpoint=endpoint)

    async def upload_status(self, *, extra_query: Mapping[str, Any] | None = None) -> Any:
        """The status of your avatar uploads: ``GET /api/v1/userVideoTwin/uploadStatus``.

        A2E documents no answer body: its ``data`` is returned as sent.
        """
        return await self._call("GET", f"{_PREFIX}/uploadStatus", extra_query=extra_query)

    async def eye_contact(
        self, avatar_id: str, *, extra_body: Mapping[str, Any] | None = None
    ) -> None:
        """Start eye-contact enhancement of a trained avatar:
        ``POST /api/v1/userVideoTwin/eyeContact`` ``{"_id"}``.

        The result shows in the avatar's record (``eye_contact_result_url``, read with
        :meth:`get`); A2E documents no answer body. May cost credits, so a lost answer is
        never resent (``OutcomeUnknownError.reference`` is the avatar id).
        """
        path_id("avatar_id", avatar_id)
        body = self._with_extra({"_id": avatar_id}, extra_body)
        await self._call("POST", f"{_PREFIX}/eyeContact", json=body, reference=avatar_id)

    # -- the custom-avatar library (custom_avatar/*) --------------------------------------
    async def list_custom(
        self, *, extra_body: Mapping[str, Any] | None = None
    ) -> builtins.list[dict[str, Any]]:
        """Your custom-avatar library: ``POST /api/v1/custom_avatar/list`` ``{}``.

        A2E documents neither the body's paging and filter fields (``extra_body`` can carry
        them) nor the records: each is returned as the dict A2E sends.
        """
        endpoint = f"POST {_CUSTOM}/list"
        data = await self._call(
            "POST", f"{_CUSTOM}/list", json={}, idempotent=True, extra_body=extra_body
        )
        return [dict(row) for row in rows_of(data, endpoint=endpoint) if isinstance(row, Mapping)]

    async def custom_tags(
        self, *, extra_query: Mapping[str, Any] | None = None
    ) -> builtins.list[str]:
        """The tags of your custom-avatar library: ``GET /api/v1/custom_avatar/all_tags``.

        A2E documents no answer body: strings are read as tags, and objects by their
        ``tag``, ``name``, ``value`` or ``label``.
        """
        endpoint = f"GET {_CUSTOM}/all_tags"
        data = await self._call("GET", f"{_CUSTOM}/all_tags", extra_query=extra_query)
        tags = []
        for item in rows_of(data, endpoint=endpoint):
            found = item if isinstance(item, str) else None
            if isinstance(item, Mapping):
                found = next((item[k] for k in _TAG_KEYS if isinstance(item.get(k), str)), None)
            if found is None:
                raise ResponseDecodeError("expected tags", endpoint=endpoint, raw=data)
            tags.append(found)
        return tags

    async def delete_custom(
        self, avatar_id: str, *, extra_body: Mapping[str, Any] | None = None
    ) -> None:
        """Delete one avatar of your library: ``POST /api/v1/custom_avatar/del`` ``{"_id"}``
        (the spec: "identified by the submitted record ID")."""
        path_id("avatar_id", avatar_id)
        body = {"_id": avatar_id}
        await self._call(
            "POST", f"{_CUSTOM}/del", json=body, idempotent=True, extra_body=extra_body
        )

    async def remove(self, avatar_id: str) -> None:
        """Remove an avatar and its anchor: ``POST /api/v1/userVideoTwin/remove`` ``{"_id"}``.

        The same as :meth:`delete`, under A2E's name.
        """
        await self.delete(avatar_id)

    async def list_anchors(self, avatar_id: str) -> builtins.list[Anchor]:
        """The trained avatar's anchors (for ``client.videos.generate``):
        ``GET /api/v1/anchor/character_list?type=custom&user_video_twin_id=``."""
        return await self._client.videos.list_anchors(type="custom", user_video_twin_id=avatar_id)
