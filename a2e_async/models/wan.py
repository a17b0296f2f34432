"""Wan 2.5-2.7, Wan Spicy, Wan 3.0 and HappyHorse video tasks (``userWan25``,
``userWanSpicy``, ``userWan30``, ``userHappyhorseVideo``).

Their records are not documented: see :mod:`a2e_async.models.generated`. One public caller
of the live API reads Wan 2.x records as ``current_status`` and ``result_url`` (C×1).
"""

from __future__ import annotations

import attrs

from .generated import GeneratedMedia

__all__ = ["HappyHorseTask", "Wan3Task", "WanSpicyTask", "WanTask"]


@attrs.frozen
class WanTask(GeneratedMedia):
    """A Wan 2.5 / 2.6 / 2.7 video task (``result_url``)."""


@attrs.frozen
class WanSpicyTask(GeneratedMedia):
    """A Wan Spicy image-to-video task (``result_url``)."""


@attrs.frozen
class Wan3Task(GeneratedMedia):
    """A Wan 3.0 task as its start call answers it (A2E documents no call to read it later)."""


@attrs.frozen
class HappyHorseTask(GeneratedMedia):
    """A HappyHorse video task (t2v, i2v, r2v or video-edit; ``result_url``)."""

    mode: str | None = None
    """``t2v``, ``i2v``, ``r2v`` or ``video-edit`` (the detail call includes it, SK)."""
