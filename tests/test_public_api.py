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


def test_types_exports_every_parameter_spec() -> None:
    """a2e_async.types lists every *Params / *Options TypedDict the resources define."""
    import importlib
    import pkgutil

    import a2e_async.resources
    import a2e_async.types

    defined = {
        name
        for info in pkgutil.iter_modules(a2e_async.resources.__path__)
        for name, value in vars(importlib.import_module(f"a2e_async.resources.{info.name}")).items()
        if name.endswith(("Params", "Options"))
        and isinstance(value, type)
        and value.__module__ == f"a2e_async.resources.{info.name}"
    }
    assert defined
    assert defined <= set(a2e_async.types.__all__)
    assert a2e_async.types.__all__ == sorted(a2e_async.types.__all__)
