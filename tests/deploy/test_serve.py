"""`make serve`'s stack (nginx + gunicorn + db_worker, DEBUG off) seen from outside, as readers and the desk.

Starts deploy/serve.py on a free port with its own var folder and database, talks to
it over HTTP only, and stops the whole process group at the end, even on failure.
"""

import concurrent.futures
import gzip
import http.cookiejar
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser
from pathlib import Path

import psycopg
import pytest
from PIL import Image

from tests.deploy.ports import free_port

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "newsroom-demo"
pytestmark = pytest.mark.deploy
STARTUP_SECONDS = 150


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode()


class Client:
    """One browser: a cookie jar (Secure cookies sent over loopback HTTP, as browsers do) and no redirects."""

    def __init__(self, address):
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

    def request(self, method, path, *, data=None, headers=None):
        url = path if path.startswith("http") else self.address + path
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def csrf_token(self):
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def post_form(self, path, fields):
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.address,
            "Referer": self.address + path,
        }
        return self.request("POST", path, data=body, headers=headers)

    def login(self, username):
        self.get("/admin/login/")
        response = self.post_form(
            "/admin/login/?next=/admin/",
            {
                "csrfmiddlewaretoken": self.csrf_token(),
                "username": username,
                "password": PASSWORD,
                "next": "/admin/",
            },
        )
        assert response.status == 302, response.text[:2000]


class FormParser(HTMLParser):
    """The fields a browser would submit from one <form id=...>, unchanged."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select = self.textarea = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, "".join(self.text).removeprefix("\n")))
            self.textarea = None


def form_fields(html, form_id):
    parser = FormParser(form_id)
    parser.feed(html)
    return parser.fields


def image_urls(html):
    """Every address an <img> or <source> points to (src and each srcset candidate)."""
    urls = set()
    for tag in re.findall(r"<(?:img|source)\b[^>]*>", html):
        for attribute, value in re.findall(r'\b(src|srcset)="([^"]*)"', tag):
            candidates = value.split(",") if attribute == "srcset" else [value]
            urls.update(candidate.split()[0] for candidate in candidates if candidate.strip())
    return {url.replace("&amp;", "&") for url in urls if not url.startswith("data:")}


def save_story(client, story_path, headline):
    page = client.get(story_path)
    assert page.status == 200, page.status
    fields = [(name, value) for name, value in form_fields(page.text, "story_form") if name != "headline"]
    fields.append(("headline", headline))
    return client.post_form(story_path, fields)


def photo_bytes(seed):
    """A distinct 1200×800 JPEG: random blocks, so no two look alike to the near-duplicate check."""
    generator = random.Random(seed)  # noqa: S311
    small = Image.new("RGB", (12, 8))
    small.putdata([tuple(generator.randrange(256) for _ in range(3)) for _ in range(96)])
    buffer = io.BytesIO()
    small.resize((1200, 800), Image.Resampling.BICUBIC).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def upload(client, number):
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="deploy-{number}.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        + photo_bytes(number)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "X-CSRFToken": client.csrf_token(),
        "Origin": client.address,
        "Referer": client.address + "/admin/photos/photo/batch-upload/",
    }
    return client.request("POST", "/admin/photos/photo/batch-upload/file/", data=body, headers=headers)


@pytest.fixture(scope="module")
def stack_database(tmp_path_factory):
    """The stack's own database, of the suite's kind: SQLite, or a fresh one on the suite's PostgreSQL.

    So `make test` drives the desk's concurrent uploads and saves on SQLite and
    `make test-postgres` the same on PostgreSQL.
    """
    suite_database = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", ""))
    if not suite_database.scheme.startswith("postgres"):
        yield f"sqlite:///{tmp_path_factory.mktemp('serve-database') / 'test.sqlite3'}"
        return
    name = f"newsroom_serve_{uuid.uuid4().hex[:8]}"
    server = suite_database._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield suite_database._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def stack(tmp_path_factory, stack_database):
    var = tmp_path_factory.mktemp("serve-var")
    port = free_port()
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")},
        "DATABASE_URL": stack_database,
        # One width keeps the demo seed (71 photos) quick; the rules under test do not depend on it.
        "PHOTO_RENDITION_WIDTHS": "480",
        "WEB_CONCURRENCY": "4",
    }
    log = (var / "serve.log").open("w")
    started_at = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "deploy/serve.py", "--port", str(port), "--var", str(var)],
        cwd=BASE_DIR,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        while "is up on" not in (var / "serve.log").read_text():
            assert process.poll() is None, (var / "serve.log").read_text()[-5000:]
            assert time.monotonic() - started_at < STARTUP_SECONDS, "the stack did not come up"
            time.sleep(0.5)
        sys.stderr.write(f"stack up in {time.monotonic() - started_at:.1f} s\n")
        yield {"address": f"http://127.0.0.1:{port}", "var": var, "log": var / "serve.log"}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
        access_log = var / "nginx" / "access.log"
        if access_log.exists():
            statuses = re.findall(r'" (\d{3}) ', access_log.read_text())
            assert not [status for status in statuses if status.startswith("5")], "nginx logged a 5xx"


def test_reader_pages_images_compression_and_caching(stack):
    reader = Client(stack["address"])
    home = reader.get("/", headers={"Accept-Encoding": "gzip"})
    assert home.status == 200
    assert home.headers["Content-Encoding"] == "gzip"
    html = gzip.decompress(home.body).decode()
    story_path = re.search(r'href="(/stories/[^"/]+/)"', html).group(1)
    story = reader.get(story_path)
    assert story.status == 200, story_path

    urls = image_urls(html) | image_urls(story.text)
    assert any(url.startswith("/media/renditions/") for url in urls), urls
    for url in urls:
        image = reader.get(url)
        assert image.status == 200, url
        assert image.headers["Content-Type"].startswith("image/"), (url, image.headers["Content-Type"])
        if url.startswith("/media/renditions/"):
            assert "immutable" in image.headers["Cache-Control"], url

    # The stylesheet is inline; the icon is the page's static file.
    icon = re.search(r'href="(/static/[^"]+\.svg)"', html).group(1)
    static = reader.get(icon)
    assert static.status == 200
    assert "immutable" in static.headers["Cache-Control"]

    originals = [
        path.relative_to(stack["var"] / "private-media") for path in stack["var"].glob("private-media/**/*.*")
    ]
    assert originals, "the seed stored no originals"
    for path in (
        f"/media/{originals[0]}",
        f"/private-media/{originals[0]}",
        "/media/",
        "/media/../private-media/",
    ):
        assert reader.get(path).status == 404, path


def test_nginx_keeps_the_one_access_log_with_the_upstream_time(stack):
    path = f"/search/?q=access-log-{uuid.uuid4().hex[:8]}"
    assert Client(stack["address"]).get(path).status == 200

    lines = [
        line for line in (stack["var"] / "nginx" / "access.log").read_text().splitlines() if path in line
    ]
    # "request" status bytes "referer" "agent" total-seconds upstream-seconds cache-status
    assert len(lines) == 1, lines
    assert re.search(r'" 200 \d+ "[^"]*" "[^"]*" \d+\.\d{3} \d+\.\d{3} (MISS|BYPASS|-)$', lines[0]), lines[0]
    # gunicorn writes no second line per request (deploy/gunicorn.conf.py)
    assert path not in stack["log"].read_text()


def test_desk_saves_and_uploads_at_once(stack):
    address = stack["address"]
    editor = Client(address)
    editor.login("editor")
    changelist = editor.get("/admin/stories/story/")
    assert changelist.status == 200
    story_paths = list(
        dict.fromkeys(re.findall(r'href="(/admin/stories/story/\d+/change/)"', changelist.text))
    )
    assert len(story_paths) >= 5

    saved = save_story(editor, story_paths[0], "Deploy check: headline saved through nginx")
    assert saved.status == 302, saved.text[:3000]
    assert "Deploy check: headline saved" in editor.get(story_paths[0]).text

    desk = Client(address)
    desk.login("photodesk")
    desk.get("/admin/photos/photo/batch-upload/")
    editors = [Client(address) for _ in range(5)]
    for client in editors:
        client.login("editor")

    def editor_saves(index):
        return [
            save_story(editors[index], story_paths[index], f"Concurrent save {index}.{round_}").status
            for round_ in range(3)
        ]

    with (
        concurrent.futures.ThreadPoolExecutor(3) as uploads,
        concurrent.futures.ThreadPoolExecutor(5) as saves,
    ):
        upload_futures = [uploads.submit(upload, desk, number) for number in range(20)]
        save_futures = [saves.submit(editor_saves, index) for index in range(5)]
        answers = [future.result() for future in upload_futures]
        save_statuses = [status for future in save_futures for status in future.result()]

    upload_statuses = [answer.status for answer in answers]
    sys.stderr.write(f"uploads by status: { {s: upload_statuses.count(s) for s in set(upload_statuses)} }\n")
    sys.stderr.write(f"saves by status: { {s: save_statuses.count(s) for s in set(save_statuses)} }\n")
    assert set(upload_statuses) <= {201, 409}, [(a.status, a.text[:300]) for a in answers]
    assert save_statuses == [302] * 15

    created = [json.loads(answer.body)["photo"]["id"] for answer in answers if answer.status == 201]
    assert created
    deadline = time.monotonic() + 60
    waiting = set(created)
    while waiting and time.monotonic() < deadline:
        for photo_id in sorted(waiting):
            preview = json.loads(desk.get(f"/admin/photos/photo/{photo_id}/preview/").body)
            if preview["thumbnail_url"].startswith("/media/renditions/"):
                rendition = desk.get(preview["thumbnail_url"])
                assert rendition.status == 200
                assert rendition.headers["Content-Type"].startswith("image/")
                waiting.discard(photo_id)
        time.sleep(1)
    assert not waiting, f"the worker made no renditions for photos {sorted(waiting)}"
