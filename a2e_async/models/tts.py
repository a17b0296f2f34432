"""Text-to-speech: public voices and generated audio."""

from __future__ import annotations

import attrs

from ._base import Model

__all__ = ["TTSAudio", "Voice", "VoiceGroup"]


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
class TTSAudio(Model):
    """Audio made by ``video/send_tts``; A2E answers only its URL."""

    url: str
    """Where the audio file is hosted (A2E keeps TTS audio for a limited time)."""
