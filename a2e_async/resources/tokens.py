"""API tokens: ``client.tokens`` (A2E's deprecated "Get API token")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._converter import decode_created
from ..models.tokens import APIToken
from ._base import Resource
from ._params import check_text

__all__ = ["Tokens"]

_GENERATE = "/api/v1/token/generate"


class Tokens(Resource):
    """Mint API tokens the legacy way (A2E now wants them made in its web UI)."""

    async def generate(
        self, alias: str, *, extra_body: Mapping[str, Any] | None = None
    ) -> APIToken:
        """Mint an API token: ``POST /api/v1/token/generate`` ``{"alias"}`` (deprecated).

        ``alias`` is a note to remember why the token exists. A2E documents this call as
        authorised by a *login* token, so the client must have been created with one; the
        supported way is Account → API Token in A2E's web UI. Keep the returned ``token``
        like a password (it never shows in ``repr()``). Never resent once it may have
        reached A2E, so a lost answer cannot mint a second token.
        """
        body = {"alias": check_text("alias", alias, max_length=200)}
        data = await self._call(
            "POST", _GENERATE, json=body, reference=alias, extra_body=extra_body
        )
        return decode_created(APIToken, data, endpoint=f"POST {_GENERATE}", reference=alias)
