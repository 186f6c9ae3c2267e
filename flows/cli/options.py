"""How a command declares itself: `@command(help, *options)` on the function that does it, its options beside it.

An option that names a `setting` overrides that field of Settings (paths resolved); the rest reach the command
function as `args`. Options several commands share are declared once here.
"""
from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from flows.settings import Settings


class BadInput(ValueError):
    """A command-line value that cannot work; the message says which and why."""


@dataclass(frozen=True)
class Option:
    """One argparse argument, and the setting it overrides (if any)."""

    flags: tuple[str, ...]
    kwargs: dict = field(default_factory=dict)
    setting: str | None = None


@dataclass(frozen=True)
class OneOf:
    """Options of which at most one (exactly one when required) may be given."""

    options: tuple[Option, ...]
    required: bool = False


@dataclass(frozen=True)
class Command:
    """One `wirehouse` sub-command: the function that does it, its help and its options."""

    name: str
    run: Callable[[argparse.Namespace, Settings], int]
    help: str
    options: tuple[Option | OneOf | tuple[Option, ...], ...]


COMMANDS: list[Command] = []


def opt(*flags: str, setting: str | None = None, **kwargs) -> Option:
    """Return an option: argparse's flags and keywords, and the Settings field it overrides."""
    return Option(flags, kwargs, setting)


def one_of(*options: Option, required: bool = False) -> OneOf:
    """Return options that exclude each other."""
    return OneOf(options, required)


def command(help: str, *options: Option | OneOf | tuple[Option, ...]):
    """Register the decorated function as the sub-command of its name (underscores become dashes)."""
    def register(fn: Callable[[argparse.Namespace, Settings], int]):
        COMMANDS.append(Command(fn.__name__.replace("_", "-"), fn, help, options))
        return fn
    return register


def positive(text: str) -> int:
    """Return the integer of a command-line value that must be at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def members(item: Option | OneOf | tuple[Option, ...]) -> tuple[Option, ...]:
    """Return the options one entry of a command's option list stands for."""
    return item.options if isinstance(item, OneOf) else item if isinstance(item, tuple) else (item,)


def flat(options) -> list[Option]:
    """Return the options with groups of shared ones and of exclusive ones spread out."""
    return [option for item in options for option in members(item)]


def add_options(parser: argparse.ArgumentParser, options) -> None:
    """Add a command's options to its parser, exclusive ones in a mutually exclusive group."""
    for item in options:
        target = parser.add_mutually_exclusive_group(required=item.required) if isinstance(item, OneOf) else parser
        for option in members(item):
            target.add_argument(*option.flags, **option.kwargs)


def settings_from(args: argparse.Namespace, options: list[Option]) -> Settings:
    """Return the environment's settings with the command's setting options on top."""
    overrides = {}
    for option in options:
        value = getattr(args, option.kwargs.get("dest") or option.flags[0].lstrip("-").replace("-", "_"), None)
        if option.setting and value not in (None, False):
            overrides[option.setting] = value.resolve() if isinstance(value, Path) else value
    return replace(Settings.from_env(), **overrides)


WAREHOUSE = (
    opt("--warehouse", type=Path, setting="warehouse", help="DuckDB file (env WIREHOUSE_WAREHOUSE)"),
    opt("--lake", metavar="CATALOG", setting="lake",
        help="a DuckLake instead of the file: sqlite:PATH or postgres:DSN (env WIREHOUSE_LAKE)"),
)
INBOX = opt("--inbox", type=Path, setting="inbox", help="folder of dropped article files (env WIREHOUSE_INBOX)")
FOLDERS = (
    INBOX,
    opt("--seeds", type=Path, setting="seeds", help="folder of seed articles read in place (env WIREHOUSE_SEEDS)"),
    opt("--batch-size", type=positive, setting="batch_size",
        help="articles per task and load transaction (env WIREHOUSE_BATCH_SIZE)"),
)
DASK = opt("--dask", metavar="ADDRESS", setting="dask",
           help="extract on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' (a cluster of "
                "WIREHOUSE_DASK_WORKERS processes started for the run; env WIREHOUSE_DASK)")


ARTICLE_ID = re.compile(r"[0-9a-f]{6,64}")


def article_ids(store, given: list[str]) -> list[str]:
    """Return the ids of the articles loaded in `store` (a warehouse handle) that the given ids or id prefixes name,
    one each; raise BadInput for a value that is not at least 6 hex characters, names no loaded article, or names
    several."""
    from flows.warehouse.reprocess import matching_ids

    for value in given:
        if not ARTICLE_ID.fullmatch(value):
            raise BadInput(f"{value!r} is not an article id: give at least its first 6 characters (0-9, a-f), "
                           "as dim_article.article_id shows them")
    found = matching_ids(store, given)
    for value, ids in found.items():
        if not ids:
            raise BadInput(f"no article in {store} has an id starting with {value}")
        if len(ids) > 1:
            raise BadInput(f"{value} is the start of {len(ids)} article ids ({', '.join(i[:12] for i in ids[:3])}"
                           f"{', ...' if len(ids) > 3 else ''}): give more characters")
    return [ids[0] for ids in found.values()]


def store_of(settings: Settings):
    """Return the settings' warehouse handle; raise BadInput when its path cannot be a warehouse (a folder)."""
    from flows.db import WarehouseError

    store = settings.store
    try:
        store.check()
    except WarehouseError as exc:
        raise BadInput(str(exc)) from None
    return store
