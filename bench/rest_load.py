"""REST throughput: gunicorn as the README runs it in production, loaded by wrk on loopback.

wrk (C, epoll) rather than a Python load generator, because on a 2-core
machine a Python client would take the CPU the server is being measured on.
Every request is authenticated with the JWT of one of many seeded users.
Runs are bounded in time and only ever target 127.0.0.1.
"""

import json
import os
import resource
import shlex
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

from bench import cpu
from bench.databases import DATA_DIR, PROJECT_DIR, BenchDatabase
from bench.processes import LOOPBACK, free_port, serving

LUA_SCRIPT = PROJECT_DIR / "bench" / "wrk" / "tasks.lua"
MODES = ("list", "create", "complete")
PRODUCTION_SERVER = (
    "todo_project.asgi:application",
    "--worker-class",
    "uvicorn_worker.UvicornWorker",
    "--workers",
    "4",
)
"""The README's production command, less the bind address."""


def ensure_wrk() -> None:
    """Install wrk from Debian when it is missing and we may (root with apt), as on a fresh machine."""
    if shutil.which("wrk"):
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        print("  installing wrk with apt-get", file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True, timeout=300)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True, timeout=300)
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed: apt-get install wrk")


def write_fixtures(users: Sequence[dict[str, Any]]) -> Path:
    path = DATA_DIR / "wrk-users.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    # Users with nothing pending could not serve the complete run; they are left out of every run alike.
    path.write_text(
        "".join(
            f"{user['token']} {' '.join(map(str, user['pending_task_ids']))}\n"
            for user in users
            if user["pending_task_ids"]
        )
    )
    return path


def _check_authenticated_list(base_url: str, token: str) -> None:
    """One request by hand first: a load test of 401s would measure nothing."""
    # An http:// loopback URL built above, never user input.
    request = urllib.request.Request(f"{base_url}/api/tasks/", headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        body = json.load(response)
    if "results" not in body:
        raise RuntimeError(f"unexpected list answer: {body!r:.200}")


def run_wrk(
    base_url: str, *, mode: str, connections: int, seconds: int, fixtures: Path, start: int = 0
) -> dict[str, Any]:
    """One wrk run; ``start`` is the first request number (see wrk/tasks.lua), so runs do not repeat tasks."""
    threads = min(2, connections)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-s",
        str(LUA_SCRIPT),
        base_url,
    ]
    env = {
        "PATH": "/usr/bin:/bin",
        "BENCH_MODE": mode,
        "BENCH_FIXTURES": str(fixtures),
        "BENCH_START": str(start),
        "BENCH_THREADS": str(threads),
    }
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True, timeout=seconds + 30).stdout
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = children_after.ru_utime + children_after.ru_stime - children_before.ru_utime - children_before.ru_stime
    line = next(line for line in output.splitlines() if line.startswith("BENCH_RESULT "))
    raw = json.loads(line.removeprefix("BENCH_RESULT "))
    seconds_measured = raw["duration_us"] / 1e6
    return {
        "mode": mode,
        "connections": connections,
        "seconds": round(seconds_measured, 1),
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds_measured, 1),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "errors": raw["non_2xx"] + raw["connect_errors"] + raw["read_errors"] + raw["write_errors"] + raw["timeouts"],
        "wrk_cpu_ms_per_request": round(wrk_cpu * 1000 / max(1, raw["requests"]), 3),
    }


class CpuMeter:
    """CPU of the web server's processes and of the database's backends, per request of a run."""

    def __init__(self, server_pid: int, database: BenchDatabase, stack: ExitStack):
        self.server_pid = server_pid
        admin_url, self.database_name = _postgres_target(database.url)
        self.postgres = stack.enter_context(psycopg.connect(admin_url, autocommit=True))
        self.sampler = cpu.CpuSampler(self.read)

    def read(self) -> dict[str, dict[int, float]]:
        backends = cpu.postgres_backends(self.postgres, self.database_name)
        return {"server": cpu.cpu_seconds(cpu.process_tree(self.server_pid)), "db": cpu.cpu_seconds(backends)}

    @staticmethod
    def per_request(spent: dict[str, float], requests: int) -> dict[str, float]:
        return {
            "server_cpu_ms_per_request": round(spent.get("server", 0.0) * 1000 / max(1, requests), 3),
            "db_cpu_ms_per_request": round(spent.get("db", 0.0) * 1000 / max(1, requests), 3),
        }


def _postgres_target(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql", path="/postgres")), parts.path.lstrip("/")


def measure(
    database: BenchDatabase,
    users: Sequence[dict[str, Any]],
    *,
    levels: Sequence[int],
    seconds: int,
    server_args: Sequence[str] = PRODUCTION_SERVER,
) -> dict[str, Any]:
    ensure_wrk()
    fixtures = write_fixtures(users)
    port = free_port()
    base_url = f"http://{LOOPBACK}:{port}"
    command = [sys.executable, "-m", "gunicorn", *server_args, "--bind", f"{LOOPBACK}:{port}"]
    runs = []
    with (
        ExitStack() as stack,
        serving(command, port=port, env=database.env(), log_name=f"gunicorn-{database.label}") as server,
    ):
        _check_authenticated_list(base_url, users[0]["token"])
        # Warm every worker (imports, connections, caches) before anything is recorded.
        run_wrk(base_url, mode="list", connections=max(levels), seconds=3, fixtures=fixtures)
        meter = CpuMeter(server.pid, database, stack)
        for mode in MODES:
            start = 0
            for connections in levels:
                with meter.sampler.span() as spent:
                    run = run_wrk(
                        base_url, mode=mode, connections=connections, seconds=seconds, fixtures=fixtures, start=start
                    )
                runs.append(run | meter.per_request(spent, run["requests"]))
                # Past every request number this run may have sent (in-flight ones included).
                start += run["requests"] + 2 * connections
                print(
                    f"  rest {mode} c={connections}: {runs[-1]['rps']} rps, p95 {runs[-1]['p95_ms']} ms, "
                    f"CPU ms/request: server {runs[-1]['server_cpu_ms_per_request']}, "
                    f"db {runs[-1]['db_cpu_ms_per_request']}, wrk {runs[-1]['wrk_cpu_ms_per_request']}",
                    file=sys.stderr,
                )
    server = "gunicorn " + shlex.join([*server_args, "--bind", f"{LOOPBACK}:PORT"])
    return {"server": server, "users": len(users), "runs": runs}


def measure_scale(
    database: BenchDatabase,
    users: Sequence[dict[str, Any]],
    *,
    workers: Sequence[int] = (1, 2, 4),
    connections: int = 32,
    seconds: int,
) -> dict[str, Any]:
    """The task list's throughput as worker processes are added, against one database (the scale-out story).

    Each worker count gets a fresh gunicorn, warmed, then one wrk run with
    enough connections to keep every worker busy.
    """
    ensure_wrk()
    fixtures = write_fixtures(users)
    runs = []
    for count in workers:
        port = free_port()
        base_url = f"http://{LOOPBACK}:{port}"
        args = [*PRODUCTION_SERVER[:-1], str(count)]
        command = [sys.executable, "-m", "gunicorn", *args, "--bind", f"{LOOPBACK}:{port}"]
        with (
            ExitStack() as stack,
            serving(command, port=port, env=database.env(), log_name=f"gunicorn-scale-{count}") as server,
        ):
            _check_authenticated_list(base_url, users[0]["token"])
            run_wrk(base_url, mode="list", connections=connections, seconds=3, fixtures=fixtures)
            meter = CpuMeter(server.pid, database, stack)
            with meter.sampler.span() as spent:
                run = run_wrk(base_url, mode="list", connections=connections, seconds=seconds, fixtures=fixtures)
            runs.append({"workers": count, **run, **meter.per_request(spent, run["requests"])})
        print(f"  scale list workers={count}: {runs[-1]['rps']} rps, p95 {runs[-1]['p95_ms']} ms", file=sys.stderr)
    return {"connections": connections, "cores": os.cpu_count(), "runs": runs}


PEER_SERVER = ("bench.peer.app:app", "--worker-class", "uvicorn_worker.UvicornWorker", "--workers", "4")
"""The peer's REST app as its stack deploys it: gunicorn with 4 uvicorn workers, like ours."""


def measure_peer(
    database: BenchDatabase,
    users: Sequence[dict[str, Any]],
    *,
    peer_python: str,
    connections: int = 16,
    seconds: int,
    turns: int = 3,
) -> dict[str, Any]:
    """GET /api/tasks/ on our server and on the peer's, both up, loaded in turn (ours, peer, ours, …).

    Each side gets ``turns`` runs; the table shows the median run of each, so a
    noisy moment on the machine falls on one run, not on one side.
    """
    ensure_wrk()
    fixtures = write_fixtures(users)
    ports = {"project": free_port(), "peer": free_port()}
    commands = {
        "project": [sys.executable, "-m", "gunicorn", *PRODUCTION_SERVER, "--bind", f"{LOOPBACK}:{ports['project']}"],
        "peer": [peer_python, "-m", "gunicorn", *PEER_SERVER, "--bind", f"{LOOPBACK}:{ports['peer']}"],
    }
    runs: dict[str, list[dict[str, Any]]] = {"project": [], "peer": []}
    with (
        ExitStack() as stack,
        serving(commands["project"], port=ports["project"], env=database.env(), log_name="gunicorn-side") as ours,
        serving(commands["peer"], port=ports["peer"], env=database.env(), log_name="gunicorn-peer") as peer,
    ):
        servers = {"project": ours, "peer": peer}
        meters = {}
        for side, port in ports.items():
            url = f"http://{LOOPBACK}:{port}"
            _check_authenticated_list(url, users[0]["token"])
            run_wrk(url, mode="list", connections=connections, seconds=3, fixtures=fixtures)
            meters[side] = CpuMeter(servers[side].pid, database, stack)
        for _ in range(turns):
            for side, port in ports.items():
                with meters[side].sampler.span() as spent:
                    run = run_wrk(
                        f"http://{LOOPBACK}:{port}",
                        mode="list",
                        connections=connections,
                        seconds=seconds,
                        fixtures=fixtures,
                    )
                runs[side].append(run | meters[side].per_request(spent, run["requests"]))
                print(f"  side by side {side}: {run['rps']} rps, p99 {run['p99_ms']} ms", file=sys.stderr)
    median = {
        side: sorted(side_runs, key=lambda run: run["rps"])[len(side_runs) // 2] for side, side_runs in runs.items()
    }
    return {
        "connections": connections,
        "turns": turns,
        "project": median["project"],
        "peer": median["peer"],
        "all_runs": runs,
        "peer_server": "gunicorn " + shlex.join([*PEER_SERVER, "--bind", f"{LOOPBACK}:PORT"]),
    }
