"""Reader pages side by side with nginx serving a static copy: one interleaved wrk run (issue 10).

Run from the project root (bench/reader_bench.sh installs nginx and wrk first):

    .venv/bin/python bench/reader_bench.py [--seconds 3] [--rounds 3] [--databases sqlite,postgresql]

For each database (SQLite in a temporary folder; PostgreSQL in a database of its own,
reader_bench_<pid>, created on READER_BENCH_POSTGRES and dropped at the end) it migrates, seeds the
demo newsroom and 1,000 archive stories (bench/seed_archive.py), then starts the production stack,
deploy/serve.py (nginx with its micro-cache, gunicorn with 2 sync workers on a loopback port, a
db_worker, DEBUG off), plus a second nginx with the same configuration but the micro-cache off.
The story page is the first published demo story (lead photo, bylines, quotes, notes, related
stories); a third nginx serves it saved as a static file, without keep-alive: the physical limit
for that page on this machine. A bare WSGI app under the same gunicorn (2 sync workers) serves the
same saved page: the floor under anything gunicorn answers, Django or not.

Every target is loaded by wrk (2 threads × 16 connections) for --seconds, once per round; each
round runs every target in a rotated order, so machine drift hits all targets alike. Targets:

- uncached: the request carries an alerts cookie that is not a valid subscription, so neither the
  micro-cache nor the app's page cache serves it (both skip readers with that cookie) and the view
  renders the page for an anonymous reader: a real render, measured without touching any setting;
- app cache: anonymous, from the app's page cache (gunicorn directly, or nginx without micro-cache);
- micro-cache: anonymous through the production nginx, its micro-cache answering.

After each target the bench waits until every gunicorn has worked off the requests wrk left queued,
and gunicorn's max_requests recycling is off (GUNICORN_CMD_ARGS), so no target pays for another's
requests or for worker restarts.

It prints req/s and p99 latency (medians over the rounds), non-2xx responses and socket errors
(summed), the ratio to the static baseline, each gunicorn worker's peak RSS (VmHWM and VmRSS sampled
from /proc every 0.2 s through the run) and the issue's targets with
PASS or MISS. A missed target is a measurement, not a failure: the exit status is 0 unless a server
fails to start or wrk fails. Ctrl-C or SIGTERM stops and removes everything it started.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from serve_upload_bench import ROOT, MemorySampler, Stack, free_port, load_serve_module

THREADS, CONNECTIONS = 2, 16
STORIES = 1000
WORKERS = 2
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
# An alerts cookie that is not a valid subscription: the caches skip the request, the page is the
# anonymous one (articles/alerts/cookies.py checks the signature and finds none).
UNCACHED = ("Cookie", "newsroom_alerts=reader-bench")
TARGET_WORKER_PEAK_MIB = 80

STATIC_NGINX = """\
{user}worker_processes 2;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{
    worker_connections 512;
}}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 0;
    server {{
        listen 127.0.0.1:{port};
        root {folder}/root;
        default_type text/html;
    }}
}}
"""


def say(message: str) -> None:
    print(message, flush=True)


# Servers ------------------------------------------------------------------------------------


class BenchStack(Stack):
    """deploy/serve.py on one database, gunicorn on a loopback port (wrk cannot use a Unix socket)."""

    def __init__(self, var: Path, *, database: str, database_url: str):
        self.app_port = free_port()
        super().__init__(var, extra_arguments=("--app-port", str(self.app_port)))
        self.database, self.database_url = database, database_url
        self.gunicorn = f"http://127.0.0.1:{self.app_port}"

    def environment(self) -> dict[str, str]:
        return {
            **super().environment(),
            "DATABASE_URL": self.database_url,
            "WEB_CONCURRENCY": str(WORKERS),
            # No recycling after max_requests: at hundreds of requests a second each worker would
            # restart every few seconds, and a restart (a fresh Django import) stalls it for seconds
            # here, which measures the restarts instead of the pages. Peak RSS is then the worst case.
            "GUNICORN_CMD_ARGS": "--max-requests 0",
        }

    def full_environment(self) -> dict[str, str]:
        """What serve.py gives its own commands (settings, media, cache), for the seed run beforehand."""
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(self.environment())
        try:
            return load_serve_module().stack_environment(self.var)
        finally:
            os.environ.clear()
            os.environ.update(saved)

    def seed(self) -> None:
        """Migrate, seed the demo newsroom and the archive; serve.py then finds them seeded."""
        self.var.mkdir(parents=True, exist_ok=True)
        environment = self.full_environment()
        with (self.var / "seed.log").open("w") as log:
            for command in (
                ["manage.py", "migrate", "--no-input", "--verbosity", "0"],
                ["bench/seed_archive.py", "--stories", str(STORIES)],
            ):
                result = subprocess.run(
                    [sys.executable, *command],
                    cwd=ROOT,
                    env=environment,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
                if result.returncode:
                    raise SystemExit(
                        f"{' '.join(command)} failed:\n{(self.var / 'seed.log').read_text()[-3000:]}"
                    )


class LocalServer:
    """A server process of the bench's own, in its own session so it is stopped by process group."""

    def __init__(self, folder: Path, port: int, command: list[str], log_name: str = "output.log"):
        self.folder, self.port, self.command = folder, port, command
        self.address = f"http://127.0.0.1:{port}"
        self.log_path = folder / log_name  # what error_log() shows when the server fails
        folder.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None

    def check(self) -> None:
        """Refuse to start a broken configuration (nginx -t); nothing to check by default."""

    def start(self, probe: str = "/") -> None:
        self.check()
        with (self.folder / "output.log").open("ab") as log:
            self.process = subprocess.Popen(self.command, start_new_session=True, stdout=log, stderr=log)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.address + probe, timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{self.command[0]} did not answer on {self.address}:\n{self.error_log()}")
            time.sleep(0.2)

    def error_log(self) -> str:
        return self.log_path.read_text()[-2000:] if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Nginx(LocalServer):
    """A private nginx from a configuration text."""

    def __init__(self, folder: Path, configuration: str, port: int):
        command = [
            NGINX,
            "-p",
            str(folder),
            "-e",
            str(folder / "error.log"),
            "-c",
            str(folder / "nginx.conf"),
        ]
        super().__init__(folder, port, command, "error.log")
        (folder / "nginx.conf").write_text(configuration)

    def check(self) -> None:
        subprocess.run([*self.command, "-t", "-q"], check=True)


# The floor under every page gunicorn serves: the saved story from a WSGI app that does nothing else.
BARE_WSGI = """\
import os

PAGE = open(os.environ["BARE_WSGI_PAGE"], "rb").read()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(PAGE)))]


def app(environ, start_response):
    start_response("200 OK", HEADERS)
    return [PAGE]
"""


class BareGunicorn(LocalServer):
    """gunicorn as the stacks run it (sync workers, no recycling, no access log) around BARE_WSGI."""

    def __init__(self, folder: Path, page: bytes):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "story.html").write_bytes(page)
        (folder / "bare_wsgi.py").write_text(BARE_WSGI)
        port = free_port()
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        command = [gunicorn, "--chdir", str(folder), "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"]
        super().__init__(folder, port, [*command, "--max-requests", "0", "bare_wsgi:app"])

    def start(self, probe: str = "/") -> None:
        os.environ["BARE_WSGI_PAGE"] = str(self.folder / "story.html")
        super().start(probe)


def nginx_without_micro_cache(stack: Stack) -> Nginx:
    """The stack's own nginx.conf (same upstream, same rules) on another port, micro-cache off."""
    first = stack.var / "nginx"
    folder = stack.var / "nginx-no-micro-cache"
    port = free_port()
    text = (first / "nginx.conf").read_text()
    replacements = {
        f"listen 127.0.0.1:{stack.port};": f"listen 127.0.0.1:{port};",
        "proxy_cache newsroom_pages;": "proxy_cache off;",
    }
    for old, new in replacements.items():
        if old not in text:
            raise SystemExit(
                f"serve.py's nginx.conf no longer contains {old!r}; update bench/reader_bench.py."
            )
        text = text.replace(old, new)
    return Nginx(folder, text.replace(str(first), str(folder)), port)


def static_nginx(folder: Path, page: bytes) -> Nginx:
    (folder / "root").mkdir(parents=True)
    (folder / "root" / "story.html").write_bytes(page)
    port = free_port()
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root, stay root so it can read the temp folder
    return Nginx(folder, STATIC_NGINX.format(user=user, folder=folder, port=port), port)


# PostgreSQL ---------------------------------------------------------------------------------


class PostgresDatabase:
    """A database of the bench's own on the server READER_BENCH_POSTGRES points at, dropped at the end."""

    def __init__(self) -> None:
        server = os.environ.get("READER_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
        self.server = urllib.parse.urlsplit(server)
        self.name = f"reader_bench_{os.getpid()}"
        self.url = self.server._replace(path=f"/{self.name}").geturl()
        self.created = False

    def create(self) -> None:
        import psycopg

        try:
            with psycopg.connect(self.server.geturl(), autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{self.name}"')
        except psycopg.Error as error:
            raise SystemExit(
                f"PostgreSQL at {self.server.geturl()} refused the bench database: {error}"
            ) from error
        self.created = True

    def drop(self) -> None:
        if not self.created:
            return
        import psycopg

        with psycopg.connect(self.server.geturl(), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.created = False


# Load ---------------------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    goal: tuple[str, float] | None = None  # (label, minimum ratio to the static baseline)
    rates: list[float] = field(default_factory=list)
    p99s_ms: list[float] = field(default_factory=list)
    failures: int = 0

    @property
    def rate(self) -> float:
        return statistics.median(self.rates) if self.rates else 0.0

    @property
    def p99_ms(self) -> float:
        return statistics.median(self.p99s_ms) if self.p99s_ms else 0.0


def milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def load(target: Target, seconds: int, *, record: bool = True) -> None:
    command = [WRK, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    for name, value in target.headers:
        command += ["-H", f"{name}: {value}"]
    result = subprocess.run(
        [*command, target.url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    rate = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    p99 = re.search(r"^\s+99%\s+(\S+)", result.stdout, re.MULTILINE)
    if result.returncode or not rate or not p99:
        raise SystemExit(f"wrk failed on {target.name} ({target.url}):\n{result.stdout}")
    if not record:
        return
    target.rates.append(float(rate.group(1)))
    target.p99s_ms.append(milliseconds(p99.group(1)))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", result.stdout
    )
    target.failures += int(non_2xx.group(1)) if non_2xx else 0
    target.failures += sum(map(int, socket_errors.groups())) if socket_errors else 0


def drain(stacks: list[BenchStack]) -> None:
    """Wait until every gunicorn has answered what wrk left queued when it stopped, so the next target
    does not pay for the last one's requests: a sync worker still renders a request whose client left."""
    for stack in stacks:
        fetch(stack.gunicorn + "/healthz")


def stack_targets(stack: BenchStack, plain_nginx: Nginx, story: str) -> list[Target]:
    database = stack.database
    uncached = (UNCACHED,)
    targets = []
    for page, path, uncached_goal in (
        ("story", story, ("uncached story ≥ 1/30 of nginx", 1 / 30)),
        ("home", "/", ("uncached home ≥ 1/60 of nginx", 1 / 60)),
    ):
        cached_goal = ("cached story ≥ 0.5× nginx", 0.5) if page == "story" else None
        targets += [
            Target(f"{page} uncached, gunicorn, {database}", stack.gunicorn + path, uncached, uncached_goal),
            Target(
                f"{page} uncached, nginx stack, {database}", stack.address + path, uncached, uncached_goal
            ),
            Target(f"{page} app cache, gunicorn, {database}", stack.gunicorn + path, (), cached_goal),
            Target(
                f"{page} app cache, nginx (no micro-cache), {database}",
                plain_nginx.address + path,
                (),
                cached_goal,
            ),
            Target(f"{page} micro-cache, nginx stack, {database}", stack.address + path, (), cached_goal),
        ]
    return targets


# The run ------------------------------------------------------------------------------------


def fetch(url: str, headers: tuple[tuple[str, str], ...] = ()) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=dict(headers))
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, dict(response.headers), response.read()


def demo_story_slug() -> str:
    """The first published demo story: lead photo, bylines, quotes, notes and related stories."""
    sys.path.insert(0, str(ROOT))
    from articles.demo.content import STORIES as DEMO_STORIES  # plain data, no Django needed

    return next(story.slug for story in DEMO_STORIES if story.published_ago is not None)


def check_pages(stack: BenchStack, story: str) -> None:
    """Each way in answers as the bench assumes: the uncached request renders, the cached ones are cached."""
    _, uncached, _ = fetch(stack.gunicorn + story, (UNCACHED,))
    fetch(stack.address + story)
    _, micro, _ = fetch(stack.address + story)
    if "public" in uncached.get("Cache-Control", "") or micro.get("X-Cache-Status") != "HIT":
        raise SystemExit(
            f"The caches do not behave as this bench assumes (uncached: {uncached.get('Cache-Control')!r}, "
            f"micro-cache: {micro.get('X-Cache-Status')!r}); update bench/reader_bench.py."
        )


def run(work: Path, options, started: list) -> None:
    stacks: list[BenchStack] = []
    for database in options.databases:
        if database == "postgresql":
            postgres = PostgresDatabase()
            started.append(postgres)
            postgres.create()
            url = postgres.url
        else:
            url = f"sqlite:///{work / database / 'var' / 'bench.sqlite3'}"
        stacks.append(BenchStack(work / database / "var", database=database, database_url=url))

    for stack in stacks:
        say(f"Seeding {stack.database}: migrate, the demo newsroom and {STORIES} archive stories …")
        begun = time.monotonic()
        stack.seed()
        say(f"  seeded in {time.monotonic() - begun:.0f} s")
    plain: dict[str, Nginx] = {}
    for stack in stacks:
        say(f"Starting deploy/serve.py on {stack.database} …")
        started.append(stack)
        say(f"  up in {stack.start():.0f} s: nginx {stack.address}, gunicorn {stack.gunicorn}")
        plain[stack.database] = nginx_without_micro_cache(stack)
        started.append(plain[stack.database])
        plain[stack.database].start(probe="/healthz")

    story = f"/stories/{demo_story_slug()}/"
    _, _, page = fetch(stacks[0].gunicorn + story, (UNCACHED,))
    baseline_server = static_nginx(work / "static-nginx", page)
    started.append(baseline_server)
    baseline_server.start(probe="/story.html")
    floor_server = BareGunicorn(work / "bare-gunicorn", page)
    started.append(floor_server)
    floor_server.start()
    for stack in stacks:
        check_pages(stack, story)

    baseline = Target(
        "nginx, static copy of the story, no keep-alive",
        baseline_server.address + "/story.html",
        (("Connection", "close"),),
    )
    floor = Target("gunicorn floor: the saved story, bare WSGI app", floor_server.address + "/", ())
    targets = [baseline, floor] + [
        target for stack in stacks for target in stack_targets(stack, plain[stack.database], story)
    ]
    samplers = [MemorySampler(stack) for stack in stacks]
    for sampler in samplers:
        sampler.start()

    say(
        f"\nStory page {story} ({len(page) / 1024:.0f} KiB). wrk {THREADS} threads × {CONNECTIONS} "
        f"connections, {options.seconds} s per target, {options.rounds} interleaved rounds, "
        f"{len(targets)} targets."
    )
    say("Warming up every target (1 s each, not counted) …")
    for target in targets:
        load(target, 1, record=False)
        drain(stacks)
    for round_number in range(options.rounds):
        shift = round_number * len(targets) // options.rounds
        order = targets[shift:] + targets[:shift]
        say(f"Round {round_number + 1} of {options.rounds} …")
        for target in order:
            load(target, options.seconds)
            drain(stacks)
    for sampler in samplers:
        sampler.stopped.set()
        sampler.join()
        sampler.sample()
    report(targets, baseline, stacks, samplers)


def report(
    targets: list[Target], baseline: Target, stacks: list[BenchStack], samplers: list[MemorySampler]
) -> None:
    width = max(len(target.name) for target in targets)
    say(f"\n{'target':<{width}}  {'req/s':>9}  {'p99 ms':>8}  {'non-2xx':>7}  {'× nginx':>8}  target")
    goals: dict[str, list[tuple[float, Target]]] = {}
    for target in targets:
        ratio = target.rate / baseline.rate if baseline.rate else 0.0
        verdict = ""
        if target.goal:
            label, minimum = target.goal
            goals.setdefault(label, []).append((minimum, target))
            verdict = f"{'PASS' if ratio >= minimum else 'MISS'} (≥ {minimum:.3g})"
        say(
            f"{target.name:<{width}}  {target.rate:9.1f}  {target.p99_ms:8.1f}  {target.failures:7d}  "
            f"{ratio:8.4f}  {verdict}"
        )

    say("\nWorker peak RSS (each gunicorn worker's VmHWM and VmRSS, sampled through the whole run):")
    peaks = []
    for stack, sampler in zip(stacks, samplers, strict=True):
        workers = sampler.peak_kib["gunicorn"]
        peak = sampler.peak_mib("gunicorn")
        peaks.append(peak)
        say(f"  {stack.database}: {peak:.1f} MiB at most, over {len(workers)} worker processes")

    say("\nIssue 10's targets (this run):")
    for label, rows in goals.items():
        worst_minimum, worst = min(
            rows, key=lambda row: row[1].rate / baseline.rate / row[0] if baseline.rate else 0
        )
        ratio = worst.rate / baseline.rate if baseline.rate else 0.0
        passed = (
            all(target.rate / baseline.rate >= minimum for minimum, target in rows)
            if baseline.rate
            else False
        )
        say(f"  {'PASS' if passed else 'MISS'}  {label}: lowest {ratio:.4f} ({worst.name})")
    failures = sum(target.failures for target in targets)
    say(
        f"  {'PASS' if failures == 0 else 'MISS'}  zero non-2xx: {failures} non-2xx responses or "
        "socket errors"
    )
    peak = max(peaks, default=0.0)
    say(
        f"  {'PASS' if peak <= TARGET_WORKER_PEAK_MIB else 'MISS'}  worker peak RSS "
        f"≤ {TARGET_WORKER_PEAK_MIB} MiB: {peak:.1f} MiB"
    )
    say(f"\nmachine: {os.cpu_count()} cores, load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=3, help="seconds per target and round (default 3)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument(
        "--databases",
        default="sqlite,postgresql",
        type=lambda value: [name.strip() for name in value.split(",") if name.strip()],
        help="comma-separated: sqlite, postgresql (default both)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, var folders)")
    options = parser.parse_args()
    if not set(options.databases) <= {"sqlite", "postgresql"} or not options.databases:
        parser.error("--databases takes sqlite, postgresql or both")
    for program in (NGINX, WRK):
        if not Path(program).exists():
            parser.error(f"{program} is missing: run bench/reader_bench.sh (it installs nginx and wrk)")

    def terminate(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with SIGINT ignored
    work = Path(tempfile.mkdtemp(prefix="newsroom-reader-bench-"))
    started: list = []  # everything to stop or drop, in start order
    try:
        run(work, options, started)
    except KeyboardInterrupt:
        say("\nInterrupted; stopping everything the bench started …")
        sys.exit(130)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for stack in started:
            if isinstance(stack, BenchStack) and stack.process and stack.process.poll() is not None:
                say(f"deploy/serve.py on {stack.database} had stopped; its log ends:")
                say(stack.log_path.read_text()[-3000:])
        for thing in reversed(started):
            try:
                if isinstance(thing, PostgresDatabase):
                    thing.drop()
                else:
                    thing.stop()
            except Exception as error:  # clean up the rest whatever one says
                say(f"Cleaning up {thing!r} failed: {error}")
        if options.keep:
            say(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
