"""The most-used calls are typed: mypy --strict sees every parameter of ``*_and_wait``."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

api = pytest.importorskip("mypy.api")

USER_SCRIPT = textwrap.dedent(
    """\
    from a2e_async import A2EClient, TalkingPhotoTask, Video


    def on_photo(task: TalkingPhotoTask) -> None:
        print(task.result_url)


    def on_video(video: Video) -> None:
        print(video.progress)


    async def main() -> None:
        async with A2EClient() as client:
            good = await client.videos.generate_and_wait(
                anchor_id="a", anchor_type=0, audio_url="https://x.test/a.mp3"
            )
            reveal_type(good)  # CHECK: Revealed type is "a2e_async.models.videos.Video"
            await client.videos.generate_and_wait(
                anchor_id=123,  # CHECK: "anchor_id" .* "int"; expected "str"
                anchor_type=0,
                audio_url="https://x.test/a.mp3",
            )
            await client.videos.generate_and_wait(  # CHECK: Unexpected keyword argument "audio"
                anchor_id="a", anchor_type=0, audio="https://x.test/a.mp3"
            )
            await client.talking_photo.start_and_wait(
                image_url="https://x.test/a.png",
                prompt="talk",
                negative_prompt="blur",
                on_progress=on_photo,
            )
            await client.talking_photo.start_and_wait(
                image_url="https://x.test/a.png",
                prompt="talk",
                negative_prompt="blur",
                on_progress=on_video,  # CHECK: "on_progress" .* "Callable\\[\\[Video\\], None\\]"
            )
    """
)


def test_a_user_script_is_checked_against_the_typed_signatures(tmp_path: Path) -> None:
    """mypy --strict reports a wrong type and a wrong keyword on videos.generate_and_wait,
    sees its result as a Video, and checks on_progress against the family's task type;
    the correct calls raise nothing."""
    script = tmp_path / "user_script.py"
    script.write_text(USER_SCRIPT)
    out, err, status = api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), str(script)]
    )
    reported = [
        line for line in out.splitlines() if ": error:" in line or ": note: Revealed" in line
    ]
    expected = {
        number: check.split("# CHECK: ", 1)[1]
        for number, check in enumerate(USER_SCRIPT.splitlines(), start=1)
        if "# CHECK: " in check
    }
    for number, pattern in expected.items():
        here = [line for line in reported if f".py:{number}:" in line]
        assert any(re.search(pattern, line) for line in here), (number, pattern, out)
    assert len(reported) == len(expected), out
    assert status == 1, err
