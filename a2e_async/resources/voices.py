"""Voice clones: ``client.voices`` (A2E's "TTS and Voice Clone", ``userVoice``)."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any, ClassVar, Literal

from .._converter import decode, decode_list
from ..config import PollPolicy
from ..errors import ValidationError
from ..models.voices import VoiceClone
from ..waiter import ProgressCallback
from ._base import MediaInput
from ._params import (
    check_bool,
    check_choice,
    check_text,
    job_name,
    opt_text,
    path_id,
    put,
    put_webhook,
)
from ._records import RecordPaths, WithProcessing, rows_of

__all__ = ["VOICE_MODELS", "Voices"]

VOICE_MODELS = ("a2e", "cartesia", "minimax", "elevenlabs")
"""Voice models A2E trains clones with (wire ``model``; A2E's default is ``a2e``)."""

_PREFIX = "/api/v1/userVoice"
_TRAIN = f"{_PREFIX}/training"
_COMPLETED = f"{_PREFIX}/completedRecord"
_TRAINING = f"{_PREFIX}/trainingRecord"


class Voices(WithProcessing[VoiceClone]):
    """Train cloned voices, list them, rename and delete them, wait for training."""

    model = VoiceClone
    paths = RecordPaths(
        family="voice_clone",
        detail=f"{_PREFIX}/{{id}}",
        processing=_TRAINING,
        delete=f"{_PREFIX}/{{id}}",
    )
    # A2E: "usually within 1 minute", "ready usually within 2 minutes".
    policy: ClassVar[PollPolicy] = PollPolicy(
        initial_delay=5.0, factor=1.5, max_interval=15.0, deadline=900.0
    )

    async def train(
        self,
        *,
        audio_urls: Sequence[MediaInput],
        name: str | None = None,
        gender: Literal["female", "male"] | None = None,
        model: Literal["a2e", "cartesia", "minimax", "elevenlabs"] | None = None,
        language: str | None = None,
        denoise: bool | None = None,
        enhance_similarity: bool | None = None,
        webhook_url: str | None = None,
        webhook_token: str | None = None,
    ) -> VoiceClone:
        """Start training a cloned voice: ``POST /api/v1/userVoice/training``.

        ``audio_urls`` (wire ``voice_urls``, at least one) are URLs, local paths or
        ``(bytes, filename)``; local media is uploaded first. A2E wants mp3, wav or m4a,
        15–60 s in total, one clean speaker, served with the right ``Content-Type``.
        ``language`` is e.g. ``"en-US"`` or ``"zh-CN"`` (A2E: use ``en-US`` unless cloning
        Chinese); ``enhance_similarity`` is wire ``enhance_voice_similarity``. Without a
        ``name`` the SDK sends a unique one, so a call whose outcome is unknown can be found.

        Returns the new task. When it completes, its ``speaker_id`` is the
        ``user_voice_id`` of ``client.tts.generate``. Raises ``ValidationError`` before
        sending, ``OutcomeUnknownError`` if the call may have reached A2E unanswered.
        """
        body: dict[str, Any] = {"name": job_name(name, max_length=200)}
        if isinstance(audio_urls, (str, bytes, tuple)) or not isinstance(audio_urls, Sequence):
            raise ValidationError("audio_urls", "must be a list of URLs, paths or (bytes, name)")
        if not audio_urls:
            raise ValidationError("audio_urls", "needs at least one audio file")
        if gender is not None:
            body["gender"] = check_choice("gender", gender, ("female", "male"))
        if model is not None:
            body["model"] = check_choice("model", model, VOICE_MODELS)
        put(body, "language", opt_text("language", language, max_length=16))
        if denoise is not None:
            body["denoise"] = check_bool("denoise", denoise)
        if enhance_similarity is not None:
            body["enhance_voice_similarity"] = check_bool("enhance_similarity", enhance_similarity)
        put_webhook(body, webhook_url, webhook_token)
        body["voice_urls"] = await self._media_urls("audio_urls", audio_urls)
        return await self._start(_TRAIN, body, reference=body["name"])

    async def train_and_wait(
        self,
        *,
        poll_policy: PollPolicy | None = None,
        on_progress: ProgressCallback | None = None,
        cancel_remote: bool = False,
        **params: Any,
    ) -> VoiceClone:
        """:meth:`train`, then :meth:`wait`; returns the completed clone (``speaker_id`` set).

        Takes every parameter of :meth:`train` and of :meth:`wait`.
        """
        clone = await self.train(**params)
        return await self._wait_started(
            clone, poll_policy=poll_policy, on_progress=on_progress, cancel_remote=cancel_remote
        )

    async def get(self, task_id: str) -> VoiceClone:
        """Read one clone: ``GET /api/v1/userVoice/{_id}``."""
        return await super().get(task_id)

    async def list_completed(self) -> builtins.list[VoiceClone]:
        """Your completed clones, usable in TTS: ``GET /api/v1/userVoice/completedRecord``."""
        endpoint = f"GET {_COMPLETED}"
        data = await self._call("GET", _COMPLETED)
        return decode_list(VoiceClone, rows_of(data, endpoint=endpoint), endpoint=endpoint)

    async def list_training(self) -> builtins.list[VoiceClone]:
        """Clones still in training: ``GET /api/v1/userVoice/trainingRecord``.

        A2E's spec says this list may also show finished records; read ``status``.
        """
        return await self._processing()

    async def list(self, *, page_size: int = 50) -> AsyncIterator[VoiceClone]:
        """Every clone: those in training, then the completed ones (A2E does not page these).

        ``page_size`` is accepted for symmetry with other areas and ignored.
        """
        seen: set[str] = set()
        for clone in [*await self.list_training(), *await self.list_completed()]:
            if clone.id not in seen:
                seen.add(clone.id)
                yield clone

    async def rename(self, task_id: str, name: str) -> VoiceClone:
        """Rename a clone: ``PUT /api/v1/userVoice/{_id}`` ``{"name"}``; returns the clone.

        Nothing about training changes. When A2E answers without the record it is read again.
        """
        quoted = path_id("task_id", task_id)
        body = {"name": check_text("name", name, max_length=200)}
        path = f"{_PREFIX}/{quoted}"
        data = await self._call("PUT", path, json=body, idempotent=True)
        if isinstance(data, Mapping) and data.get("_id"):
            return decode(VoiceClone, data, endpoint=f"PUT {_PREFIX}/{{_id}}")
        return await self.get(task_id)

    async def delete(self, task_id: str) -> None:
        """Delete a clone: ``DELETE /api/v1/userVoice/{_id}`` (A2E soft-deletes it)."""
        await super().delete(task_id)
