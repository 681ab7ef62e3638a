"""``python -m bench``: seed each benchmark database, measure everything, write the results.

    .venv/bin/python -m bench            # the reference load (about 12 minutes), on the bundled PostgreSQL
    .venv/bin/python -m bench --pg-url postgres://postgres@127.0.0.1:5432/todo_bench   # on a server of yours
    .venv/bin/python -m bench --quick    # small data, short runs: for developing the benchmarks

A full run writes ``bench/results/latest.md`` and ``latest.json`` (and a dated
copy); a quick run writes ``quick.md``/``quick.json``, which are git-ignored,
so a smoke run never passes for the reference numbers. A measurement that
cannot run (a missing piece, a crash) is written into the results as not
measured, with the reason, instead of stopping the others.
"""

import argparse
import asyncio
import json
import os
import shlex
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bench import mcp_latency, peer_env, report, rest_load, web_pages
from bench.databases import (
    PROJECT_DIR,
    QUICK_SIZE,
    REFERENCE_SIZE,
    BenchDatabase,
    SeedSize,
    benchmark_database,
)
from bench.processes import LOOPBACK, free_port, log_path, serving

MEASUREMENTS = ("mcp", "rest", "peer", "scale", "chat", "web", "activity", "size")


@dataclass(frozen=True)
class Plan:
    """How much of each measurement to do: the reference run, or a quick one."""

    size: SeedSize
    mcp_rounds: int
    mcp_warmup: int
    stdio_users: int
    http_users: int
    rest_levels: tuple[int, ...]
    rest_seconds: int
    rest_users: int
    """Users whose JWTs wrk rotates over; their pending tasks are what the complete run completes."""
    chat_turns: int
    chat_warmup: int
    web_users: int
    web_requests: int
    web_chat_turns: int


FULL = Plan(
    size=REFERENCE_SIZE,
    mcp_rounds=500,
    mcp_warmup=10,
    stdio_users=5,
    http_users=20,
    rest_levels=(1, 4, 16, 64),
    rest_seconds=10,
    rest_users=1000,
    chat_turns=200,
    chat_warmup=20,
    web_users=50,
    web_requests=500,
    web_chat_turns=200,
)
QUICK = Plan(
    size=QUICK_SIZE,
    mcp_rounds=60,
    mcp_warmup=3,
    stdio_users=2,
    http_users=4,
    rest_levels=(8,),
    rest_seconds=3,
    rest_users=40,
    chat_turns=30,
    chat_warmup=5,
    web_users=10,
    web_requests=60,
    web_chat_turns=20,
)


def django_side(database: BenchDatabase, *args: str) -> dict[str, Any]:
    """Run a step of bench/django_side.py on ``database`` and return its JSON."""
    completed = subprocess.run(
        [sys.executable, "-m", "bench.django_side", *args],
        cwd=PROJECT_DIR,
        env=database.env(),
        check=True,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return json.loads(completed.stdout)


def _spread(users: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """``count`` of the fixture users, evenly from first to last (the fixtures span the whole user table)."""
    step = max(1, len(users) // count)
    return users[::step][:count]


async def measure_mcp(database: BenchDatabase, users: list[dict[str, Any]], plan: Plan) -> dict[str, Any]:
    """Our ``runmcp`` and the floor server, over stdio then over stateless HTTP."""
    env = database.env()
    results: dict[str, Any] = {}
    stdio_users = _spread(users, plan.stdio_users)
    with log_path(f"mcp-stdio-{database.label}").open("w") as errlog:
        ours = [
            mcp_latency.stdio_client_factory(["manage.py", "runmcp", "--user", user["username"]], env, errlog)
            for user in stdio_users
        ]
        floor = [mcp_latency.stdio_client_factory(["-m", "bench.floor_server"], env, errlog)]
        python = str(peer_env.peer_python())  # the peer, on the seed's own stack
        peers = [
            mcp_latency.stdio_client_factory(
                ["-m", "bench.peer.mcp_server"], env | {"TODO_MCP_USER": user["username"]}, errlog, python
            )
            for user in stdio_users
        ]
        results["stdio"] = await mcp_latency.measure(
            ours, floor, rounds=plan.mcp_rounds, warmup=plan.mcp_warmup, peer_clients=peers
        )
    our_port, floor_port = free_port(), free_port()
    our_server = [
        sys.executable,
        "manage.py",
        "runmcp",
        "--transport",
        "http",
        "--host",
        LOOPBACK,
        "--port",
        str(our_port),
    ]
    floor_server = [sys.executable, "-m", "bench.floor_server", "--transport", "http", "--port", str(floor_port)]
    with (
        serving(our_server, port=our_port, env=env, log_name=f"mcp-http-{database.label}"),
        serving(floor_server, port=floor_port, env=env, log_name=f"floor-http-{database.label}"),
    ):
        ours = [
            mcp_latency.http_client_factory(f"http://{LOOPBACK}:{our_port}/mcp", user["token"])
            for user in _spread(users, plan.http_users)
        ]
        floor = [mcp_latency.http_client_factory(f"http://{LOOPBACK}:{floor_port}/mcp", None)]
        results["http"] = await mcp_latency.measure(ours, floor, rounds=plan.mcp_rounds, warmup=plan.mcp_warmup)
        with_credentials = [user for user in users if "oauth" in user]
        url = f"http://{LOOPBACK}:{our_port}/mcp"
        results["http_credentials"] = await mcp_latency.measure_credentials(
            {
                kind: [mcp_latency.http_client_factory(url, user[key]) for user in with_credentials]
                for kind, key in (("personal access token", "pat"), ("OAuth access token", "oauth"), ("JWT", "token"))
            },
            rounds=plan.mcp_rounds,
            warmup=plan.mcp_warmup,
        )
    results["stdio_users"] = [user["username"] for user in stdio_users]
    return results


def _attempt(data: dict[str, Any], name: str, measure: Callable[[], Any]) -> None:
    """Run one measurement; on failure record why in ``data['missing']`` and go on with the next."""
    print(f"[bench] {name}...", file=sys.stderr)
    try:
        data[name] = measure()
    except Exception as error:  # a benchmark that cannot run is reported, not fatal
        traceback.print_exc()
        detail = (
            error.stderr.strip().splitlines()[-1]
            if isinstance(error, subprocess.CalledProcessError) and error.stderr
            else f"{type(error).__name__}: {error}"
        )
        data.setdefault("missing", {})[name] = detail[:300]


def bench_database(
    database: BenchDatabase, plan: Plan, only: set[str], reuse: bool, gunicorn_args: list[str]
) -> dict[str, Any]:
    data: dict[str, Any] = {"url": database.url.rsplit("@", 1)[-1]}
    if reuse:
        print(f"[bench] {database.label}: reusing the existing database", file=sys.stderr)
    else:
        print(f"[bench] {database.label}: seeding {plan.size.describe()}", file=sys.stderr)
        database.prepare(plan.size)
        data["seed_seconds"] = database.seed_seconds
    data["server_version"] = database.server_version()
    fixture_count = max(plan.rest_users, plan.http_users, plan.stdio_users)
    # Up to 70 pending task ids a user (about 65 of 100 are pending): enough that every completion
    # in the REST run completes a task instead of repeating one.
    users = django_side(
        database, "fixtures", "--count", str(fixture_count), "--task-ids", "70", "--credentials", str(plan.http_users)
    )["users"]
    data["explain"] = django_side(database, "explain")["plans"]
    if "mcp" in only:
        _attempt(data, "round_trips", lambda: django_side(database, "round_trips"))
        _attempt(data, "mcp", lambda: asyncio.run(measure_mcp(database, users, plan)))
    if "rest" in only:
        _attempt(
            data,
            "rest",
            lambda: rest_load.measure(
                database,
                users,
                levels=plan.rest_levels,
                seconds=plan.rest_seconds,
                server_args=gunicorn_args or rest_load.PRODUCTION_SERVER,
            ),
        )
    if "peer" in only:
        _attempt(
            data,
            "rest_peer",
            lambda: rest_load.measure_peer(
                database, users, peer_python=str(peer_env.peer_python()), seconds=plan.rest_seconds
            ),
        )
    if "scale" in only:
        _attempt(
            data,
            "scale",
            lambda: rest_load.measure_scale(database, users, seconds=plan.rest_seconds),
        )
    if "chat" in only:
        _attempt(
            data,
            "chat",
            lambda: django_side(
                database,
                "chat",
                "--turns",
                str(plan.chat_turns),
                "--warmup",
                str(plan.chat_warmup),
                "--history",
                str(plan.size.messages_per_conversation),
            ),
        )
    if "activity" in only:
        _attempt(data, "activity", lambda: django_side(database, "activity", "--rounds", str(plan.mcp_rounds)))
    if "size" in only:
        _attempt(data, "list_size", lambda: django_side(database, "list_size", "--rounds", str(plan.mcp_rounds)))
    if "web" in only:
        _attempt(
            data,
            "web",
            lambda: web_pages.measure(
                database,
                _spread(users, plan.web_users),
                requests=plan.web_requests,
                chat_turns=plan.web_chat_turns,
                warmup=plan.chat_warmup,
                server_args=gunicorn_args or rest_load.PRODUCTION_SERVER,
            ),
        )
    return data


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="Small data and short runs; writes quick.md.")
    parser.add_argument("--only", default=",".join(MEASUREMENTS), help=f"Comma-separated: {', '.join(MEASUREMENTS)}.")
    parser.add_argument(
        "--pg-url",
        default=None,
        help="The PostgreSQL benchmark database; dropped and re-created (its name must start with todo_bench). "
        "Without it, todo_bench on the bundled server (data in bench/.data/pgdata).",
    )
    parser.add_argument("--reuse-db", action="store_true", help="Measure the databases as they are, unseeded.")
    parser.add_argument(
        "--gunicorn-args", default="", help="Serve REST with these gunicorn arguments instead of the README's."
    )
    parser.add_argument("--name", help="Results file stem (default: latest, or quick with --quick).")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = QUICK if args.quick else FULL
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    started = time.perf_counter()
    results: dict[str, Any] = {
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join(["python -m bench", shlex.join(argv if argv is not None else sys.argv[1:])]).strip(),
        "quick": args.quick,
        "machine": report.machine(),
        "size": plan.size.describe(),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "databases": {},
    }
    database = benchmark_database(args.pg_url)
    results["databases"][database.label] = bench_database(
        database, plan, only, args.reuse_db, shlex.split(args.gunicorn_args)
    )
    # Read at the end: a tool the run installed (wrk) is then reported with its version.
    results["versions"] = report.versions()
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
    results["targets"] = report.targets(results)
    name = args.name or ("quick" if args.quick else "latest")
    dated = None if args.quick or args.name else datetime.now(UTC).strftime("%Y-%m-%d")
    path = report.write(results, name, dated)
    print(path.read_text())
    print(f"[bench] wrote {path.relative_to(PROJECT_DIR)}", file=sys.stderr)
    return 0
