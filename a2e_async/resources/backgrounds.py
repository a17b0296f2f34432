"""Background images: ``client.backgrounds`` (A2E's "Background Matting and Replacement")."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

from .._converter import decode, decode_created, decode_list
from .._spec import check_extra_body
from ..models.backgrounds import Background
from ._base import MediaInput, Resource
from ._params import opt_text, path_id, put
from ._records import rows_of

__all__ = ["Backgrounds"]

_PREFIX = "/api/v1/custom_back"


class Backgrounds(Resource):
    """List, add and delete the images shown behind avatars."""

    async def list(self, *, extra_body: Mapping[str, Any] | None = None) -> list[Background]:
        """Every background you can use: ``POST /api/v1/custom_back/allBackground`` ``{}``.

        In the emulator this holds the public backgrounds and yours; A2E does not document
        whether its answer includes the public ones. A2E does not page this list.
        """
        return await self._list(f"{_PREFIX}/allBackground", extra_body)

    async def list_custom(
        self, *, extra_body: Mapping[str, Any] | None = None
    ) -> builtins.list[Background]:
        """Only the backgrounds you added: ``POST /api/v1/custom_back/list`` (A2E's spec)."""
        return await self._list(f"{_PREFIX}/list", extra_body)

    async def _list(
        self, path: str, extra_body: Mapping[str, Any] | None
    ) -> builtins.list[Background]:
        endpoint = f"POST {path}"
        # A read sent as POST: resending it is harmless.
        data = await self._call("POST", path, json={}, idempotent=True, extra_body=extra_body)
        return decode_list(Background, rows_of(data, endpoint=endpoint), endpoint=endpoint)

    async def add(
        self,
        image: MediaInput,
        *,
        name: str | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> Background:
        """Add a background image: ``POST /api/v1/custom_back/add`` ``{img_url, name}``.

        ``image`` is a URL, a local path or ``(bytes, filename)``; local media is uploaded
        first. The new background's ``id`` is ``custom_background_id`` of
        ``client.videos.generate``. Never resent once it may have reached A2E.
        """
        body: dict[str, Any] = {}
        put(body, "name", opt_text("name", name))
        extra = check_extra_body(extra_body, {"name": "name", "img_url": "image"})
        body["img_url"] = await self._media_url("image", image)
        body.update(extra)
        path = f"{_PREFIX}/add"
        reference = name or body["img_url"]
        data = await self._call("POST", path, json=body, reference=reference)
        return decode_created(Background, data, endpoint=f"POST {path}", reference=reference)

    async def random(self, *, extra_body: Mapping[str, Any] | None = None) -> Background:
        """One background picked by A2E: ``POST /api/v1/custom_back/randomBackground`` ``{}``.

        A2E's spec declares no authentication for this call (the token is sent anyway) and
        documents no answer: it is read as one background (the first, if A2E answers a
        list).
        """
        path = f"{_PREFIX}/randomBackground"
        # A read sent as POST: resending it is harmless.
        data = await self._call("POST", path, json={}, idempotent=True, extra_body=extra_body)
        if isinstance(data, list):
            data = data[0] if data else None
        return decode(Background, data, endpoint=f"POST {path}")

    async def delete(
        self, background_id: str, *, extra_body: Mapping[str, Any] | None = None
    ) -> None:
        """Delete one of your backgrounds: ``POST /api/v1/custom_back/del`` ``{"_id"}``."""
        path_id("background_id", background_id)
        body = {"_id": background_id}
        await self._call(
            "POST", f"{_PREFIX}/del", json=body, idempotent=True, extra_body=extra_body
        )
