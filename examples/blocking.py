"""The quick start without async: the blocking client ``A2E``, for scripts and notebooks.

Run: python examples/blocking.py   (uses the emulator unless A2E_API_KEY is set)

``A2E`` has the same areas, methods and models as ``A2EClient``; it runs one on a
background event loop and blocks until each call is done. From async code, use
``A2EClient`` (see quickstart.py).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from _common import open_blocking_client

from a2e_async import TaskFailed


def main() -> None:
    with open_blocking_client() as client:
        voice = client.tts.list_voices(country="en", region="US")[0].voices[0]
        audio = client.tts.generate(text="Hello without await!", voice_id=voice.id)
        anchor = client.videos.list_anchors(type="default")[0]
        try:
            video = client.videos.generate_and_wait(
                anchor_id=anchor.id, anchor_type=0, audio_url=audio.url, title="blocking"
            )
        except TaskFailed as exc:  # exc.task is the failed Video
            print("failed:", exc.task.status, exc.message)
            raise
        print("done:", video.result_url)
        print("as JSON:", video.to_json()[:72], "...")
        for recent in client.videos.list(page_size=5):  # async iterators become plain ones
            print(f"  {recent.id} {recent.status}")
            break
        assert video.result_url is not None
        target = client.download(video.result_url, Path(tempfile.gettempdir()) / "blocking.mp4")
        print(f"saved {target.stat().st_size} bytes to {target}")


if __name__ == "__main__":
    main()
