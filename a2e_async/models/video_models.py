"""Veo 3.1, Sora 2 Pro and Grok Imagine video tasks (``veoVideo``, ``soraVideo``,
``grokVideo``).

Their records are not documented: see :mod:`a2e_async.models.generated`.
"""

from __future__ import annotations

import attrs

from .generated import GeneratedMedia

__all__ = ["GrokVideoTask", "SoraTask", "VeoTask"]


@attrs.frozen
class VeoTask(GeneratedMedia):
    """A Veo 3.1 video task (``result_url``; a 16:9 one also has a 1080p version)."""


@attrs.frozen
class SoraTask(GeneratedMedia):
    """A Sora 2 Pro video task, which A2E runs on Kling 3.0 (``result_url``)."""


@attrs.frozen
class GrokVideoTask(GeneratedMedia):
    """A Grok Imagine video task (``result_url``); A2E's prose says to poll its detail until
    ``current_status`` is ``completed`` or ``failed``."""
