"""The envelope and error mapping, as pure functions over bytes."""

from __future__ import annotations

import json

import pytest

from a2e_async._protocol import Action, Failure, after_failure, error_for, parse_retry_after, unwrap
from a2e_async.errors import (
    APIError,
    AuthenticationError,
    InsufficientCreditsError,
    NotFoundError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
)

EP = "POST /api/v1/video/generate"


def body(payload: object) -> bytes:
    return json.dumps(payload).encode()


def test_success_returns_data_of_any_shape() -> None:
    """`data` may be an object, an array or a bare string (send_tts)."""
    assert unwrap(endpoint=EP, status=200, body=body({"code": 0, "data": {"_id": "a"}})) == {
        "_id": "a"
    }
    assert unwrap(endpoint=EP, status=200, body=body({"code": 0, "data": [1]})) == [1]
    assert unwrap(endpoint=EP, status=200, body=body({"code": 0, "data": "https://x"})) == (
        "https://x"
    )


def test_code_error_with_http_200_keeps_everything() -> None:
    """A non-zero code with HTTP 200 is an APIError carrying code, message, trace id, payload."""
    payload = {"code": 30005, "msg": "back_id and custom_back_id", "trace_id": "t-1"}
    with pytest.raises(APIError) as info:
        unwrap(endpoint=EP, status=200, body=body(payload))
    err = info.value
    assert type(err) is APIError
    assert (err.code, err.message, err.trace_id, err.endpoint) == (30005, payload["msg"], "t-1", EP)
    assert err.payload == payload
    assert "trace_id t-1" in str(err)
    assert EP in str(err)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (401, AuthenticationError),
        (403, AuthenticationError),
        (402, InsufficientCreditsError),
        (404, NotFoundError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
        (400, APIError),
    ],
)
def test_http_status_maps_to_class(status: int, cls: type[APIError]) -> None:
    """Each HTTP error status becomes its own exception class."""
    with pytest.raises(cls) as info:
        unwrap(endpoint=EP, status=status, body=body({"code": status, "msg": "nope"}))
    assert type(info.value) is cls
    assert info.value.status == status


def test_http_like_code_in_200_body_maps_like_the_status() -> None:
    """HTTP 200 with body code 401 is an authentication error (callers have seen this)."""
    with pytest.raises(AuthenticationError) as info:
        unwrap(endpoint=EP, status=200, body=body({"code": 401, "msg": "invalid token"}))
    assert info.value.code == 401


def test_credit_shortage_message_is_recognised() -> None:
    """A message about insufficient coins becomes InsufficientCreditsError."""
    with pytest.raises(InsufficientCreditsError):
        unwrap(endpoint=EP, status=200, body=body({"code": 7, "msg": "Insufficient coins"}))


def test_rate_limit_reads_retry_after() -> None:
    """429 carries the server's Retry-After in seconds."""
    err = error_for(endpoint=EP, status=429, payload=None, headers={"Retry-After": "3"})
    assert isinstance(err, RateLimitError)
    assert err.retry_after == 3.0


def test_retry_after_http_date() -> None:
    """Retry-After may be an HTTP date."""
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_html_error_page_keeps_text() -> None:
    """A non-JSON error page still gives a typed error with the text kept."""
    with pytest.raises(NotFoundError) as info:
        unwrap(endpoint=EP, status=404, body=b"<html>Not Found</html>")
    assert "Not Found" in str(info.value.payload)


def test_malformed_success_is_decode_error_with_raw_body() -> None:
    """A 200 that is not JSON raises ResponseDecodeError naming the endpoint, keeping bytes."""
    with pytest.raises(ResponseDecodeError) as info:
        unwrap(endpoint=EP, status=200, body=b'{"code": 0, "data": ')
    assert info.value.raw == b'{"code": 0, "data": '
    assert EP in str(info.value)


def test_json_without_envelope_is_decode_error() -> None:
    """JSON that is not an envelope is refused rather than guessed at."""
    with pytest.raises(ResponseDecodeError):
        unwrap(endpoint=EP, status=200, body=body([1, 2]))


def test_message_falls_back_to_message_field() -> None:
    """Some answers carry `message` instead of `msg`."""
    err = error_for(endpoint=EP, status=400, payload={"code": 1, "message": "bad field"})
    assert err.message == "bad field"


@pytest.mark.parametrize("code", [False, True, None, 0.0, [], {}, [0]])
def test_a_code_that_is_not_a_number_is_never_success(code: object) -> None:
    """``{"code": false}`` (or null, a float, a list) is not A2E's success code 0: the
    envelope is unreadable, not a success with data."""
    with pytest.raises(ResponseDecodeError) as info:
        unwrap(endpoint=EP, status=200, body=body({"code": code, "data": {"_id": "a"}}))
    assert info.value.raw == {"code": code, "data": {"_id": "a"}}


def test_code_zero_as_number_or_string_is_success() -> None:
    """0 and "0" both mean success."""
    for code in (0, "0"):
        assert unwrap(endpoint=EP, status=200, body=body({"code": code, "data": 1})) == 1


@pytest.mark.parametrize("failure", list(Failure))
def test_a_create_is_resent_only_when_it_never_reached_the_server(failure: Failure) -> None:
    """Only 'never left this machine' and a 429 resend a create; everything else that may
    have reached A2E is an unknown outcome, even with retries left."""
    action = after_failure(failure, safe=False, retries_left=True)
    if failure in (Failure.NOT_SENT, Failure.RATE_LIMITED):
        assert action is Action.RESEND
    else:
        assert action is Action.OUTCOME_UNKNOWN


@pytest.mark.parametrize("failure", list(Failure))
def test_reads_resend_until_retries_run_out(failure: Failure) -> None:
    """A read resends any transient failure while retries remain, then gives up; an answer
    that is too large is given up on at once."""
    resend = after_failure(failure, safe=True, retries_left=True)
    assert resend is (Action.GIVE_UP if failure is Failure.TOO_LARGE else Action.RESEND)
    assert after_failure(failure, safe=True, retries_left=False) is Action.GIVE_UP
