"""Image-to-video tasks (``userImage2Video``): a still image animated into a short clip."""

from __future__ import annotations

import attrs

from ._base import Model
from .records import TaskRecord

__all__ = ["ImageToVideoTask", "PromptExtension"]


@attrs.frozen
class PromptExtension(Model):
    """Prompts an LLM extended for image to video (``prompt_extension`` and its FLF2V twin).

    A2E documents no answer body: ``prompt`` and ``negative_prompt`` are read by those names
    (the fields the request sends); a bare string answer is read as the prompt.
    """

    prompt: str | None = None
    """The extended prompt."""
    negative_prompt: str | None = None
    """The extended negative prompt."""


@attrs.frozen
class ImageToVideoTask(TaskRecord):
    """An image-to-video task."""

    image_url: str | None = None
    """The image animated (the first frame in ``FLF2V`` mode)."""
    end_image_url: str | None = None
    """The last frame, in ``FLF2V`` mode."""
    prompt: str | None = None
    """Motion and scene prompt (A2E may extend it)."""
    negative_prompt: str | None = None
    """What to avoid."""
    lora: str | None = None
    """LoRA preset id, when one was used."""
    model_type: str | None = None
    """``GENERAL`` or ``FLF2V``."""
    model_version: str | None = None
    """``a2e``, ``a2e-v2`` or ``a2e-v2-flash``."""
    video_time: int | None = None
    """Clip length in seconds."""
    result_url: str | None = None
    """The clip; ``None`` until completed."""
    cover_url: str | None = None
    """Cover image of the clip, when A2E gives one."""
