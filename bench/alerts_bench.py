"""How long one breaking-news alert takes to reach 10,000 email subscribers and 10,000 browsers.

Migrates a throwaway SQLite file (or uses DATABASE_URL: a database of its own, say
postgres://postgres@127.0.0.1:5432/alerts_bench, created and dropped by you), makes N confirmed
subscribers who follow breaking news, and publishes a story as a breaking alert through the
workflow service. Delivery runs as the worker runs it (the alert tasks, in this process, the
settings' batch size and throttle), against servers in a second process, as a real relay and
push service would be: an SMTP server (aiosmtpd) that counts what it accepts, and a Web Push
endpoint (HTTP/1.1, keep-alive) answering 201. Prints seconds and messages per second from the
publish to the last delivery row marked sent, and checks every recipient got exactly one.

Run: .venv/bin/python bench/alerts_bench.py [--subscribers 10000] [--browsers 10000]
"""

import argparse
import base64
import cProfile
import multiprocessing
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_servers(smtp_port, push_port, accepted, pushed, ready):
    """The SMTP server and the push endpoint, in their own process (their own core and GIL)."""
    import asyncio
    import logging
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    class Counting:
        async def handle_DATA(self, server, session, envelope):
            with accepted.get_lock():
                accepted.value += len(envelope.rcpt_tos)
            return "250 OK"

    class Push(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as push services speak

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with pushed.get_lock():
                pushed.value += 1
            self.send_response(201)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    controller = Controller(Counting(), hostname="127.0.0.1", port=smtp_port)
    controller.start()
    server = ThreadingHTTPServer(("127.0.0.1", push_port), Push)
    ready.set()
    try:
        server.serve_forever()
    finally:
        controller.stop()
        asyncio.set_event_loop(None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--browsers", type=int, default=10_000)
    parser.add_argument(
        "--profile", action="store_true", help="print where the sending process spent its time"
    )
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsroom-alerts-bench-"))
    sys.path.insert(0, str(ROOT))
    from tests.deploy.ports import free_port

    smtp_port, push_port = free_port(), free_port()
    os.environ.update(
        DEBUG="false",
        SECRET_KEY="bench-only-secret-key-never-used-in-production",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        ALLOWED_HOSTS="news.example.org",
        NEWSROOM_DEMO="false",
        LOG_LEVEL="WARNING",
        MEDIA_ROOT=str(work / "media"),
        PRIVATE_MEDIA_ROOT=str(work / "private"),
        STATIC_ROOT=str(work / "static"),
        VAPID_KEY_FILE=str(work / "vapid.pem"),
    )
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

    spawn = multiprocessing.get_context("spawn")
    accepted, pushed = spawn.Value("i", 0), spawn.Value("i", 0)
    ready = spawn.Event()
    servers = spawn.Process(
        target=run_servers, args=(smtp_port, push_port, accepted, pushed, ready), daemon=True
    )
    servers.start()
    ready.wait(30)

    import django

    django.setup()
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from py_vapid import Vapid

    from articles.alerts.models import Alert, Delivery, Follow, PushSubscription, Subscriber
    from articles.stories.models import Section, Story
    from articles.workflow.services import story_publish

    try:
        call_command("migrate", verbosity=0)
        vapid = Vapid()
        vapid.generate_keys()
        settings.VAPID_PRIVATE_KEY = vapid.private_pem().decode()
        settings.ALERTS_PUSH_ALLOW_LOOPBACK = True
        editor = User.objects.create_user("bench-editor", is_staff=True)
        editor.groups.add(Group.objects.get(name="Editors"))
        section = Section.objects.create(name="News", slug="news")
        browser_key = ec.generate_private_key(ec.SECP256R1()).public_key()
        p256dh = base64.urlsafe_b64encode(
            browser_key.public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        ).decode()
        auth = base64.urlsafe_b64encode(os.urandom(16)).decode()
        now = timezone.now()
        count = max(arguments.subscribers, arguments.browsers)
        with transaction.atomic():
            subscribers = Subscriber.objects.bulk_create(
                [
                    Subscriber(email=f"reader-{number}@example.org", status="confirmed", confirmed_at=now)
                    for number in range(count)
                ],
                batch_size=1000,
            )
            Follow.objects.bulk_create(
                [Follow(subscriber=s, kind="breaking", confirmed_at=now) for s in subscribers],
                batch_size=1000,
            )
            PushSubscription.objects.bulk_create(
                [
                    PushSubscription(
                        subscriber=s,
                        endpoint=f"http://127.0.0.1:{push_port}/push/{s.pk}",
                        p256dh=p256dh,
                        auth=auth,
                    )
                    for s in subscribers[: arguments.browsers]
                ],
                batch_size=1000,
            )
            # Email only for the first --subscribers readers: the rest have refused addresses.
            Subscriber.objects.filter(pk__in=[s.pk for s in subscribers[arguments.subscribers :]]).update(
                bouncing_at=now
            )
        story = Story.objects.create(
            section=section, headline="Bench: breaking story", slug="bench-breaking", desk_byline="Staff"
        )

        print(
            f"{connection.vendor}: {arguments.subscribers} email subscribers, {arguments.browsers} browsers; "
            f"batches of {settings.ALERTS_BATCH_SIZE}, throttle {settings.ALERTS_EMAILS_PER_SECOND:g}/s",
            flush=True,
        )
        profile = cProfile.Profile() if arguments.profile else None
        started = time.perf_counter()
        if profile is not None:
            profile.enable()
        story_publish(story=story, user=editor, alert_text="Bench alert")  # runs the tasks when it commits
        elapsed = time.perf_counter() - started
        if profile is not None:
            profile.disable()
            pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        alert = Alert.objects.get(story=story)
        for channel, label, counter, expected in (
            ("email", "emails", accepted, arguments.subscribers),
            ("push", "pushes", pushed, arguments.browsers),
        ):
            rows = Delivery.objects.filter(alert=alert, channel=channel)
            sent = rows.filter(state="sent")
            times = sent.order_by("sent_at").values_list("sent_at", flat=True)
            first, last = times.first(), times.last()
            span = (last - first).total_seconds() if first and last else 0
            print(
                f"  {label}: {sent.count()} sent of {rows.count()} ({counter.value} received by the server, "
                f"expected {expected}); {span:.1f} s from the first to the last, "
                f"{sent.count() / span if span else 0:.0f} a second",
                flush=True,
            )
        print(f"  publish to last delivery: {elapsed:.1f} s (alert {alert.status})", flush=True)
        print("  target: 10,000 emails in under 60 s", flush=True)
    finally:
        servers.terminate()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
