"""Commands for runs on several machines: `deploy` (the flow as a Prefect deployment on a work pool) and `worker` (a
Prefect worker taking that pool's runs on this machine, with this machine's folders); see flows/deployment.py."""
from __future__ import annotations

import argparse
import sys

from flows.cli.loading import check_run_input
from flows.cli.options import FOLDERS, WAREHOUSE, BadInput, command, one_of, opt, positive
from flows.settings import Settings

POOL = opt("--pool", default="wirehouse", help="the Prefect work pool (default wirehouse)")


@command("register the pipeline as a Prefect deployment on a work pool, on a schedule (needs PREFECT_API_URL)",
         POOL,
         opt("--name", default="wirehouse", help="the deployment's name (default wirehouse: wirehouse-run/wirehouse)"),
         opt("--queue", default=None, help="the pool's work queue its runs go to (default: the pool's default queue)"),
         one_of(opt("--cron", default=None, help='cron schedule (default "*/15 * * * *", as serve)'),
                opt("--interval", type=positive, metavar="SECONDS", help="run every SECONDS instead")))
def deploy(args: argparse.Namespace, settings: Settings) -> int:
    """Create the pool when missing and register (or update) the deployment; return 0 (2 without a server)."""
    from flows import deployment

    try:
        deployment.api_url()
    except deployment.NoServer as exc:
        raise BadInput(str(exc)) from None
    cron = args.cron or (None if args.interval else deployment.DEFAULT_CRON)
    deployment_id = deployment.deploy(args.name, args.pool, cron, args.interval, args.queue)
    when = f"cron '{cron}'" if cron else f"every {args.interval}s"
    print(f"deployment '{deployment.FLOW}/{args.name}' ({deployment_id}) on work pool '{args.pool}', {when}")
    print(f"start a worker on each machine: wirehouse worker --pool {args.pool}"
          f"{' --queue ' + args.queue if args.queue else ''} --inbox DIR (--lake CATALOG)")
    print(f"a run now: .venv/bin/prefect deployment run '{deployment.FLOW}/{args.name}'")
    return 0


@command("take the runs of a work pool on this machine, with its folders and warehouse (Ctrl-C stops it)",
         POOL, FOLDERS, WAREHOUSE,
         opt("--queue", action="append", default=[], help="take only this work queue's runs (repeatable)"),
         opt("--name", default=None, help="the worker's name (default wirehouse-HOST-PID)"),
         opt("--limit", type=positive, default=None, help="at most this many runs at once on this machine"))
def worker(args: argparse.Namespace, settings: Settings) -> int:
    """Run `prefect worker start` for the pool with this machine's settings until it ends or is stopped."""
    from flows import deployment

    check_run_input(settings)
    try:
        env = deployment.worker_env(settings, args.debug)
    except deployment.NoServer as exc:
        raise BadInput(str(exc)) from None
    name = args.name or deployment.default_name()
    print(f"worker '{name}' on work pool '{args.pool}' of {env['PREFECT_API_URL']}: runs load {settings.inbox} "
          f"into {settings.lake or settings.warehouse}", file=sys.stderr, flush=True)
    code = deployment.run_worker(deployment.worker_command(args.pool, name, args.queue, args.limit), env)
    if code == 130:
        print("stopped: the worker and any run it had started", file=sys.stderr)
    return code
