"""A web service that makes avatar videos on demand: one A2EClient for the whole app.

Run: python examples/service.py   (uses the emulator unless A2E_API_KEY is set), then
    curl -X POST localhost:8080/videos -d '{"text": "Hello!"}'
    curl localhost:8080/videos/<id>/result?timeout=30

The client is opened once, in the app's ``cleanup_ctx``, and closed when the app stops:
every handler shares its connection pool, its rate and concurrency limits, and its waiter
(all waits of one family share one poller, however many requests wait). Opening a client
per request would throw all of that away. ``POST /videos`` only submits and answers 202 at
once; ``GET /videos/{id}/result`` waits up to ``timeout`` seconds (a long poll) and answers
202 if the video is still rendering: the render goes on, and a later request picks it up.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import anyio
from _common import open_client
from aiohttp import web

from a2e_async import (
    A2EClient,
    A2EError,
    NotFoundError,
    TaskFailed,
    TaskNotFound,
    ValidationError,
    Video,
)

CLIENT = web.AppKey("client", A2EClient)
VOICE = web.AppKey("voice", str)
ANCHOR = web.AppKey("anchor", str)
MAX_WAIT = 120.0


async def a2e_client(app: web.Application) -> AsyncIterator[None]:
    """Open the one client when the app starts and close it when the app stops."""
    async with open_client() as client:
        app[CLIENT] = client
        # Chosen once here for the demo; a real service would take them from its config.
        app[VOICE] = (await client.tts.list_voices())[0].voices[0].id
        app[ANCHOR] = (await client.videos.list_anchors(type="default"))[0].id
        yield


@web.middleware
async def a2e_errors(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """A2E's typed errors become HTTP answers (the message never holds the API key)."""
    try:
        return await handler(request)
    except ValidationError as exc:
        return web.json_response({"error": str(exc), "param": exc.param}, status=400)
    except (NotFoundError, TaskNotFound):
        return web.json_response({"error": "no such video"}, status=404)
    except TaskFailed as exc:
        return web.json_response({"error": str(exc), "video": exc.task.to_dict()}, status=422)
    except A2EError as exc:  # A2E refused, or could not be reached: not the caller's fault
        return web.json_response({"error": str(exc)}, status=502)


async def submit(request: web.Request) -> web.Response:
    """``POST /videos {"text"}``: speech, then a render; answers 202 with the new video."""
    client = request.app[CLIENT]
    body = await request.json()
    audio = await client.tts.generate(text=str(body.get("text", "")), voice_id=request.app[VOICE])
    video = await client.videos.generate(
        anchor_id=request.app[ANCHOR], anchor_type=0, audio_url=audio.url
    )
    location = str(request.app.router["result"].url_for(video_id=video.id))
    return web.json_response(video.to_dict(), status=202, headers={"Location": location})


async def status(request: web.Request) -> web.Response:
    """``GET /videos/{id}``: the video as A2E has it now."""
    video = await request.app[CLIENT].videos.get(request.match_info["video_id"])
    return web.json_response(video.to_dict())


async def result(request: web.Request) -> web.Response:
    """``GET /videos/{id}/result?timeout=s``: 200 once rendered, 202 while still going."""
    client = request.app[CLIENT]
    video_id = request.match_info["video_id"]
    try:
        timeout = min(float(request.query.get("timeout", "30")), MAX_WAIT)
    except ValueError:
        raise web.HTTPBadRequest(text="timeout must be a number of seconds") from None
    finished: Video | None = None
    with anyio.move_on_after(timeout):
        finished = await client.videos.wait(video_id)
    if finished is None:
        return web.json_response((await client.videos.get(video_id)).to_dict(), status=202)
    return web.json_response(finished.to_dict())


def make_app() -> web.Application:
    """The service: its routes, its error mapping and its one A2E client."""
    app = web.Application(middlewares=[a2e_errors])
    app.cleanup_ctx.append(a2e_client)
    app.router.add_post("/videos", submit)
    app.router.add_get("/videos/{video_id}", status)
    app.router.add_get("/videos/{video_id}/result", result, name="result")
    return app


if __name__ == "__main__":
    web.run_app(make_app(), host="127.0.0.1", port=8080)
