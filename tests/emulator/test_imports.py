"""The emulator shares no code with the SDK: it may only import itself and third parties."""

from __future__ import annotations

import ast
from pathlib import Path

import a2e_async.emulator

PACKAGE_DIR = Path(a2e_async.emulator.__file__).resolve().parent
ALLOWED = ("a2e_async", "emulator")


def _package_of(path: Path) -> list[str]:
    parts = ["a2e_async", *path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts]
    return parts[:-1]


def _targets(source: str, package: list[str]) -> list[tuple[int, list[str]]]:
    """Every module an import statement names, resolved against ``package`` to full parts."""
    found: list[tuple[int, list[str]]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            named = base + (node.module.split(".") if node.module else [])
            if node.module:
                found.append((node.lineno, named))
            else:
                found += [(node.lineno, [*named, alias.name]) for alias in node.names]
    return found


def _violations(source: str, package: list[str]) -> list[str]:
    return [
        f"line {line}: imports {'.'.join(parts)}"
        for line, parts in _targets(source, package)
        if parts[:1] == ["a2e_async"] and tuple(parts[:2]) != ALLOWED
    ]


def test_emulator_imports_nothing_from_the_sdk() -> None:
    """No module under a2e_async/emulator imports a2e_async outside a2e_async.emulator."""
    files = sorted(PACKAGE_DIR.rglob("*.py"))
    assert len(files) > 10
    problems = [
        f"{path.relative_to(PACKAGE_DIR)} {problem}"
        for path in files
        for problem in _violations(path.read_text(), _package_of(path))
    ]
    assert problems == []


def test_the_import_scan_resolves_relative_imports() -> None:
    """The scanner sees through relative imports, so the check above is not vacuous."""
    videos = PACKAGE_DIR / "handlers" / "videos.py"
    internal = {tuple(parts) for _, parts in _targets(videos.read_text(), _package_of(videos))}
    assert ("a2e_async", "emulator", "_web") in internal
    assert ("a2e_async", "emulator", "handlers", "avatars") in internal
    rogue = "from ...errors import APIError\nfrom ... import client\nimport a2e_async.config\n"
    assert len(_violations(rogue, ["a2e_async", "emulator", "handlers"])) == 3
