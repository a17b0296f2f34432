"""Seedance 1.5 Pro and 2.x video tasks (``seedanceVideo``, ``seedance2Video``).

Their records are not documented: see :mod:`a2e_async.models.generated`.
"""

from __future__ import annotations

import attrs

from .generated import GeneratedMedia

__all__ = ["Seedance2Task", "SeedanceTask"]


@attrs.frozen
class SeedanceTask(GeneratedMedia):
    """A Seedance 1.5 Pro video task (``result_url``)."""


@attrs.frozen
class Seedance2Task(GeneratedMedia):
    """A Seedance 2.0 / 2.5 video task (``result_url``)."""
