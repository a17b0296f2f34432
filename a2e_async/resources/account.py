"""Account: ``client.account`` (balances, credits history, quotes, sub-users, languages)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import datetime, timezone
from typing import Any

from .._converter import decode, decode_created, decode_list
from ..errors import ValidationError
from ..models.account import Credits, CreditTransaction, Language, Quote, SubUser
from ..models.common import Page
from ._base import Resource, count_of, iterate_pages
from ._params import check_bool, check_int, check_text, opt_text, put
from ._records import rows_of

__all__ = ["Account"]

_HISTORY = "/api/v1/transactionRecord/creditsHistory"
_QUOTE = "/api/v1/generation/quote"
_LANGUAGES = "/api/v1/anchor/language_list"


class Account(Resource):
    """Your balances and their history, cost estimates, sub-users and voice languages."""

    async def credits(self, *, extra_query: Mapping[str, Any] | None = None) -> Credits:
        """Coins and diamonds left: ``GET /api/v1/user/remainingCoins``."""
        data = await self._call("GET", "/api/v1/user/remainingCoins", extra_query=extra_query)
        return decode(Credits, data, endpoint="GET /api/v1/user/remainingCoins")

    async def add_user(
        self, username: str, *, extra_body: Mapping[str, Any] | None = None
    ) -> SubUser:
        """Create a user under your account: ``POST /api/v1/user/add`` ``{"username"}``.

        A2E's spec names only ``username``; the answer is not documented. Never resent
        once it may have reached A2E.
        """
        body = {"username": check_text("username", username, max_length=64)}
        data = await self._call(
            "POST", "/api/v1/user/add", json=body, reference=username, extra_body=extra_body
        )
        return decode_created(SubUser, data, endpoint="POST /api/v1/user/add", reference=username)

    async def list_languages(
        self, *, locale: str | None = None, extra_body: Mapping[str, Any] | None = None
    ) -> list[Language]:
        """Languages and regions for voices: ``POST /api/v1/anchor/language_list``.

        ``locale`` (wire ``voice_map_type``, e.g. ``en-US``) narrows the list. Each item's
        ``country`` and ``region`` are what ``client.tts.generate`` takes.
        """
        body: dict[str, Any] = {}
        put(body, "voice_map_type", opt_text("locale", locale, max_length=32))
        data = await self._call(
            "POST", _LANGUAGES, json=body, idempotent=True, extra_body=extra_body
        )
        endpoint = f"POST {_LANGUAGES}"
        return decode_list(Language, rows_of(data, endpoint=endpoint), endpoint=endpoint)

    async def credits_history_page(
        self,
        page: int = 1,
        page_size: int = 10,
        *,
        consumption: bool | None = None,
        start: datetime | str | None = None,
        end: datetime | str | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Page[CreditTransaction]:
        """One page of credit movements, newest first:
        ``GET /api/v1/transactionRecord/creditsHistory``.

        Wire query: ``pageNum``, ``pageSize``, ``is_consumption`` (``True``: only charges,
        ``False``: only grants), ``startDate`` and ``endDate`` (inclusive ISO date-times; a
        naive ``datetime`` is taken as UTC).
        """
        params: dict[str, Any] = {
            "pageNum": check_int("page", page, minimum=1),
            "pageSize": check_int("page_size", page_size, minimum=1, maximum=100),
        }
        if consumption is not None:
            params["is_consumption"] = check_bool("consumption", consumption)
        put(params, "startDate", _iso("start", start))
        put(params, "endDate", _iso("end", end))
        data = await self._call("GET", _HISTORY, params=params, extra_query=extra_query)
        endpoint = f"GET {_HISTORY}"
        rows = decode_list(CreditTransaction, rows_of(data, endpoint=endpoint), endpoint=endpoint)
        return Page(items=rows, page=page, page_size=page_size, total=count_of(data))

    def credits_history(
        self,
        *,
        consumption: bool | None = None,
        start: datetime | str | None = None,
        end: datetime | str | None = None,
        page_size: int = 50,
        extra_query: Mapping[str, Any] | None = None,
    ) -> AsyncIterator[CreditTransaction]:
        """Every credit movement (filtered as in :meth:`credits_history_page`), newest
        first, fetching pages lazily."""
        return iterate_pages(
            lambda number: self.credits_history_page(
                number,
                page_size,
                consumption=consumption,
                start=start,
                end=end,
                extra_query=extra_query,
            )
        )

    async def quote(
        self,
        endpoint: str,
        request_body: Mapping[str, Any],
        *,
        extra_body: Mapping[str, Any] | None = None,
    ) -> Quote:
        """Estimate what a generation call would cost: ``POST /api/v1/generation/quote``.

        ``endpoint`` is the generation path (e.g. ``"/api/v1/userImage2Video/start"``) and
        ``request_body`` the exact JSON body you would send it (wire ``requestBody``).
        Nothing is created or charged. ``Quote.validated`` is ``False`` when A2E checked only
        the pricing inputs.
        """
        path = check_text("endpoint", endpoint, max_length=512)
        if not path.startswith("/api/"):
            raise ValidationError("endpoint", "must be an API path such as /api/v1/.../start")
        if not isinstance(request_body, Mapping):
            raise ValidationError("request_body", "must be a mapping (the JSON request body)")
        body = {"endpoint": path, "requestBody": dict(request_body)}
        # A quote creates nothing, so a lost answer may be asked again.
        data = await self._call("POST", _QUOTE, json=body, idempotent=True, extra_body=extra_body)
        return decode(Quote, data, endpoint=f"POST {_QUOTE}")


def _iso(name: str, value: datetime | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        utc = moment.astimezone(timezone.utc)
        return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
    text = check_text(name, value, max_length=64)
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(name, f"is not an ISO date-time: {text!r}") from None
    return text
