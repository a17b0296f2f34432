"""Media inputs: what a parameter that takes a media URL accepts, checked before sending."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from a2e_async import A2EClient
from a2e_async.errors import ValidationError
from a2e_async.resources._base import Resource


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("clip.mp4", "pathlib.Path"),
        ("ftp://x.test/a.mp3", "http(s) URL"),
        ("https://x.test/a b.mp3", "spaces"),
        (b"raw bytes", "bytes, filename"),
        ((b"data", ""), "filename"),
        (("not bytes", "a.mp3"), "bytes, filename"),
        (42, "int"),
    ],
)
async def test_bad_media_is_refused_locally(a2e_client: A2EClient, value: Any, hint: str) -> None:
    """A string that is not an http(s) URL, or a malformed (bytes, filename), names the param."""
    resource = Resource(a2e_client)
    with pytest.raises(ValidationError) as info:
        await resource._media_url("audio_url", value)
    assert info.value.param == "audio_url"
    assert hint in str(info.value)


async def test_missing_file_is_refused_before_any_upload(
    a2e_client: A2EClient, tmp_path: Path
) -> None:
    """A path that is not a file fails the whole list before anything is uploaded."""
    resource = Resource(a2e_client)
    real = tmp_path / "a.wav"
    real.write_bytes(b"RIFF")
    with pytest.raises(ValidationError, match="no such file"):
        await resource._media_urls("audio_urls", [real, tmp_path / "missing.wav"])
    with pytest.raises(ValidationError, match="no such file"):
        await resource._media_url("audio_url", tmp_path)


async def test_urls_pass_through_unchanged(a2e_client: A2EClient) -> None:
    """A URL is sent as given, with no upload."""
    resource = Resource(a2e_client)
    urls = ["https://x.test/a.mp3", "http://127.0.0.1:9/b.wav"]
    assert await resource._media_urls("audio_urls", urls) == urls
