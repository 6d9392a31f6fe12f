"""Gunicorn settings for Newsroom (`gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi`).

nginx sits in front (deploy/nginx/newsroom.conf), so gunicorn only ever talks to loopback
or a Unix socket. Every value a deploy may change comes from the environment.
"""

import multiprocessing
import os

# GUNICORN_BIND takes host:port or unix:/path/to.sock (make serve uses a socket under var/).
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")]

# Sync workers: 2 per core + 1 is gunicorn's rule of thumb; the cap keeps a big machine from
# opening more database connections than PostgreSQL's max_connections leaves for it.
workers = int(os.environ.get("WEB_CONCURRENCY", 0)) or min(2 * multiprocessing.cpu_count() + 1, 12)

# A request still running after 30 s is killed (nginx gives up at 35 s, so it answers 504 first
# only if gunicorn is stuck); on reload or SIGTERM a worker gets this long to finish its request.
timeout = 30
graceful_timeout = 20
keepalive = 5

# Recycle each worker after about 20,000 requests (jittered so they do not all restart at once),
# which bounds any slow memory growth. Not fewer: a worker serving cached pages answers over a
# thousand requests a second, and each restart re-imports Django for a second or two.
max_requests = 20000
max_requests_jitter = 2000

# Trust X-Forwarded-* only from nginx on this machine (SECURE_PROXY_SSL_HEADER relies on it).
forwarded_allow_ips = "127.0.0.1,::1"

# Access log to stdout (journald or make serve collect it), errors to stderr.
# nginx writes the access log (deploy/nginx/newsroom.conf, with the upstream's time); a second line
# per request here took a tenth of a cached page's time. GUNICORN_ACCESS_LOG=- logs to stdout.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


def post_worker_init(worker):
    """Start-up objects out of the garbage collector's way; its passes wait for the gaps between requests."""
    from newsroom.request_gc import worker_started

    worker_started()


def post_request(worker, request, environ, response):
    # The sync worker calls this once the response is written, so no reader waits for the pass.
    from newsroom.request_gc import request_finished

    request_finished()
