"""``python -m a2e_async.batch run|status|export|resolve``: the ``a2e batch`` command alone."""

from __future__ import annotations

from ..cli.batch import batch

if __name__ == "__main__":
    batch(prog_name="python -m a2e_async.batch")
