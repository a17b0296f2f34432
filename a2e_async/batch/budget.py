"""The budget guard: what the jobs still to send will cost, against the credits left.

Each job is priced by :func:`a2e_async.costs.estimate_cost` (A2E's documented prices),
else by A2E's ``generation/quote`` (nothing is created or charged; identical requests are
quoted once), else counted as unknown. A batch that would cost more coins or diamonds than
the account holds is refused before anything is sent, unless forced.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import anyio
import attrs

from ..costs import estimate_cost
from ..errors import A2EError
from ..models.account import Credits
from ..resources import Starter
from .jobs import decode_params, reference_limit
from .journal import JobRow

__all__ = ["Budget", "BudgetError", "estimate_budget"]


@attrs.frozen
class Budget:
    """The estimated cost of the jobs still to send, and the account's balances."""

    jobs: int
    """Jobs priced (those not sent yet)."""
    coins: float
    """Estimated coins."""
    diamonds: float
    """Estimated diamonds."""
    unknown: tuple[str, ...]
    """Keys of the jobs whose cost neither A2E's docs nor its quote could tell."""
    credits: Credits
    """What the account holds."""

    @property
    def short(self) -> bool:
        """Whether the known costs alone exceed what the account holds."""
        return self.coins > self.credits.coins or self.diamonds > self.credits.diamonds

    def describe(self) -> str:
        """One line for people: the estimate, the balances, the unknowns."""
        text = (
            f"{self.jobs} jobs to send need about {self.coins:g} coins and {self.diamonds:g}"
            f" diamonds; the account has {self.credits.coins:g} coins and"
            f" {self.credits.diamonds:g} diamonds"
        )
        if self.unknown:
            text += f" ({len(self.unknown)} jobs of unknown cost not counted)"
        return text


class BudgetError(A2EError):
    """The batch would cost more than the account holds; nothing was sent.

    ``budget`` has the estimate. Start anyway with ``force=True`` (``--force``).
    """

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        super().__init__(f"refusing to start: {budget.describe()}; use force to start anyway")


async def estimate_budget(
    account: Any,
    starters: Mapping[str, Starter],
    rows: Sequence[JobRow],
    *,
    quote: bool = True,
    concurrency: int = 8,
) -> Budget:
    """Price the ``pending`` jobs of ``rows`` and read the credits (``account`` is
    ``client.account``). Quotes are asked with at most ``concurrency`` at once."""
    pending = [row for row in rows if row.state.value == "pending" and not row.needs_check]
    coins = diamonds = 0.0
    unknown: list[str] = []
    to_quote: list[tuple[JobRow, str, dict[str, Any]]] = []
    for row in pending:
        starter = starters[row.kind]
        params = decode_params(starter.call.spec, row.params)
        cost = estimate_cost(row.kind, params)
        if cost is not None:
            coins, diamonds = coins + cost.coins, diamonds + cost.diamonds
        elif quote:
            to_quote.append((row, starter.call.path, await _wire_body(starter, params)))
        else:
            unknown.append(row.key)
    quotes: dict[str, tuple[float, float] | None] = {}
    limiter = anyio.Semaphore(max(concurrency, 1))

    async def ask(path: str, body: dict[str, Any], signature: str) -> None:
        async with limiter:
            try:
                found = await account.quote(path, body)
            except A2EError:
                # A2E prices only some endpoints; a refusal means "unknown", not "free".
                quotes[signature] = None
                return
            if found.coins is None and found.diamonds is None:
                quotes[signature] = None
            else:
                quotes[signature] = (found.coins or 0.0, found.diamonds or 0.0)

    signatures: list[tuple[JobRow, str]] = []
    async with anyio.create_task_group() as group:
        for row, path, body in to_quote:
            signature = json.dumps([path, body], sort_keys=True, default=str)
            signatures.append((row, signature))
            if signature not in quotes:
                quotes[signature] = None
                group.start_soon(ask, path, body, signature)
    for row, signature in signatures:
        price = quotes[signature]
        if price is None:
            unknown.append(row.key)
        else:
            coins, diamonds = coins + price[0], diamonds + price[1]
    credits = await account.credits()
    return Budget(len(pending), coins, diamonds, tuple(unknown), credits)


async def _wire_body(starter: Starter, params: dict[str, Any]) -> dict[str, Any]:
    """The body the job's create call would send, without uploading anything: a local
    file stands in as a placeholder URL (a quote prices the request, not the media), and
    the job's name is left out so that identical jobs share one quote."""

    async def placeholder(name: str, values: Sequence[Any]) -> list[str]:
        return [f"https://upload.invalid/{name}/{i}" for i, _ in enumerate(values)]

    spec = starter.call.spec
    body = await spec.body(params, placeholder)
    if spec.reference is not None and reference_limit(spec) is not None:
        body.pop(spec.fields[spec.reference].wire, None)
    return body
