"""The `wirehouse` command: `wirehouse run [--inbox DIR] [--seeds DIR] [--warehouse PATH]`."""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from flows.settings import Settings


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the parsed command line."""
    ap = argparse.ArgumentParser(prog="wirehouse", description="News articles -> validated DuckDB star schema.")
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="load the seed articles and every new inbox file into the warehouse")
    run.add_argument("--inbox", type=Path, help="folder of dropped article files (env WIREHOUSE_INBOX)")
    run.add_argument("--seeds", type=Path, help="folder of seed articles read in place (env WIREHOUSE_SEEDS)")
    run.add_argument("--warehouse", type=Path, help="DuckDB file to write (env WIREHOUSE_WAREHOUSE)")
    run.add_argument("--batch-size", type=int, help="articles per task and load transaction (env WIREHOUSE_BATCH_SIZE)")
    return ap.parse_args(argv)


def settings_from(args: argparse.Namespace) -> Settings:
    """Return the environment's settings with command-line options on top."""
    settings = Settings.from_env()
    overrides = {name: getattr(args, name).resolve() for name in ("inbox", "seeds", "warehouse") if getattr(args, name)}
    if args.batch_size:
        overrides["batch_size"] = args.batch_size
    return replace(settings, **overrides)


def main(argv: list[str] | None = None) -> int:
    """Run the command and return its exit status."""
    args = parse_args(argv)
    settings = settings_from(args)
    from flows import pipeline  # imports Prefect: only after the arguments are known to be good

    summary = pipeline.run(settings, show_progress=True)
    print(summary.render(summary.totals))
    print(f"warehouse: {settings.warehouse}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
