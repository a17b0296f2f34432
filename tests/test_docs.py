"""The documentation site builds with mkdocs --strict: every page, every API reference entry
and every link resolves (about 20 s; ``-m "not docs"`` skips it while iterating)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.docs
@pytest.mark.timeout(180)
def test_docs_build_strict(tmp_path: Path) -> None:
    """`mkdocs build --strict` (what `make docs` runs) succeeds and renders every guide and
    the blocking client's reference."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    guides = {p.stem for p in (ROOT / "docs" / "guides").glob("*.md")}
    assert guides == {p.name for p in (tmp_path / "guides").iterdir() if p.is_dir()}
    sync_page = (tmp_path / "reference" / "sync" / "index.html").read_text()
    assert 'id="a2e_async.sync.A2E.videos"' in sync_page
    areas_page = (tmp_path / "reference" / "areas" / "index.html").read_text()
    assert 'id="a2e_async.resources.videos.Videos.generate_and_wait"' in areas_page
