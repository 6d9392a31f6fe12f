"""Upload 50 photos of 24 megapixels through the production stack and time them to "renditions ready".

Run from the project root:  .venv/bin/python bench/serve_upload_bench.py [--photos 50] [--keep]

Starts deploy/serve.py (nginx + gunicorn + one db_worker, DEBUG off) with its own temporary
var folder and SQLite database (or DATABASE_URL when set), logs in as the demo photo desk and
posts the JPEGs to the batch-upload endpoint with three uploads in flight, as the browser page
does. The clock starts with the first upload and stops when the last photo's renditions are
ready (or failed) in the database, so the figure is the desk's real wait: upload, ingest and
every production rendition made by the worker. Meanwhile the memory of the gunicorn workers
and of the db_worker is sampled from /proc every 0.2 s. The source JPEGs are drawn
beforehand, in child processes, and are not timed.
"""

import argparse
import concurrent.futures
import http.cookiejar
import importlib.util
import json
import multiprocessing
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 6000, 4000
PASSWORD = "newsroom-demo"
STARTUP_SECONDS = 600
RENDITIONS_TIMEOUT_SECONDS = 1800
TARGET_SECONDS_PER_PHOTO = 1.0
TARGET_WORKER_PEAK_MIB = 300


# Source photos ------------------------------------------------------------------------------


def draw_photo(path: Path, seed: int) -> None:
    """A 24 MP camera-like JPEG: a painted scene of its own (seeded), blurred, with sensor grain."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    image = Image.linear_gradient("L").rotate(rng.randrange(360)).resize((WIDTH, HEIGHT)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(-500, WIDTH), rng.randrange(-500, HEIGHT)
        w, h = rng.randrange(200, 3000), rng.randrange(200, 2500)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)((x, y, x + w, y + h), fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(2))
    grain = Image.effect_noise((WIDTH, HEIGHT), 48).convert("RGB")
    Image.blend(image, grain, 0.12).save(path, format="JPEG", quality=90)


def draw_sources(folder: Path, count: int) -> list[Path]:
    paths = [folder / f"desk-{number:03}.jpg" for number in range(count)]
    context = multiprocessing.get_context("spawn")
    with context.Pool(min(count, os.cpu_count() or 1)) as pool:
        pool.starmap(draw_photo, [(path, 1000 + number) for number, path in enumerate(paths)])
    return paths


# The stack ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load_serve_module():
    """deploy/serve.py as a module, for its stack_environment() (the exact env of the stack)."""
    spec = importlib.util.spec_from_file_location("newsroom_serve", ROOT / "deploy" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Stack:
    """deploy/serve.py in its own session (process group), started and stopped as the deploy tests do."""

    def __init__(self, var: Path, *, extra_arguments: tuple[str, ...] = ()):
        self.var = var
        self.port = free_port()
        self.address = f"http://127.0.0.1:{self.port}"
        self.log_path = var / "serve.log"
        self.extra_arguments = extra_arguments
        self.process: subprocess.Popen | None = None

    def environment(self) -> dict[str, str]:
        # Without DATABASE_URL, serve.py puts its SQLite file in the var folder.
        return {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}

    def start(self) -> float:
        started_at = time.monotonic()
        self.var.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "deploy/serve.py",
                    "--port",
                    str(self.port),
                    "--var",
                    str(self.var),
                    *self.extra_arguments,
                ],
                cwd=ROOT,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        while "is up on" not in self.log_path.read_text():
            if self.process.poll() is not None:
                raise SystemExit(f"deploy/serve.py exited:\n{self.log_path.read_text()[-3000:]}")
            if time.monotonic() - started_at > STARTUP_SECONDS:
                raise SystemExit(f"The stack did not come up within {STARTUP_SECONDS} s.")
            time.sleep(0.5)
        return time.monotonic() - started_at

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def processes(self) -> dict[int, tuple[int, str]]:
        """pid → (parent pid, command line) for every live process of the stack's process group."""
        found = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                # Fields after the command name, which sits in parentheses and may hold spaces.
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[2]) != self.process.pid:
                    continue
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
            except (OSError, IndexError, ValueError):
                continue
            found[int(entry.name)] = (int(fields[1]), command)
        return found

    def gunicorn_workers(self) -> list[int]:
        """The sync workers: gunicorn processes whose parent is a gunicorn master."""
        processes = self.processes()
        return [
            pid
            for pid, (parent, command) in processes.items()
            if "gunicorn" in command and "gunicorn" in processes.get(parent, (0, ""))[1]
        ]

    def task_workers(self) -> list[int]:
        return [pid for pid, (_, command) in self.processes().items() if "db_worker" in command]


def memory_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of one process in KiB; (0, 0) once it has gone."""
    values = {"VmRSS": 0, "VmHWM": 0}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in values:
                values[name] = int(value.split()[0])
    except OSError:
        pass
    return values["VmRSS"], values["VmHWM"]


class MemorySampler(threading.Thread):
    """Every 0.2 s: each gunicorn worker's and the db_worker's peak RSS, and the workers' summed RSS."""

    def __init__(self, stack: Stack):
        super().__init__(daemon=True)
        self.stack = stack
        self.stopped = threading.Event()
        self.peak_kib: dict[str, dict[int, int]] = {"gunicorn": {}, "db_worker": {}}
        self.peak_gunicorn_total_kib = 0

    def sample(self) -> None:
        total = 0
        for kind, pids in (
            ("gunicorn", self.stack.gunicorn_workers()),
            ("db_worker", self.stack.task_workers()),
        ):
            for pid in pids:
                rss, hwm = memory_kib(pid)
                peaks = self.peak_kib[kind]
                peaks[pid] = max(peaks.get(pid, 0), rss, hwm)
                if kind == "gunicorn":
                    total += rss
        self.peak_gunicorn_total_kib = max(self.peak_gunicorn_total_kib, total)

    def run(self) -> None:
        while not self.stopped.wait(0.2):
            self.sample()

    def peak_mib(self, kind: str) -> float:
        return max(self.peak_kib[kind].values(), default=0) / 1024


# The desk -----------------------------------------------------------------------------------


class Client:
    """One browser session: cookie jar (Secure cookies sent over loopback HTTP) and no redirects."""

    def __init__(self, address: str):
        self.address = address
        self.cookies = http.cookiejar.CookieJar(
            http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        )

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def request(
        self, method: str, path: str, *, data: bytes | None = None, headers=None
    ) -> tuple[int, bytes]:
        request = urllib.request.Request(self.address + path, data=data, method=method, headers=headers or {})
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def csrf_token(self) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def login(self, username: str) -> None:
        self.request("GET", "/admin/login/")
        fields = {
            "csrfmiddlewaretoken": self.csrf_token(),
            "username": username,
            "password": PASSWORD,
            "next": "/admin/",
        }
        status, body = self.request(
            "POST",
            "/admin/login/?next=/admin/",
            data=urllib.parse.urlencode(fields).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.address,
                "Referer": self.address + "/admin/login/",
            },
        )
        if status != 302:
            raise SystemExit(f"Logging in as {username} answered {status}: {body[:500]!r}")

    def upload(self, path: Path) -> tuple[int, dict]:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
                "Content-Type: image/jpeg\r\n\r\n"
            ).encode()
            + path.read_bytes()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        status, answer = self.request(
            "POST",
            "/admin/photos/photo/batch-upload/file/",
            data=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-CSRFToken": self.csrf_token(),
                "Origin": self.address,
                "Referer": self.address + "/admin/photos/photo/batch-upload/",
            },
        )
        try:
            return status, json.loads(answer)
        except ValueError:
            return status, {"body": answer[:300].decode(errors="replace")}


def photo_states(photo_ids: list[int]) -> dict[int, tuple[str, str]]:
    """photo id → (renditions_status, renditions_error), read straight from the stack's database."""
    from articles.photos.models import Photo

    rows = Photo.objects.filter(pk__in=photo_ids).values_list("pk", "renditions_status", "renditions_error")
    return {pk: (status, error) for pk, status, error in rows}


def setup_django(stack: Stack) -> None:
    """Django in this process with the stack's own environment, only to read photo states."""
    os.environ.update(load_serve_module().stack_environment(stack.var))
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="Keep the work folder (var dir, sources, logs).")
    arguments = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsroom-serve-bench-"))
    stack = Stack(work / "var")
    try:
        run(work, stack, arguments.photos)
    finally:
        stack.stop()
        if arguments.keep:
            print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(work: Path, stack: Stack, count: int) -> None:
    sources = work / "sources"
    sources.mkdir()
    print(f"Drawing {count} source photos of {WIDTH}×{HEIGHT} in {sources} …", flush=True)
    drawing_started = time.monotonic()
    paths = draw_sources(sources, count)
    size_mib = statistics.mean(path.stat().st_size for path in paths) / 2**20
    print(
        f"  drawn in {time.monotonic() - drawing_started:.0f} s, {size_mib:.1f} MiB JPEG on average",
        flush=True,
    )

    database = os.environ.get("DATABASE_URL", "sqlite://").split("://")[0]
    print(f"Starting deploy/serve.py ({database}) …", flush=True)
    print(f"  up in {stack.start():.0f} s on {stack.address}", flush=True)
    setup_django(stack)
    sampler = MemorySampler(stack)
    sampler.sample()
    idle_worker_mib, idle_task_mib = sampler.peak_mib("gunicorn"), sampler.peak_mib("db_worker")
    sampler.start()

    desk = Client(stack.address)
    desk.login("photodesk")
    desk.request("GET", "/admin/photos/photo/batch-upload/")

    started = time.monotonic()
    upload_seconds = []

    def timed_upload(path: Path) -> tuple[int, dict]:
        begun = time.monotonic()
        answer = desk.upload(path)
        upload_seconds.append(time.monotonic() - begun)
        return answer

    with concurrent.futures.ThreadPoolExecutor(3) as uploads:
        answers = list(uploads.map(timed_upload, paths))
    uploaded_at = time.monotonic()

    statuses: dict[int, int] = {}
    for status, _ in answers:
        statuses[status] = statuses.get(status, 0) + 1
    photo_ids = [answer["photo"]["id"] for status, answer in answers if status == 201]
    problems = [(status, answer) for status, answer in answers if status != 201]

    states: dict[int, tuple[str, str]] = {}
    deadline = time.monotonic() + RENDITIONS_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        states = photo_states(photo_ids)
        if all(status != "pending" for status, _ in states.values()) and len(states) == len(photo_ids):
            break
        time.sleep(0.2)
    finished = time.monotonic()
    sampler.stopped.set()
    sampler.join()
    sampler.sample()

    total = finished - started
    ready = sum(1 for status, _ in states.values() if status == "ready")
    failed = {pk: error for pk, (status, error) in states.items() if status == "failed"}
    pending = sorted(pk for pk, (status, _) in states.items() if status == "pending")
    from articles.photos.models import Rendition

    renditions = Rendition.objects.filter(photo_id__in=photo_ids).count()

    print()
    print(
        f"photos: {count} of {WIDTH}×{HEIGHT} ({WIDTH * HEIGHT / 1e6:.0f} MP, "
        f"{size_mib:.1f} MiB JPEG on average)"
    )
    print(f"upload responses: {dict(sorted(statuses.items()))}")
    for status, answer in problems[:5]:
        print(f"  {status}: {json.dumps(answer)[:300]}")
    print(
        f"uploads (three in flight): all answered after {uploaded_at - started:.1f} s; "
        f"per request mean {statistics.mean(upload_seconds):.2f} s, max {max(upload_seconds):.2f} s"
    )
    print(
        f"renditions: {ready} photos ready, {len(failed)} failed, {len(pending)} still pending; "
        f"{renditions} renditions ({renditions / max(ready, 1):.0f} per photo)"
    )
    for pk, error in list(failed.items())[:5]:
        print(f"  failed photo {pk}: {error}")
    print(
        f"end to end (first upload → last rendition ready): {total:.1f} s, "
        f"{total / count:.2f} s per photo; target {TARGET_SECONDS_PER_PHOTO:.1f} s per photo on 2 cores"
    )
    workers = len(sampler.peak_kib["gunicorn"])
    print(
        f"peak RSS of a gunicorn worker: {sampler.peak_mib('gunicorn'):.0f} MiB "
        f"(idle {idle_worker_mib:.0f} MiB; {workers} workers seen, together at most "
        f"{sampler.peak_gunicorn_total_kib / 1024:.0f} MiB)"
    )
    print(
        f"peak RSS of the db_worker: {sampler.peak_mib('db_worker'):.0f} MiB (idle {idle_task_mib:.0f} MiB); "
        f"target: worker peak under {TARGET_WORKER_PEAK_MIB} MB"
    )
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
