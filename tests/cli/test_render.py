"""How results are printed: JSON of models, tables, and the wait display off a terminal."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest

from a2e_async.cli.render import Output, WaitDisplay, jsonable
from a2e_async.models.storage import PresignedUpload
from a2e_async.models.videos import Video


def test_jsonable_uses_python_names_and_iso_dates() -> None:
    """A model becomes its fields by Python name; datetimes are ISO 8601; tuples lists."""
    made = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)

    @attrs.frozen
    class Row:
        id: str
        at: datetime
        urls: tuple[str, ...]
        where: Path

    assert jsonable(Row("a", made, ("u",), Path("/tmp/x"))) == {
        "id": "a",
        "at": "2025-01-02T03:04:05+00:00",
        "urls": ["u"],
        "where": "/tmp/x",
    }


def test_jsonable_leaves_out_fields_hidden_from_repr() -> None:
    """A presigned upload URL (a credential, hidden from repr) is not printed either."""
    data = jsonable(PresignedUpload(upload_url="https://r2.test/put?sig=SECRET", key="k"))
    assert "upload_url" not in data
    assert "SECRET" not in json.dumps(data)


def test_jsonable_prefers_the_models_own_to_dict() -> None:
    """Where a model has to_dict(), its answer is what --json prints."""

    @attrs.frozen
    class Own:
        x: int

        def to_dict(self) -> dict[str, Any]:
            return {"x": self.x, "own": True}

    assert jsonable([Own(1)]) == [{"x": 1, "own": True}]


def test_model_table_skips_empty_fields(capsys: pytest.CaptureFixture[str]) -> None:
    """A single model prints as key/value rows of its non-empty fields, markup untouched."""
    Output(json_output=False).model(Video(id="v1", status="[bold]x", result_url=None))
    out = capsys.readouterr().out
    assert "v1" in out
    assert "[bold]x" in out
    assert "result_url" not in out


def test_empty_list_says_none(capsys: pytest.CaptureFixture[str]) -> None:
    """An empty list prints nothing on stdout and "(none)" on stderr; JSON prints nothing."""
    Output(json_output=False).models([])
    assert capsys.readouterr() == ("", "(none)\n")
    Output(json_output=True).models([])
    assert capsys.readouterr() == ("", "")


def test_wait_display_off_a_terminal_prints_each_status_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without a terminal, each change of status is one line on stderr, progress is not."""
    display = WaitDisplay()
    with display:
        display.add("video v1")
        display.show("video v1", "process", 10)
        display.show("video v1", "process", 50)
        display.show("video v1", "success", 100)
    assert capsys.readouterr().err.splitlines() == ["video v1: process", "video v1: success"]
