"""GPT Image, Flux 2 and Qwen image tasks (``userGptImage``, ``userFlux2``, ``userQwen2Image``).

Their records are not documented: see :mod:`a2e_async.models.generated`.
"""

from __future__ import annotations

import attrs

from .generated import GeneratedImages

__all__ = ["Flux2Task", "GptImageTask", "QwenImageTask"]


@attrs.frozen
class GptImageTask(GeneratedImages):
    """A GPT Image generation or editing task; its images expire after 3 days (SK)."""


@attrs.frozen
class Flux2Task(GeneratedImages):
    """A Flux 2 Pro generation or editing task; its images expire after 7 days (SK)."""


@attrs.frozen
class QwenImageTask(GeneratedImages):
    """A Qwen image generation or editing task."""
