"""Text to speech, then an avatar video, then wait for it and download it.

Run: python examples/quickstart.py   (uses the emulator unless A2E_API_KEY is set)
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from _common import open_client


async def main() -> None:
    async with open_client() as client:
        groups = await client.tts.list_voices(country="en", region="US")
        voice = groups[0].voices[0]
        audio = await client.tts.generate(text="Hello from a2e-async!", voice_id=voice.id)
        anchor = (await client.videos.list_anchors(type="default"))[0]

        def show(video: object) -> None:
            print(f"  {getattr(video, 'status', '?'):8} {getattr(video, 'progress', None)}%")

        video = await client.videos.generate_and_wait(
            anchor_id=anchor.id,
            anchor_type=0,
            audio_url=audio.url,
            title="quickstart",
            on_progress=show,
        )
        print("done:", video.result_url)
        assert video.result_url is not None
        # Streamed to a temporary file and renamed when complete; resumable; the API token
        # never goes to the CDN that hosts results.
        target = await client.download(
            video.result_url, Path(tempfile.gettempdir()) / f"{video.id}.mp4"
        )
        print(f"saved {target.stat().st_size} bytes to {target}")


if __name__ == "__main__":
    asyncio.run(main())
