"""``a2e``: the command line, a thin shell over the public API (the only part that prints).

It holds no endpoint logic: every command calls the SDK. The start command of each task
family (``a2e video generate``, ``a2e avatar train``...) and its options are generated from
that family's parameter spec (``a2e_async.resources.starters``), so a parameter added to the
SDK shows up here with its help text.

Layout:

- ``commands.py``: the root command, its options, and the list of command groups.
- ``_app.py``: how one command runs (client or embedded emulator, exit codes, Ctrl-C).
- ``_catalog.py``, ``_options.py``, ``families.py``: the generated per-family commands.
- ``tasks.py``: ``a2e task get|wait|list|delete`` and the shared ``--wait``/``--download``.
- ``account.py``, ``library.py``: credits, voices, avatars, backgrounds, faces, tts, files.
- ``render.py``: tables, JSON and progress bars; ``demo.py``/``output.py``: ``a2e demo``.

Adding a command group (``a2e batch``, ``a2e webhooks``...): write it as a click group in
its own module of this package, then in ``commands.py`` add one import and one
``cli.add_command(group)`` line to the block at the end. A command that talks to A2E wraps
its coroutine in ``_app.run(ctx, work, json_output=...)``, which gives it the client (or
the emulator's), the output, the exit codes and Ctrl-C handling.

Exit codes: 0 success, 1 task failed (or its result could not be saved), 2 usage error
(nothing was sent), 3 API or authentication error, 4 wait timeout, 130 interrupted.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``a2e`` command; returns the exit code."""
    try:
        from .commands import cli
    except ImportError as exc:  # pragma: no cover - only without the cli extra
        print(
            f"error: the a2e command needs the cli extra ({exc.name} is missing): "
            "pip install 'a2e-async[cli]'",
            file=sys.stderr,
        )
        return 2
    code: int = cli.main(list(sys.argv[1:] if argv is None else argv), standalone_mode=False)
    return code
