"""One module per API area, named like the SDK's resources; each exposes ``routes``."""

from __future__ import annotations

from types import ModuleType

from . import avatars, tts, videos, voices

__all__ = ["MODULES"]

MODULES: tuple[ModuleType, ...] = (videos, tts, voices, avatars)
