"""The blocking facade ``A2E``: forwarded calls against the emulator, lifecycle, threads, the
generator that writes it, and what a type checker sees."""

from __future__ import annotations

import gc
import inspect
import signal
import subprocess
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from anyio.from_thread import start_blocking_portal

import a2e_async
from a2e_async import (
    A2E,
    A2EClient,
    A2EError,
    APIError,
    NotFoundError,
    PollPolicy,
    TaskFailed,
    ValidationError,
    Video,
    _sync_api,
)
from a2e_async.emulator import Emulator
from a2e_async.sync import StreamingRoom
from scripts import gen_sync
from scripts.sync_reader import Generator

from .sync_sample import Job, SampleClient

ROOT = Path(__file__).resolve().parent.parent
FAST = PollPolicy(initial_delay=0.01, factor=1.5, max_interval=0.05, deadline=30.0)


@pytest.fixture
def emulator_options() -> dict[str, Any]:
    """Options of the emulator the facade talks to."""
    return {"time_scale": 0.001, "seed": 7}


@pytest.fixture
def emulator(emulator_options: dict[str, Any]) -> Iterator[Emulator]:
    """An emulator on its own event loop in its own thread, so sync tests can block freely."""
    with (
        start_blocking_portal() as portal,
        portal.wrap_async_context_manager(Emulator(**emulator_options)) as emu,
    ):
        yield emu


@pytest.fixture
def client(emulator: Emulator) -> Iterator[A2E]:
    """A blocking client pointed at the emulator."""
    with A2E(api_key="sk_sync_test", base_url=emulator.url, poll_policy=FAST) as blocking:
        yield blocking


def _video(client: A2E, **extra: Any) -> Video:
    voice = client.tts.list_voices()[0].voices[0]
    audio = client.tts.generate(text="Hello from a thread", voice_id=voice.id)
    anchor = client.videos.list_anchors(type="default")[0]
    return client.videos.generate_and_wait(
        anchor_id=anchor.id, anchor_type=0, audio_url=audio.url, **extra
    )


def test_generate_and_wait_blocks_and_returns_the_model(client: A2E) -> None:
    """The headline call returns the finished Video; callbacks run on A2E's loop thread."""
    threads: set[int] = set()
    video = _video(client, on_progress=lambda _: threads.add(threading.get_ident()))
    assert isinstance(video, Video)
    assert video.status == "success"
    assert video.result_url
    assert threads
    assert threading.get_ident() not in threads
    assert (client.videos.get(video.id).id, video.status) == (video.id, "success")


def test_iterators_and_context_managers_become_plain(client: A2E, tmp_path: Path) -> None:
    """list() and watch() are plain iterators, streaming.session a plain with block."""
    video = _video(client)
    listed = client.videos.list(page_size=1)
    assert isinstance(listed, Iterator)
    assert [v.id for v in listed] == [video.id]
    assert [v.status for v in client.videos.watch(video.id)] == ["success"]
    avatar = client.streaming.list_avatars()[0]
    with client.streaming.session(avatar_id=avatar.id) as room:
        assert isinstance(room, StreamingRoom)
        assert room.channel == room.token.channel
        room.speak("Hello")
    with pytest.raises(APIError):  # the room was left on exit
        client.streaming.speak(room.channel, "still there?")
    saved = client.download(video.result_url or "", tmp_path)
    assert saved.stat().st_size > 0
    assert client.request("GET", "/api/v1/video/awsList", params={"current": 1, "pageSize": 5})


def test_errors_are_the_async_clients(client: A2E) -> None:
    """Validation and API errors reach the caller with their own classes."""
    with pytest.raises(ValidationError, match="anchor_type"):
        client.videos.generate(anchor_id="a", anchor_type=7, audio_url="https://x/a.wav")
    with pytest.raises(NotFoundError):
        client.videos.get("0123456789abcdef01234567")


@pytest.mark.parametrize("emulator_options", [{"time_scale": 0.001, "seed": 3, "fail_rate": 1.0}])
def test_task_failed_carries_the_task(client: A2E) -> None:
    """A failed render raises TaskFailed whose task is the failed Video."""
    with pytest.raises(TaskFailed) as info:
        _video(client)
    assert isinstance(info.value.task, Video)
    assert info.value.task.status in ("fail", "failed", "error")


def test_threads_share_one_client(client: A2E) -> None:
    """Several threads wait at once through one A2E; every wait finishes."""
    with ThreadPoolExecutor(4) as pool:
        videos = list(pool.map(lambda _: _video(client), range(6)))
    assert len({v.id for v in videos}) == 6
    assert all(v.status == "success" for v in videos)


def test_close_stops_the_loop_and_refuses_calls(emulator: Emulator) -> None:
    """close() is idempotent, ends the loop thread, and later calls raise A2EError."""
    before = set(threading.enumerate())
    client = A2E(api_key="sk_sync_test", base_url=emulator.url)
    loop_threads = set(threading.enumerate()) - before
    assert len(loop_threads) == 1
    assert client.account.credits().coins > 0
    client.close()
    client.close()
    assert client.closed
    assert not any(t.is_alive() for t in loop_threads)
    with pytest.raises(A2EError, match="closed"):
        client.account.credits()


def test_a_bad_argument_leaves_no_thread_behind() -> None:
    """A2E(...) that the async client refuses raises its ValidationError and stops its loop."""
    before = set(threading.enumerate())
    with pytest.raises(ValidationError, match="base_url"):
        A2E(api_key="sk_sync_test", base_url="ftp://example.com")
    assert not [t for t in set(threading.enumerate()) - before if t.is_alive()]


def _open_and_drop(url: str) -> threading.Thread:
    """Open an A2E, drop it unclosed, and return its loop thread."""
    before = set(threading.enumerate())
    client = A2E(api_key="sk_sync_test", base_url=url)
    (loop_thread,) = set(threading.enumerate()) - before
    del client
    gc.collect()
    return loop_thread


def test_unclosed_client_is_closed_with_a_warning(emulator: Emulator) -> None:
    """A dropped, unclosed A2E warns (ResourceWarning) and still stops its loop thread."""
    with pytest.warns(ResourceWarning, match="not closed"):
        loop_thread = _open_and_drop(emulator.url)
    loop_thread.join(10)
    assert not loop_thread.is_alive()


def test_a_callback_that_calls_a2e_gets_a_clear_error(client: A2E) -> None:
    """A blocking call from on_progress (A2E's own loop) raises A2EError instead of hanging."""

    def nested(video: Video) -> None:
        client.videos.get(video.id)

    with pytest.raises(A2EError, match="on_progress"):
        _video(client, on_progress=nested)


async def test_works_inside_a_running_event_loop_and_says_to_use_the_async_client(
    emulator: Emulator,
) -> None:
    """Inside a coroutine A2E still works (its loop is its own) and warns to use A2EClient."""
    with pytest.warns(RuntimeWarning, match=r"async with A2EClient") as caught:
        client = A2E(api_key="sk_sync_test", base_url=emulator.url, poll_policy=FAST)
    with client:
        video = _video(client)
    assert video.status == "success"
    assert len(caught) == 1
    assert caught[0].filename == __file__


def test_no_warning_in_jupyter(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under IPython (Jupyter runs cells on a loop) the facade is the right tool: no warning."""
    shell = types.ModuleType("IPython")
    shell.get_ipython = lambda: object()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", shell)

    async def cell() -> str:
        with A2E(api_key="sk_sync_test", base_url=emulator.url) as client:
            return client.videos.list_anchors(type="default")[0].id

    import asyncio

    assert asyncio.run(cell())  # filterwarnings=error: any warning would fail here


@pytest.mark.parametrize(
    "emulator_options", [{"time_scale": 1.0, "seed": 5, "durations": {"video": (600, 600)}}]
)
def test_ctrl_c_cancels_the_wait_on_the_loop(client: A2E) -> None:
    """An interrupt of the blocked thread cancels the async wait too (no orphan poller)."""
    main = threading.main_thread().ident
    assert main == threading.get_ident()
    waiter = client._bridge.client.waiter

    def interrupt(_: Video) -> None:
        signal.pthread_kill(main, signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        _video(client, on_progress=interrupt)
    # The cancellation lands on the loop a moment later: how much later depends on the
    # machine's load, so only a generous bound (a hang still fails the test).
    give_up = time.monotonic() + 60
    while client._bridge.call(lambda: waiter.active_pollers) and time.monotonic() < give_up:
        time.sleep(0.01)
    assert client._bridge.call(lambda: waiter.active_pollers) == 0


# -- same surface, generated -----------------------------------------------------------------
def _public_methods(cls: type) -> dict[str, Any]:
    return {
        name: member
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") and (inspect.isfunction(member) or isinstance(member, property))
    }


def test_same_areas_and_methods_as_the_async_client() -> None:
    """Every area and public method of A2EClient has a twin with the same parameters."""
    areas = [n for n, v in vars(A2EClient).items() if not n.startswith("_") and hasattr(v, "func")]
    assert len(areas) >= 19
    for area in areas:
        async_cls = vars(A2EClient)[area].func.__annotations__["return"]
        async_type = getattr(a2e_async.client, async_cls)
        blocking_type = getattr(a2e_async.sync, async_cls)
        async_methods = _public_methods(async_type)
        blocking_methods = _public_methods(blocking_type)
        wanted = {n for n, m in async_methods.items() if n not in ("kind", "preview_kind")}
        assert wanted <= set(blocking_methods), (area, wanted - set(blocking_methods))
        for name in wanted:
            if isinstance(async_methods[name], property):
                continue
            want = inspect.signature(async_methods[name]).parameters
            got = inspect.signature(blocking_methods[name]).parameters
            assert [(p.name, p.kind, p.default) for p in want.values()] == [
                (p.name, p.kind, p.default) for p in got.values()
            ], (area, name)
    assert {"download", "request", "config"} <= set(dir(A2E))


class _DirectBridge:
    """Runs what a blocking method hands the bridge right here, so a mock records the call."""

    def run(self, make: Callable[[], Any]) -> Any:
        return make()

    call = iterate = run

    def context(self, make: Callable[[], Any], wrap: Any = None) -> Any:
        return make()


def _arguments(fn: Callable[..., Any]) -> tuple[list[Any], dict[str, Any], dict[str, Any]]:
    """Distinct values for every parameter of ``fn``: args, kwargs, and name -> value."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    bound: dict[str, Any] = {}
    for param in list(inspect.signature(fn).parameters.values())[1:]:
        value = object()
        if param.kind is param.VAR_POSITIONAL:
            args += [value, value]
            bound[param.name] = (value, value)
        elif param.kind is param.VAR_KEYWORD:
            kwargs["extra_keyword"] = value
            bound[param.name] = {"extra_keyword": value}
        elif param.kind is param.POSITIONAL_ONLY or any(
            p.kind is p.VAR_POSITIONAL for p in inspect.signature(fn).parameters.values()
        ):
            args.append(value)
            bound[param.name] = value
        else:
            kwargs[param.name] = value
            bound[param.name] = value
    return args, kwargs, bound


def test_every_blocking_method_forwards_its_arguments() -> None:
    """Each generated method hands every argument, unchanged, to its async twin's method."""
    checked = 0
    for name in _sync_api.__all__:
        blocking = getattr(_sync_api, name)
        async_cls = blocking.__orig_bases__[0].__args__[0]  # Forwarder[<async class>]
        target = mock.MagicMock()
        twin = object.__new__(blocking)
        twin._bridge, twin._async = _DirectBridge(), target
        for attr, member in vars(blocking).items():
            if attr.startswith("_"):
                continue
            if isinstance(member, (property, cached_property)):
                value = getattr(twin, attr)
                assert value is getattr(target, attr) or value._async is getattr(target, attr)
                continue
            args, kwargs, bound = _arguments(member)
            result = getattr(twin, attr)(*args, **kwargs)
            call = getattr(target, attr).call_args
            async_method = getattr(async_cls, attr)
            got = inspect.signature(async_method).bind(None, *call.args, **call.kwargs).arguments
            got.pop("self")
            assert got == bound, (name, attr)
            returned = getattr(target, attr).return_value
            assert result is returned or result._async is returned, (name, attr)
            checked += 1
    assert checked > 150


def test_generated_module_is_current() -> None:
    """a2e_async/_sync_api.py is exactly what `make sync-api` writes now."""
    done = subprocess.run(
        [sys.executable, "-m", "scripts.gen_sync", "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def sample_code() -> str:
    """The blocking twin of tests/sync_sample.py, as the generator writes it."""
    gen = Generator(package="tests", root_name="BlockingSample")
    gen.twin(SampleClient)
    code: str = gen_sync._tidy(gen_sync.Writer(gen, package=None).write())
    return code


def _load(code: str, name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    sys.modules[name] = module
    exec(compile(code, name, "exec"), module.__dict__)
    return module


def test_generator_copies_every_signature_shape(sample_code: str) -> None:
    """Unpack'd **params, positional-only, *args, keyword-only defaults and Literals are copied
    as written; type variables are bound; async shapes become blocking ones."""
    expected = [
        "def start(self, **params: Unpack[JobParams]) -> Job:",
        "self, *, mode: Mode = 'fast', patience: float = 10.0, **params: Unpack[JobParams]",
        "self, job_id: str, /, *labels: str, sep: Annotated[str, 'one character', len] = ','",
        "def get(self, job_id: str, /) -> Job:",
        "def list(self, *, limit: int = DEFAULT_LIMIT) -> Iterator[Job]:",
        "def pick(self, job_ids: Sequence[str]) -> builtins.list[Job]:",
        "def watch(self, job_id: str) -> Iterator[Job]:",
        "def many(self) -> builtins.list[Job]:",
        "def count(self) -> int:",
        "def room(self, name: str) -> AbstractContextManager[Room]:",
        "def closed_rooms(self) -> builtins.list[str]:",
        "from typing_extensions import Unpack",
        "from tests.sync_sample import DEFAULT_LIMIT",
        "    from tests.sync_sample import Job, JobParams, Mode",
        "    from collections.abc import Iterator, Sequence",
    ]
    normalized = sample_code.replace('"', "'")
    missing = [line for line in expected if line.replace('"', "'") not in normalized]
    assert missing == []
    assert "session" not in sample_code  # the left-out init parameter
    assert "aclose" not in sample_code


def test_generated_twin_forwards_every_shape(sample_code: str) -> None:
    """The generated sample twin runs: each shape forwards to the async object and back."""
    module = _load(sample_code, "tests._generated_sample")
    with module.BlockingSample(name="n") as client:
        assert client.name == "n"
        job = client.jobs.start(prompt="p", steps=3)
        assert job == Job(id="j0", prompt="p", steps=3)
        assert client.jobs.start_and_wait(prompt="q", mode="slow").mode == "slow"
        assert client.jobs.get("j0") == job
        assert client.jobs.tag("j0", "a", "b", sep="+") == "j0:a+b"
        assert [j.id for j in client.jobs.list(limit=1)] == ["j0"]
        assert list(client.jobs.watch("j0")) == [job] * 3
        assert [j.id for j in client.jobs.many()] == ["j0", "j1"]
        assert client.jobs.pick(["j1"]) == [client.jobs.get("j1")]
        assert client.jobs.count() == 2
        with client.jobs.room("r1") as room:
            assert (room.name, room.size, room.shout("hi")) == ("r1", 2, "r1: HI")
            assert client.closed_rooms == []
        assert client.closed_rooms == ["r1"]


def test_breaking_out_of_an_iterator_closes_the_async_one(client: A2E) -> None:
    """Leaving a for loop early runs the async generator's cleanup on the loop."""
    closed: list[bool] = []

    async def numbers() -> Any:
        try:
            for n in range(100):
                yield n
        finally:
            closed.append(True)

    for n in client._bridge.iterate(numbers):
        if n == 2:
            break
    gc.collect()
    assert closed == [True]


_TYPED_SCRIPT = """
from a2e_async import A2E, TaskFailed, Video
from generated_sample import BlockingSample


def use(client: A2E) -> None:
    video = client.videos.generate_and_wait(anchor_id="a", anchor_type=0, audio_url="u")
    reveal_type(video)  # [video]
    reveal_type(client.videos.list())  # [iterator]
    reveal_type(client.streaming.session(avatar_id="a"))  # [context]
    client.videos.generate(anchor_id="a", anchor_type=0, audio_url="u", bogus=1)  # [keyword]
    client.videos.generate_and_wait(anchor_id="a", anchor_type=0, audio_url=3)  # [wait-type]
    client.videos.get(123)  # [type]
    client.videos.generate(anchor_id="a", anchor_type=2, audio_url="u")  # [literal]
    print(video.status == "sucess")  # [status]


def failed(error: TaskFailed[Video]) -> None:
    reveal_type(error.task)  # [task]


def sample(client: BlockingSample) -> None:
    reveal_type(client.jobs.start(prompt="p"))  # [job]
    client.jobs.start(prompt=1)  # [spec-type]
    client.jobs.start(steps=2)  # [spec-required]
    with client.jobs.room("r") as room:
        reveal_type(room.shout("x"))  # [room]
"""
# What mypy must say on each tagged line: a revealed type or an error message.
_EXPECTED = {
    "video": 'Revealed type is "a2e_async.models.videos.Video"',
    "iterator": 'Revealed type is "typing.Iterator[a2e_async.models.videos.Video]"',
    "context": "contextlib.AbstractContextManager[a2e_async._sync_api.StreamingRoom",
    "keyword": 'error: Unexpected keyword argument "bogus"',
    "wait-type": 'error: Argument "audio_url" to "generate_and_wait" of "Videos" has incompatible',
    "type": 'error: Argument 1 to "get" of "Videos" has incompatible type "int"',
    "literal": 'error: Argument "anchor_type" to "generate" of "Videos" has incompatible type',
    "status": "error: Non-overlapping equality check",
    "task": 'Revealed type is "a2e_async.models.videos.Video"',
    "job": 'Revealed type is "tests.sync_sample.Job"',
    "spec-type": 'error: Argument "prompt" to "start" of "Jobs" has incompatible type "int"',
    "spec-required": 'error: Missing named argument "prompt"',
    "room": 'Revealed type is "str"',
}


@pytest.mark.timeout(300)
def test_a_type_checker_sees_the_blocking_api(sample_code: str, tmp_path: Path) -> None:
    """mypy --strict: results are the models, a wrong keyword, type or Literal is reported,
    TaskFailed[Video].task is a Video, and the generated sample's Unpack'd specs hold."""
    from mypy import api

    (tmp_path / "generated_sample.py").write_text(sample_code)
    script = tmp_path / "user_script.py"
    script.write_text(_TYPED_SCRIPT)
    out, err, _ = api.run(
        [
            "--strict",
            "--strict-equality",
            "--no-error-summary",
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            str(script),
            str(tmp_path / "generated_sample.py"),
        ]
    )
    assert not err, err
    tags = {}
    for number, line in enumerate(_TYPED_SCRIPT.splitlines(), start=1):
        if "  # [" in line:
            tags[number] = line.rpartition("  # [")[2].rstrip("]")
    reported: dict[str, list[str]] = {}
    for row in out.splitlines():
        path, _, rest = row.partition(":")
        if Path(path).name != "user_script.py":
            assert "error" not in rest, row  # the generated sample checks clean
            continue
        number, _, message = rest.partition(":")
        reported.setdefault(tags.get(int(number), f"untagged line {number}"), []).append(message)
    seen = {tag: " | ".join(messages) for tag, messages in reported.items()}
    assert set(seen) == set(_EXPECTED), seen
    for tag, want in _EXPECTED.items():
        assert want in seen[tag], (tag, seen[tag])
