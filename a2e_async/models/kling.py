"""Kling image, video and Omni tasks (``userKlingImage``, ``klingVideo``, ``klingOmni``).

Their records are not documented: see :mod:`a2e_async.models.generated`.
"""

from __future__ import annotations

import attrs

from .generated import GeneratedImages, GeneratedMedia

__all__ = ["KlingImageTask", "KlingOmniTask", "KlingVideoTask"]


@attrs.frozen
class KlingImageTask(GeneratedImages):
    """A Kling 3.0 image task (one of the ``n`` a start call creates)."""


@attrs.frozen
class KlingVideoTask(GeneratedMedia):
    """A Kling video task (text, image or motion-control to video; ``result_url``)."""


@attrs.frozen
class KlingOmniTask(GeneratedMedia):
    """A Kling Omni (kling-v3-omni) video task (``result_url``)."""
