"""The public surface stays explicit and honest."""

from __future__ import annotations

import a2e_async


def test_all_is_sorted_and_importable() -> None:
    """Every name in __all__ exists, and __all__ is sorted (so diffs stay readable)."""
    names = a2e_async.__all__
    assert names == sorted(names)
    for name in names:
        assert hasattr(a2e_async, name), name


def test_no_public_name_missing_from_all() -> None:
    """Every public class exported at the top level is listed in __all__."""
    public = {
        n for n, v in vars(a2e_async).items() if not n.startswith("_") and isinstance(v, type)
    }
    assert public <= set(a2e_async.__all__)
