"""Voice clones (``userVoice``): trained copies of a speaker's voice, usable in TTS."""

from __future__ import annotations

import attrs

from .records import TaskRecord

__all__ = ["VoiceClone"]


@attrs.frozen
class VoiceClone(TaskRecord):
    """A voice-clone training task and, once ``completed``, the cloned voice.

    ``status`` runs ``initialized``, ``sent``, ``pendding`` (sic), ``processing`` and ends
    in ``completed`` or ``failed``.
    """

    speaker_id: str | None = None
    """The id to pass as ``user_voice_id`` to ``client.tts.generate``; set once completed."""
    audio_urls: list[str] = attrs.Factory(list)
    """The training audio (wire: ``voice_urls``)."""
    train_mode: str | None = None
    """A2E's training mode (``best``, the only one documented)."""
    gender: str | None = None
    """``female`` or ``male``."""
    model: str | None = None
    """Voice model: ``a2e``, ``cartesia``, ``minimax`` or ``elevenlabs``."""
    language: str | None = None
    """Language the clone was trained for, e.g. ``en-US``."""
    denoise: bool | None = None
    """Whether the audio was denoised before training."""
    enhance_similarity: bool | None = None
    """Whether voice similarity was enhanced (wire: ``enhance_voice_similarity``)."""
