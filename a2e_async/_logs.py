"""``A2E_LOG``: the one switch that sends the ``a2e_async`` logger to stderr.

A library adds no handlers of its own (the package's ``__init__`` adds a ``NullHandler``
only); an application configures logging. ``A2E_LOG=debug`` or ``A2E_LOG=info`` is the
shortcut for a script: at ``debug`` one line per request (method, path, status, duration,
``trace_id``), at ``info`` retries and 429 pauses. Nothing logged carries the token: lines
are built from the method, the path and our own token-free errors, never from headers.
"""

from __future__ import annotations

import logging
import os
import sys

from .errors import ValidationError

__all__ = ["ENV_LOG", "LOGGER_NAME", "configure_from_env"]

ENV_LOG = "A2E_LOG"
LOGGER_NAME = "a2e_async"
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time (a test's capture, a notebook's)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr  # emit() runs under the handler's lock
        super().emit(record)


def configure_from_env() -> None:
    """Follow ``A2E_LOG`` (``debug`` or ``info``): set the ``a2e_async`` logger's level and
    give it one stderr handler (once per process). Unset or empty: touch nothing."""
    value = os.environ.get(ENV_LOG, "").strip().lower()
    if not value:
        return
    level = _LEVELS.get(value)
    if level is None:
        raise ValidationError(ENV_LOG, f"must be debug or info, got {value[:20]!r}")
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(level)
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
