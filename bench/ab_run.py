"""One run of an A/B comparison: the `wirehouse` CLI in this process, with the variant named by BENCH_AB_VARIANT.

Run by bench.ab as `python -m bench.ab_run run --inbox ...`. A variant changes the run through the environment
or by setting module attributes the pipeline looks up at call time, so flows/ needs no switch for it.
Extraction workers are spawned, and a spawned process imports this module again under the name __mp_main__
before it does anything else: attributes marked `everywhere` are set there too.
"""
from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass, field

ENV = "BENCH_AB_VARIANT"


@dataclass(frozen=True)
class Variant:
    """What a variant changes, and the claim of the docs it tests against `default`."""

    what: str
    claim: str = ""
    env: dict[str, str] = field(default_factory=dict)
    run: dict[tuple[str, str], object] = field(default_factory=dict)  # (module, attribute) -> value, run's process
    everywhere: dict[tuple[str, str], object] = field(default_factory=dict)  # the same, also in every worker


VARIANTS = {
    "default": Variant("the code as it is"),
    "one-batch-at-a-time": Variant(
        "one batch under way at a time (flows.pipeline.in_flight returns 1)",
        "two batches under way (the pool extracts the next while the run validates and loads one) save wall time",
        run={("flows.pipeline", "in_flight"): lambda settings: 1}),
    "pipe-batch-32": Variant(
        "32 texts per spaCy pipe batch (flows.extract.article.PIPE_BATCH), in the run and in every worker",
        "16 texts per pipe batch instead of 32 lower each worker's peak memory for a little more CPU",
        everywhere={("flows.extract.article", "PIPE_BATCH"): 32}),
    "dask-local": Variant("extraction on a local Dask cluster (WIREHOUSE_DASK=local)",
                          "the worker pool is faster and lighter than a local Dask cluster",
                          env={"WIREHOUSE_DASK": "local"}),
}


def apply(changes: dict[tuple[str, str], object]) -> None:
    """Set each (module, attribute) to its value; raise AttributeError when the attribute no longer exists."""
    for (module_name, attr), value in changes.items():
        module = importlib.import_module(module_name)
        if not hasattr(module, attr):
            raise AttributeError(f"bench.ab variant: {module_name}.{attr} does not exist (renamed?)")
        setattr(module, attr, value)


def variant() -> Variant:
    """Return the variant named by BENCH_AB_VARIANT (default: 'default')."""
    return VARIANTS[os.environ.get(ENV, "default")]


if __name__ == "__mp_main__":  # a spawned extraction worker
    apply(variant().everywhere)


def main(argv: list[str] | None = None) -> int:
    """Run the `wirehouse` CLI with the variant's changes and return its status."""
    chosen = variant()
    apply({**chosen.run, **chosen.everywhere})
    from flows import cli

    return cli.main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
