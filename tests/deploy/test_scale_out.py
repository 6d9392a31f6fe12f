"""Two app servers behind one nginx, sharing PostgreSQL, Redis and S3 media, seen from outside.

Starts `deploy/serve.py --app-servers 2` (two gunicorns on loopback ports, each with its own
db_worker, one nginx upstream listing both) on a PostgreSQL database made for this module, a
Redis database of its own and a moto S3 server, then checks that what one app server writes
the other serves at once, and that stopping one app server while readers are reading costs
no reader request and no acknowledged save. Everything is stopped, and the database dropped,
even on failure.
"""

import concurrent.futures
import copy
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import boto3
import psycopg
import pytest

from tests.deploy.ports import free_port
from tests.deploy.test_serve import Client, form_fields, save_story, upload

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.deploy
STARTUP_SECONDS = 150
POSTGRES = "postgresql://postgres@127.0.0.1:5432"
REDIS = ("127.0.0.1", 6379)
REDIS_DB = 12
PRIVATE_BUCKET = "newsroom-scale-out-private"
PUBLIC_BUCKET = "newsroom-scale-out-public"
S3_CREDENTIALS = {
    "aws_access_key_id": "testing",
    "aws_secret_access_key": "testing",
    "region_name": "us-east-1",
}
READER_REQUESTS = 200


def report(message):
    print(message)  # noqa: T201 (the figures this test exists to show)


def redis_flush(db):
    """FLUSHDB on one Redis database only, spoken in RESP so no client library is needed."""
    with socket.create_connection(REDIS, timeout=5) as connection:
        connection.sendall(
            f"*2\r\n$6\r\nSELECT\r\n${len(str(db))}\r\n{db}\r\n*1\r\n$7\r\nFLUSHDB\r\n".encode()
        )
        answer = b""
        while answer.count(b"\r\n") < 2:
            answer += connection.recv(64)
    assert answer == b"+OK\r\n+OK\r\n", answer


def start_s3(stack):
    """moto_server on a free port with a private bucket and a public-read one."""
    port = free_port()
    endpoint_url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    stack.append(process)
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{endpoint_url}/moto-api/", timeout=1):  # noqa: S310
                break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, "moto_server did not start"
            time.sleep(0.1)
    client = boto3.client("s3", endpoint_url=endpoint_url, **S3_CREDENTIALS)
    client.create_bucket(Bucket=PRIVATE_BUCKET)
    client.create_bucket(Bucket=PUBLIC_BUCKET)
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{PUBLIC_BUCKET}/*",
            }
        ],
    }
    client.put_bucket_policy(Bucket=PUBLIC_BUCKET, Policy=json.dumps(public_read))
    return endpoint_url, client


def stop_group(process, seconds=30):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    var = tmp_path_factory.mktemp("scale-out-var")
    database = f"newsroom_scaleout_{uuid.uuid4().hex[:8]}"
    port, app_port = free_port(), free_port(count=2)
    processes = []
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    redis_flush(REDIS_DB)
    log = (var / "serve.log").open("w")
    try:
        endpoint_url, s3 = start_s3(processes)
        environment = {
            **{name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")},
            "DATABASE_URL": f"{POSTGRES}/{database}",
            "CACHE_URL": f"rediscache://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}",
            "MEDIA_STORAGE": "s3",
            "AWS_ACCESS_KEY_ID": S3_CREDENTIALS["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": S3_CREDENTIALS["aws_secret_access_key"],
            "AWS_S3_REGION_NAME": S3_CREDENTIALS["region_name"],
            "AWS_S3_ENDPOINT_URL": endpoint_url,
            "AWS_PRIVATE_BUCKET": PRIVATE_BUCKET,
            "AWS_PUBLIC_BUCKET": PUBLIC_BUCKET,
            # One width keeps the demo seed quick; the rules under test do not depend on it.
            "PHOTO_RENDITION_WIDTHS": "480",
            "WEB_CONCURRENCY": "2",
        }
        started_at = time.monotonic()
        command = [sys.executable, "deploy/serve.py", "--port", str(port), "--var", str(var)]
        serve = subprocess.Popen(
            [*command, "--app-servers", "2", "--app-port", str(app_port)],
            cwd=BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        processes.append(serve)
        while "is up on" not in (var / "serve.log").read_text():
            assert serve.poll() is None, (var / "serve.log").read_text()[-5000:]
            assert time.monotonic() - started_at < STARTUP_SECONDS, "the stack did not come up"
            time.sleep(0.5)
        report(f"\nstack up in {time.monotonic() - started_at:.1f} s (2 app servers, PostgreSQL, Redis, S3)")
        yield {
            "nginx": f"http://127.0.0.1:{port}",
            "a": f"http://127.0.0.1:{app_port}",
            "b": f"http://127.0.0.1:{app_port + 1}",
            "pid_a": var / "gunicorn-1.pid",
            "database": f"{POSTGRES}/{database}",
            "s3": s3,
            "log": var / "serve.log",
        }
    finally:
        for process in reversed(processes):
            stop_group(process)
        log.close()
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        redis_flush(REDIS_DB)


def on(client, address):
    """The same browser (cookie jar and all) talking to another address."""
    other = copy.copy(client)
    other.address = address
    return other


def test_upload_through_a_is_served_through_b(stack):
    desk = Client(stack["a"])
    desk.login("photodesk")
    desk.get("/admin/photos/photo/batch-upload/")
    answer = upload(desk, 7001)
    assert answer.status == 201, answer.text[:2000]
    photo_id = json.loads(answer.body)["photo"]["id"]

    desk_on_b = on(desk, stack["b"])
    assert desk_on_b.get(f"/admin/photos/photo/{photo_id}/change/").status == 200
    deadline = time.monotonic() + 60
    while True:
        preview = json.loads(desk_on_b.get(f"/admin/photos/photo/{photo_id}/preview/").body)
        if PUBLIC_BUCKET in preview["thumbnail_url"]:
            break
        assert time.monotonic() < deadline, f"no rendition for photo {photo_id}: {preview}"
        time.sleep(0.5)
    rendition = Client(stack["nginx"]).get(preview["thumbnail_url"])
    assert rendition.status == 200, preview["thumbnail_url"]
    assert rendition.headers["Content-Type"].startswith("image/")
    assert "immutable" in rendition.headers["Cache-Control"]
    original = desk_on_b.get(f"/admin/photos/photo/{photo_id}/original/")
    assert original.status in (200, 302), original.status
    assert any(key.endswith(".jpg") for key in _keys(stack["s3"], PRIVATE_BUCKET)), "no original on S3"


def _keys(s3, bucket):
    return [item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_session_from_a_works_on_b(stack):
    editor = Client(stack["a"])
    editor.login("editor")
    for address in (stack["a"], stack["b"], stack["nginx"]):
        answer = on(editor, address).get("/admin/stories/story/")
        assert answer.status == 200, (address, answer.status, answer.headers.get("Location"))
    assert Client(stack["b"]).get("/admin/stories/story/").status == 302


def test_publish_through_a_shows_on_b_at_once(stack):
    editor = Client(stack["a"])
    editor.login("editor")
    reader_b, reader_nginx = Client(stack["b"]), Client(stack["nginx"])
    drafts = editor.get("/admin/stories/story/?state=draft")
    assert drafts.status == 200
    story_ids = list(dict.fromkeys(re.findall(r'href="/admin/stories/story/(\d+)/change/', drafts.text)))
    assert story_ids, "the demo seed has no drafts"
    published = None
    for story_id in story_ids[:5]:
        change = editor.get(f"/admin/stories/story/{story_id}/change/")
        slug = dict(form_fields(change.text, "story_form"))["slug"]
        assert reader_b.get(f"/stories/{slug}/").status == 404, slug
        answer = editor.post_form(
            "/admin/stories/story/?state=draft",
            {
                "csrfmiddlewaretoken": editor.csrf_token(),
                "action": "publish_now",
                "select_across": "0",
                "index": "0",
                "_selected_action": story_id,
            },
        )
        assert answer.status == 302, answer.text[:2000]
        if reader_b.get(f"/stories/{slug}/").status == 200:
            published = slug
            break
    assert published, f"none of drafts {story_ids[:5]} could be published, or B did not show it"
    assert reader_nginx.get(f"/stories/{published}/").status == 200
    report(f"published /stories/{published}/ through A; B answered 200 at once")


def test_stopping_one_app_server_loses_no_reader_and_no_acknowledged_save(stack):
    address = stack["nginx"]
    home = Client(address).get("/")
    assert home.status == 200
    paths = ["/", *dict.fromkeys(re.findall(r'href="(/stories/[^"/]+/)"', home.text))][:10]
    editor = Client(address)
    editor.login("editor")
    changelist = editor.get("/admin/stories/story/")
    story_paths = list(
        dict.fromkeys(re.findall(r'href="(/admin/stories/story/\d+/change/)"', changelist.text))
    )
    story_path = story_paths[0]

    done = threading.Event()
    finished = []

    def read(number):
        path = paths[number % len(paths)]
        try:
            status = Client(address).get(path).status
        except OSError as error:
            status = type(error).__name__
        finished.append(number)
        return path, status

    def save_while_reading():
        saves = []
        while not done.is_set() and len(saves) < 40:
            headline = f"Scale-out save {uuid.uuid4().hex[:8]}"
            saves.append((headline, save_story(editor, story_path, headline).status))
            time.sleep(0.2)
        return saves

    gunicorn_a = int(stack["pid_a"].read_text())
    started_at = time.monotonic()
    with (
        concurrent.futures.ThreadPoolExecutor(4) as readers,
        concurrent.futures.ThreadPoolExecutor(1) as desk,
    ):
        futures = [readers.submit(read, number) for number in range(READER_REQUESTS)]
        saves_future = desk.submit(save_while_reading)
        while len(finished) < READER_REQUESTS // 4:
            time.sleep(0.01)
        os.kill(gunicorn_a, signal.SIGTERM)
        stopped_at = len(finished)
        results = [future.result() for future in futures]
        done.set()
        saves = saves_future.result()
    elapsed = time.monotonic() - started_at

    statuses = [status for _, status in results]
    by_status = {status: statuses.count(status) for status in set(statuses)}
    save_statuses = [status for _, status in saves]
    report(
        f"reader load: {len(results)} GETs through nginx in {elapsed:.1f} s, app server A stopped after "
        f"{stopped_at}; by status {by_status}; saves by status "
        f"{ {status: save_statuses.count(status) for status in set(save_statuses)} }"
    )
    deadline = time.monotonic() + 30
    while _is_alive(gunicorn_a):
        assert time.monotonic() < deadline, "gunicorn A did not stop on SIGTERM"
        time.sleep(0.2)
    # serve.py notices an exited app server on its next half-second poll, so the line can lag the exit.
    deadline = time.monotonic() + 10
    while "App server 1" not in stack["log"].read_text():
        assert time.monotonic() < deadline, "serve.py never reported that app server 1 exited"
        time.sleep(0.2)
    assert by_status == {200: READER_REQUESTS}, [result for result in results if result[1] != 200][:10]

    acknowledged = [headline for headline, status in saves if status == 302]
    assert acknowledged, saves
    story_id = int(re.search(r"/(\d+)/change/", story_path).group(1))
    with psycopg.connect(stack["database"]) as connection:
        (headline,) = connection.execute(
            "SELECT headline FROM stories_story WHERE id = %s", [story_id]
        ).fetchone()
    # Saves run one after another: the row holds the last acknowledged one (or a later one).
    last = max(index for index, (_, status) in enumerate(saves) if status == 302)
    assert headline in [headline for headline, _ in saves[last:]], (headline, saves)
    assert Client(address).get("/").status == 200


def _is_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie of our own process group counts as stopped.
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and status.read_text().split(")")[1].split()[0] != "Z"
