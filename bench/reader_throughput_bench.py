"""Reader requests per second through nginx, with one app server group and with two.

Run from the project root:  .venv/bin/python bench/reader_throughput_bench.py [--seconds 10]

Starts deploy/serve.py (nginx + gunicorn + db_worker, DEBUG off, demo seeded) in a temporary
var folder, then starts a second gunicorn with the very same environment on its own socket
and a second private nginx whose upstream lists both sockets (its configuration is serve.py's
own, with only the upstream, port and folder changed). The home page and a story page are
loaded through each nginx with wrk (2 threads × 16 connections) when it is installed, else
with a Python thread pool of 16 keep-alive connections, and the requests per second of one
group and of two are printed with their ratio. Both groups run WEB_CONCURRENCY workers (the
gunicorn.conf.py default unless set). The load generator shares the machine with the stack.
"""

import argparse
import concurrent.futures
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from serve_upload_bench import ROOT, Stack, free_port, load_serve_module

THREADS, CONNECTIONS = 2, 16


class SecondGroup:
    """A second gunicorn (same env as the stack's) and a second nginx balancing over both sockets."""

    def __init__(self, stack: Stack):
        self.stack = stack
        self.port = free_port()
        self.address = f"http://127.0.0.1:{self.port}"
        self.nginx_dir = stack.var / "nginx-two"
        self.socket = stack.var / "gunicorn-2.sock"
        self.processes: list[subprocess.Popen] = []

    def start(self) -> None:
        serve = load_serve_module()
        var = self.stack.var
        environment = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(environment)
        try:
            environment = serve.stack_environment(var)
        finally:
            os.environ.clear()
            os.environ.update(saved)
        environment["GUNICORN_BIND"] = f"unix:{self.socket}"
        with (var / "gunicorn-2.log").open("w") as log:
            self.processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "newsroom.wsgi"],
                    cwd=ROOT,
                    env=environment,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        deadline = time.monotonic() + 60
        while not self.socket.exists():
            if self.processes[0].poll() is not None or time.monotonic() > deadline:
                raise SystemExit(
                    f"The second gunicorn did not start:\n{(var / 'gunicorn-2.log').read_text()}"
                )
            time.sleep(0.1)

        first_nginx = var / "nginx"
        text = (first_nginx / "nginx.conf").read_text()
        first_upstream = f"server unix:{var / 'gunicorn.sock'} "
        first_listen = f"listen 127.0.0.1:{self.stack.port};"
        for needle in (first_upstream, first_listen):
            if needle not in text:
                raise SystemExit(f"serve.py's nginx.conf no longer contains {needle!r}; update this bench.")
        text = text.replace(str(first_nginx), str(self.nginx_dir))
        text = text.replace(first_listen, f"listen 127.0.0.1:{self.port};")
        upstream_line = next(line for line in text.splitlines() if first_upstream in line)
        text = text.replace(
            upstream_line, upstream_line + "\n" + upstream_line.replace("gunicorn.sock", self.socket.name)
        )
        self.nginx_dir.mkdir()
        configuration = self.nginx_dir / "nginx.conf"
        configuration.write_text(text)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        command = [
            nginx,
            "-p",
            str(self.nginx_dir),
            "-e",
            str(self.nginx_dir / "error.log"),
            "-c",
            str(configuration),
        ]
        subprocess.run([*command, "-t", "-q"], check=True)
        self.processes.append(subprocess.Popen(command, start_new_session=True))
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.address + "/", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"The second nginx did not answer on {self.address}.")
            time.sleep(0.2)

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def load_with_wrk(url: str, seconds: int) -> tuple[float, str]:
    output = subprocess.run(
        [
            shutil.which("wrk"),
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            url,
        ],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    median = re.search(r"50%\s+(\S+)", output)
    notes = f"median latency {median.group(1) if median else '?'}"
    if errors:
        notes += f", {errors.group(1)} non-2xx/3xx responses"
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        notes += f", socket errors: {socket_errors.group(1)}"
    if not rate:
        notes += f"; wrk said:\n{output}"
    return rate, notes


def load_with_threads(url: str, seconds: int) -> tuple[float, str]:
    """The fallback client: CONNECTIONS threads, each one keep-alive connection, for `seconds`."""
    address = re.match(r"http://([^/]+)(/.*)", url)
    host, path = address.group(1), address.group(2)
    deadline = time.monotonic() + seconds

    def hammer() -> tuple[int, int]:
        done = bad = 0
        connection = http.client.HTTPConnection(host, timeout=30)
        while time.monotonic() < deadline:
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                bad += response.status >= 400
                done += 1
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(host, timeout=30)
                bad += 1
        connection.close()
        return done, bad

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(CONNECTIONS) as pool:
        results = list(pool.map(lambda _: hammer(), range(CONNECTIONS)))
    elapsed = time.monotonic() - started
    done, bad = sum(result[0] for result in results), sum(result[1] for result in results)
    return done / elapsed, f"{bad} failed or 4xx/5xx responses (Python client, {CONNECTIONS} connections)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="Duration of each load run.")
    parser.add_argument("--keep", action="store_true", help="Keep the work folder (var dir, logs).")
    arguments = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsroom-reader-bench-"))
    stack = Stack(work / "var")
    second = SecondGroup(stack)
    try:
        run(stack, second, arguments.seconds)
    finally:
        second.stop()
        stack.stop()
        if arguments.keep:
            print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(stack: Stack, second: SecondGroup, seconds: int) -> None:
    serve_help = subprocess.run(
        [sys.executable, "deploy/serve.py", "--help"], cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True
    ).stdout
    if "--app-servers" in serve_help:
        print("(serve.py now has --app-servers; this bench still starts its own second group.)")
    print("Starting deploy/serve.py …", flush=True)
    print(f"  up in {stack.start():.0f} s on {stack.address}", flush=True)
    second.start()
    print(f"  second gunicorn + nginx up on {second.address}", flush=True)

    with urllib.request.urlopen(stack.address + "/", timeout=30) as response:
        home = response.read().decode()
    story_path = re.search(r'href="(/stories/[^"/]+/)"', home).group(1)
    pages = {"home page": "/", f"story page {story_path}": story_path}

    load = load_with_wrk if shutil.which("wrk") else load_with_threads
    tool = f"wrk, {THREADS} threads × {CONNECTIONS} connections" if shutil.which("wrk") else "Python threads"
    workers = os.environ.get("WEB_CONCURRENCY", "gunicorn.conf.py default")
    print(f"\nLoad: {tool}, {seconds} s per run; workers per group: {workers}")
    for page, path in pages.items():
        load(stack.address + path, 2)  # warm-up: templates, connections, caches
        one, one_notes = load(stack.address + path, seconds)
        load(second.address + path, 2)
        two, two_notes = load(second.address + path, seconds)
        print(f"{page}:")
        print(f"  one app group : {one:8.1f} requests/s ({one_notes})")
        print(f"  two app groups: {two:8.1f} requests/s ({two_notes})")
        print(f"  ratio two/one : {two / one:.2f}" if one else "  ratio two/one : n/a")
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
