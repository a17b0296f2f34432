"""``a2e credits`` and ``a2e account ...``: balances, their history, voice languages."""

from __future__ import annotations

import click

from ._app import Run, run
from .tasks import first, json_option, limit_option

__all__ = ["account", "credits_command"]


@click.command("credits")
@json_option
@click.pass_context
def credits_command(ctx: click.Context, json_output: bool) -> int:
    """Show the coins and diamonds left on the account."""

    async def work(current: Run) -> int:
        current.out.model(await current.client.account.credits())
        return 0

    return run(ctx, work, json_output=json_output)


@click.group()
def account() -> None:
    """The account: credits history and the languages voices speak (see also a2e credits)."""


@account.command("history")
@limit_option
@click.option(
    "--charges/--grants",
    "consumption",
    default=None,
    help="Only charges, or only grants (default: both).",
)
@json_option
@click.pass_context
def history(ctx: click.Context, limit: int, consumption: bool | None, json_output: bool) -> int:
    """List credit movements, newest first (positive: grants, negative: charges)."""

    async def work(current: Run) -> int:
        history = current.client.account.credits_history(
            consumption=consumption, page_size=min(limit, 100)
        )
        rows = await first(history, limit)
        current.out.models(
            rows, ("created_at", "coins", "diamonds", "type", "description", "record_id")
        )
        return 0

    return run(ctx, work, json_output=json_output)


@account.command("languages")
@click.option("--locale", metavar="LOCALE", help="Only this locale, e.g. en-US.")
@json_option
@click.pass_context
def languages(ctx: click.Context, locale: str | None, json_output: bool) -> int:
    """List the languages and regions voices speak (the --country and --region of tts)."""

    async def work(current: Run) -> int:
        found = await current.client.account.list_languages(locale=locale)
        current.out.models(found, ("code", "name"))
        return 0

    return run(ctx, work, json_output=json_output)
