"""A2E_LOG: the a2e_async logger on stderr, one line per request, retries, 429s, no token."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest

from a2e_async import A2EClient, RetryPolicy
from a2e_async._logs import LOGGER_NAME, _StderrHandler
from a2e_async.emulator import Emulator
from a2e_async.errors import RateLimitError, ServerError, ValidationError

TOKEN = "sk_test_logging_token_c0ffee"
RETRY_ONCE = RetryPolicy(max_retries=1, initial_backoff=0.001, max_backoff=0.001)


@pytest.fixture(autouse=True)
def clean_logger() -> Iterator[logging.Logger]:
    """The package logger as the library leaves it, restored after each test."""
    logger = logging.getLogger(LOGGER_NAME)
    level, handlers = logger.level, list(logger.handlers)
    yield logger
    logger.setLevel(level)
    logger.handlers[:] = handlers


async def _run_with_a_retry_and_a_429(emu: Emulator) -> None:
    """A 5xx retried once, a 429 retried once, then a call that succeeds."""
    async with A2EClient(api_key=TOKEN, base_url=emu.url, retry=RETRY_ONCE) as client:
        emu.set_faults("5xx=1.0")
        with pytest.raises(ServerError):
            await client.account.credits()
        emu.set_faults("429=1.0")
        with pytest.raises(RateLimitError):
            await client.account.credits()
        emu.set_faults("")
        await client.account.credits()


async def test_debug_logs_each_request_retries_and_429s_to_stderr_without_the_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A2E_LOG=debug: a line per request (method, path, status, duration, trace_id), the
    retries and the 429 pause, all on stderr, and the token nowhere."""
    monkeypatch.setenv("A2E_LOG", "debug")
    async with Emulator(token=TOKEN, seed=1, retry_after=0) as emu:
        await _run_with_a_retry_and_a_429(emu)
    out, err = capsys.readouterr()
    assert out == ""
    assert TOKEN not in err
    assert "Bearer" not in err
    request = re.compile(
        r"DEBUG a2e_async: GET /api/v1/\S+ -> (\d{3}) in \d+ ms trace_id=([0-9a-f-]{36})$"
    )
    statuses = [m.group(1) for line in err.splitlines() if (m := request.search(line))]
    assert statuses == ["503", "503", "429", "429", "200"]
    retries = [line for line in err.splitlines() if "INFO a2e_async: retrying GET" in line]
    assert len(retries) == 2
    assert "(retry 1 of 1)" in retries[0]
    assert any(
        re.search(r"INFO .*HTTP 429, every request .* waits", line) for line in err.splitlines()
    )


async def test_info_logs_retries_and_429s_but_not_each_request(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A2E_LOG=info: retries and 429 pauses only."""
    monkeypatch.setenv("A2E_LOG", "INFO")
    async with Emulator(token=TOKEN, seed=1, retry_after=0) as emu:
        await _run_with_a_retry_and_a_429(emu)
    err = capsys.readouterr().err
    assert "retrying GET" in err
    assert "HTTP 429" in err
    assert "DEBUG" not in err
    assert TOKEN not in err


async def test_without_a2e_log_the_library_adds_no_handler(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No A2E_LOG: the package logger has only its NullHandler and its level stays
    unset; a run with retries prints nothing."""
    monkeypatch.delenv("A2E_LOG", raising=False)
    logger = logging.getLogger(LOGGER_NAME)
    logger.handlers[:] = [h for h in logger.handlers if not isinstance(h, _StderrHandler)]
    logger.setLevel(logging.NOTSET)
    async with Emulator(token=TOKEN, seed=1, retry_after=0) as emu:
        await _run_with_a_retry_and_a_429(emu)
    assert all(isinstance(h, logging.NullHandler) for h in logger.handlers)
    assert logger.handlers
    assert logger.level == logging.NOTSET
    assert capsys.readouterr().err == ""


def test_a2e_log_is_set_up_once_and_refuses_unknown_levels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Many clients add one stderr handler between them; a level other than debug or
    info is a ValidationError naming A2E_LOG."""
    monkeypatch.setenv("A2E_LOG", "debug")
    for _ in range(3):
        A2EClient(api_key=TOKEN, base_url="http://127.0.0.1:9")
    logger = logging.getLogger(LOGGER_NAME)
    assert sum(isinstance(h, _StderrHandler) for h in logger.handlers) == 1
    monkeypatch.setenv("A2E_LOG", "verbose")
    with pytest.raises(ValidationError) as caught:
        A2EClient(api_key=TOKEN, base_url="http://127.0.0.1:9")
    assert caught.value.param == "A2E_LOG"
