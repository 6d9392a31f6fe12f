"""A real database outage: gunicorn on a private PostgreSQL cluster, which is stopped and started again.

The shared PostgreSQL server is never touched: the drill runs `initdb` in a temporary folder,
serves it on a free port, and stops that postmaster by its PID. While it is down readers get
the pages they had seen from the page cache and the plain 503 page with Retry-After for any
other, the admin says nothing was saved (and nothing is), the
load balancer's /readyz fails while /healthz still answers; once the cluster is back the same
gunicorn serves again, without a restart.
"""

import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.deploy.ports import free_port
from tests.deploy.test_serve import PASSWORD, Client

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.deploy


def _postgres_binaries() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent  # Debian links initdb alone into /usr/local/bin
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return versions[-1].parent if versions else None


class PrivateCluster:
    """A throwaway PostgreSQL cluster; PostgreSQL refuses to run as root, so root runs it as `postgres`."""

    def __init__(self, folder: Path, binaries: Path):
        self.folder, self.binaries, self.port = folder, binaries, free_port()
        self.data, self.log = folder / "data", folder / "postgres.log"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *command: str) -> None:
        result = subprocess.run([*self.as_postgres, *command], capture_output=True, text=True)
        assert result.returncode == 0, f"{command[0]} failed: {result.stderr or result.stdout}"

    def create(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        self._run(str(self.binaries / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust")
        self.start()
        self._run(
            str(self.binaries / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "drill",
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        self._run(
            str(self.binaries / "pg_ctl"),
            "start",
            "-w",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
        )

    def pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().splitlines()[0])

    def stop(self) -> None:
        """Fast shutdown by PID, as a crash or a failover would cut the connections."""
        pid = self.pid()
        os.kill(pid, signal.SIGINT)
        deadline = time.monotonic() + 30
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(pid), "the private PostgreSQL did not stop"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/drill"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def private_cluster():
    binaries = _postgres_binaries()
    if binaries is None:
        pytest.fail("PostgreSQL's server binaries (initdb, pg_ctl) are not installed; .ci/run installs them")
    # pytest's temporary folders are private to their owner; the `postgres` account needs its own.
    cluster = PrivateCluster(Path(tempfile.mkdtemp(prefix="newsroom-outage-drill-")), binaries)
    try:
        cluster.create()
        yield cluster
    finally:
        if (cluster.data / "postmaster.pid").exists():
            cluster.stop()
        shutil.rmtree(cluster.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def drill_stack(private_cluster, tmp_path_factory):
    folder = tmp_path_factory.mktemp("outage-drill")
    sys.path.insert(0, str(BASE_DIR / "deploy"))
    try:
        import serve
    finally:
        sys.path.pop(0)
    environment = {
        **serve.stack_environment(folder),
        "DATABASE_URL": private_cluster.url,
        "NEWSROOM_DEMO": "false",
        "WEB_CONCURRENCY": "2",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    manage = [sys.executable, "manage.py"]
    for command in (("migrate",), ("collectstatic",)):
        subprocess.run(
            [*manage, *command, "--no-input", "-v", "0"], cwd=BASE_DIR, env=environment, check=True
        )
    subprocess.run(
        [*manage, "createsuperuser", "--no-input", "--username", "chief", "--email", "chief@example.org"],
        cwd=BASE_DIR,
        env=environment,
        check=True,
        capture_output=True,
    )
    port = free_port()
    log = folder / "gunicorn.log"
    with log.open("w") as log_file:
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "newsroom.wsgi"],
            cwd=BASE_DIR,
            env={**environment, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=subprocess.DEVNULL,
            stderr=log_file,
            start_new_session=True,
        )
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and gunicorn.poll() is None:
            try:
                urllib.request.urlopen(address + "/healthz", timeout=5)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        assert gunicorn.poll() is None, log.read_text()[-3000:]
        yield address, private_cluster, gunicorn, log
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)


def test_an_outage_answers_503_saves_nothing_and_recovers_without_a_restart(drill_stack):
    address, cluster, gunicorn, log = drill_stack
    reader, editor = Client(address), Client(address)
    assert reader.get("/").status == 200
    assert reader.get("/readyz").status == 200
    editor.login("chief")
    editor.get("/admin/stories/section/add/")
    token = editor.csrf_token()
    section = {"csrfmiddlewaretoken": token, "name": "Weather", "slug": "weather", "position": "7"}

    cluster.stop()
    try:
        # A page readers had seen stays up from the page cache; one that needs the database is a 503.
        assert reader.get("/").status == 200
        outage = reader.get("/search/?q=harbour")
        assert outage.status == 503
        assert outage.headers["Retry-After"] == "30"
        assert "Please try again in a minute" in outage.text
        assert reader.get("/readyz").status == 503
        assert reader.get("/healthz").status == 200  # the process itself is fine: do not restart it
        refused = editor.post_form("/admin/stories/section/add/", section)
        assert refused.status == 503
        assert "nothing was saved" in refused.text
    finally:
        cluster.start()

    # The same gunicorn processes serve again: their broken connections are replaced on the next request.
    assert gunicorn.poll() is None
    assert reader.get("/").status == 200
    assert reader.get("/readyz").status == 200
    sections = editor.get("/admin/stories/section/")
    assert sections.status == 200  # the editor's session survived the outage
    assert "Weather" not in sections.text  # the refused save left nothing behind
    assert editor.post_form("/admin/stories/section/add/", section).status == 302
    weather = reader.get("/sections/weather/")
    assert weather.status == 200, weather.text[:500]
    assert "Weather" in weather.text
    assert "Traceback" not in log.read_text()  # the outage was answered, not crashed through
