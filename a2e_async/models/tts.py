"""Text-to-speech: public voices and generated audio."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._base import Model

__all__ = ["TTSAudio", "TTSPreview", "Voice", "VoiceGroup"]


@attrs.frozen
class Voice(Model):
    """One public TTS voice (a ``children`` item of ``anchor/voice_list``)."""

    id: str
    """The voice id to pass as ``tts_id`` (wire: ``value``)."""
    name: str = ""
    """Display name (wire: ``label``)."""


@attrs.frozen
class VoiceGroup(Model):
    """A group of public voices, as ``anchor/voice_list`` answers (often one per gender)."""

    key: str = ""
    """Group key (wire: ``value``), e.g. ``female``."""
    name: str = ""
    """Group display name (wire: ``label``)."""
    voices: list[Voice] = attrs.Factory(list)
    """The voices in this group (wire: ``children``)."""


@attrs.frozen
class TTSPreview(Model):
    """One of your recent TTS previews (``tts/preview/list``: the last 24 hours).

    A2E documents no record body: ``id`` is read from ``_id``, the text from ``msg`` (the
    field ``send_tts`` takes) or ``text``, the audio from ``audio_url``, ``url`` or
    ``result_url``. Other fields are ignored.
    """

    id: str
    """The preview's id (wire ``_id``), for :meth:`~a2e_async.resources.tts.TTS.delete_preview`."""
    text: str | None = None
    """What was said (wire ``msg`` or ``text``)."""
    audio_url: str | None = None
    """The audio (wire ``audio_url``, ``url`` or ``result_url``)."""
    created_at: datetime | None = None
    """When it was made (wire ``createdAt``)."""


@attrs.frozen
class TTSAudio(Model):
    """Audio made by ``video/send_tts``; A2E answers only its URL."""

    url: str
    """Where the audio file is hosted (A2E keeps TTS audio for a limited time)."""
