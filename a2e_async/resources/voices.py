"""Voice clones: ``client.voices`` (A2E's "TTS and Voice Clone", ``userVoice``)."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Annotated, Any, ClassVar, Literal

from typing_extensions import Required, Unpack

from .._converter import decode_list
from .._fields import Items, JobParams, Media, Text, WaitOptions, Wire, split_wait
from .._spec import Spec, StartCall
from ..config import PollPolicy
from ..models.voices import VoiceClone
from ._records import Deletable, RecordPaths, Renamable, WithProcessing, rows_of

__all__ = ["VOICE_MODELS", "VoiceTrainParams", "VoiceTrainWaitParams", "Voices"]

VOICE_MODELS = ("a2e", "cartesia", "minimax", "elevenlabs")
"""Voice models A2E trains clones with (wire ``model``; A2E's default is ``a2e``)."""

_PREFIX = "/api/v1/userVoice"
_TRAIN = f"{_PREFIX}/training"
_COMPLETED = f"{_PREFIX}/completedRecord"
_TRAINING = f"{_PREFIX}/trainingRecord"


class VoiceTrainParams(JobParams, total=False):
    """Parameters of :meth:`Voices.train` (``POST /api/v1/userVoice/training``).

    A2E wants mp3, wav or m4a, 15-60 s in total, one clean speaker, served with the right
    ``Content-Type``."""

    audio_urls: Required[Annotated[Sequence[Media], Wire("voice_urls"), Items(1)]]
    """The recordings (wire ``voice_urls``)."""
    gender: Literal["female", "male"] | None
    """The speaker's gender (A2E's default: female)."""
    model: Literal["a2e", "cartesia", "minimax", "elevenlabs"] | None
    """The voice model (A2E's default: ``a2e``)."""
    language: Annotated[str, Text(max_length=16)] | None
    """E.g. ``"en-US"`` or ``"zh-CN"`` (A2E: use ``en-US`` unless cloning Chinese)."""
    denoise: bool | None
    """Remove background noise first."""
    enhance_similarity: Annotated[bool, Wire("enhance_voice_similarity")] | None
    """Favour similarity to the speaker (wire ``enhance_voice_similarity``)."""
    train_mode: Literal["best"] | None
    """A2E's docs name ``"best"`` as the only training mode (its spec omits the field)."""


class VoiceTrainWaitParams(VoiceTrainParams, WaitOptions[VoiceClone], total=False):
    """:class:`VoiceTrainParams` and the wait options."""


class Voices(WithProcessing[VoiceClone], Deletable[VoiceClone], Renamable[VoiceClone]):
    """Train cloned voices, list them, rename and delete them, wait for training."""

    model = VoiceClone
    paths = RecordPaths(
        family="voice_clone",
        detail=f"{_PREFIX}/{{id}}",
        processing=_TRAINING,
        delete=f"{_PREFIX}/{{id}}",
        rename=f"{_PREFIX}/{{id}}",
    )
    # A2E: "usually within 1 minute", "ready usually within 2 minutes".
    policy: ClassVar[PollPolicy] = PollPolicy(
        initial_delay=5.0, factor=1.5, max_interval=15.0, deadline=900.0
    )

    start_call = StartCall("voice_clone", "train", _TRAIN, Spec(VoiceTrainParams))

    async def train(self, **params: Unpack[VoiceTrainParams]) -> VoiceClone:
        """Start training a cloned voice: ``POST /api/v1/userVoice/training``.

        Parameters: :class:`VoiceTrainParams` (each recording may be a URL, a local path or
        ``(bytes, filename)``; ``name`` defaults to a unique one).

        Returns the new task. When it completes, its ``speaker_id`` is the
        ``user_voice_id`` of ``client.tts.generate``. Raises ``ValidationError`` before
        sending, ``OutcomeUnknownError`` if the call may have reached A2E unanswered.
        """
        return await self._start_with(params)

    async def train_and_wait(self, **params: Unpack[VoiceTrainWaitParams]) -> VoiceClone:
        """:meth:`train`, then :meth:`wait`; returns the completed clone (``speaker_id`` set)."""
        start, wait = split_wait(params)
        clone = await self.train(**start)
        return await self._wait_started(clone, **wait)

    async def get(
        self,
        task_id: str,
        *,
        extra_query: Mapping[str, Any] | None = None,
        timeout: float | None = None,
    ) -> VoiceClone:
        """Read one clone: ``GET /api/v1/userVoice/{_id}``.

        ``timeout`` (seconds) replaces the client's for this read's requests.
        """
        return await super().get(task_id, extra_query=extra_query, timeout=timeout)

    async def list_completed(
        self, *, extra_query: Mapping[str, Any] | None = None
    ) -> builtins.list[VoiceClone]:
        """Your completed clones, usable in TTS: ``GET /api/v1/userVoice/completedRecord``."""
        endpoint = f"GET {_COMPLETED}"
        data = await self._call("GET", _COMPLETED, extra_query=extra_query)
        return decode_list(VoiceClone, rows_of(data, endpoint=endpoint), endpoint=endpoint)

    async def list_training(
        self, *, extra_query: Mapping[str, Any] | None = None
    ) -> builtins.list[VoiceClone]:
        """Clones still in training: ``GET /api/v1/userVoice/trainingRecord``.

        A2E's spec says this list may also show finished records; read ``status``.
        """
        return await self._processing(extra_query)

    async def list(self, *, page_size: int = 50) -> AsyncIterator[VoiceClone]:
        """Every clone: those in training, then the completed ones (A2E does not page these).

        ``page_size`` is accepted for symmetry with other areas and ignored.
        """
        seen: set[str] = set()
        for clone in [*await self.list_training(), *await self.list_completed()]:
            if clone.id not in seen:
                seen.add(clone.id)
                yield clone

    async def delete(self, task_id: str) -> None:
        """Delete a clone: ``DELETE /api/v1/userVoice/{_id}`` (A2E soft-deletes it)."""
        await super().delete(task_id)
