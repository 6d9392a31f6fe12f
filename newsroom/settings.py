"""Newsroom settings: one module, every deploy-specific value from the environment.

Values come from the process environment or, when present, a `.env` file beside
`manage.py` (see `.env.example`). Production refuses to start without a SECRET_KEY.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    # Only ever used on a developer's machine; DEBUG is never on in production.
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-only-key")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Newsroom refuses to start with DEBUG off and no "
            "SECRET_KEY: set it in the environment or in .env (see .env.example)."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # django.contrib.admin, with the newsroom's site (articles/workflow/admin_site.py).
    "articles.workflow.admin_site.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # search: its full-text fields and GIN index (inert on SQLite)
    "taggit",
    "content_editor",
    "django_prose_editor",
    "js_asset",
    "django_tasks_db",
    "axes",
    # The newsroom: focused apps whose dependencies point one way (see docs/architecture.md).
    "articles.photos",
    "articles.stories",
    "articles.search",
    "articles.workflow",
    "articles.alerts",
    "articles.fronts",
    "articles.reader",
    "articles.api",
    "articles.availability",
    "articles.security",
    "articles.wordpress",  # manage.py import_wordpress: a WXR export in, with its old permalinks
]
# The demo newsroom's seed command, installed where the demo runs (development and tests).
if env.bool("NEWSROOM_DEMO", default=DEBUG):
    INSTALLED_APPS.append("articles.demo")

MIDDLEWARE = [
    # First, so a database outage anywhere below becomes a plain 503 with Retry-After.
    "articles.availability.middleware.DatabaseOutageMiddleware",
    # Strips NUL and other control characters from query strings (PostgreSQL refuses NUL with a 500).
    "articles.control_characters.ControlCharactersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses anonymous readers' pages, feeds and sitemaps (never a page with a CSRF token or a
    # session: BREACH); below WhiteNoise, which serves its own precompressed files. COMPRESS_HTML off
    # behind nginx, which compresses (articles/compression.py).
    "articles.compression.AnonymousGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Anonymous readers' pages from the publish-aware page cache (articles/reader/page_cache.py);
    # above the CSP middleware, so a cached page keeps the nonce its header names.
    "articles.reader.page_cache.ReaderPageCacheMiddleware",
    # WordPress permalinks of imported stories (and ?p=123) 301 to the story (articles/wordpress/).
    "articles.reader.old_addresses.OldAddressRedirectMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Answers to readers with the alerts cookie (their box says "You're subscribed") are private, so no
    # cache above keeps them for everyone; reader pages otherwise vary on no cookie (docs/security.md).
    "articles.alerts.middleware.AlertsCookieMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Django's CSP middleware, plus the admin's own policy (ADMIN_CSP) and report-to's endpoint.
    "articles.security.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the 429 page (articles/security/lockout.py).
    "axes.middleware.AxesMiddleware",
]

# django-axes refuses logins for a username at an address that failed too often (docs/security.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.reader.context_processors.reader",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# No ATOMIC_REQUESTS: every write is a service with its own transaction (and the admin's change,
# add and delete views are atomic), so reader GETs skip a BEGIN/COMMIT pair they never needed.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite as a real embedded database: readers never wait for writers (WAL), a writer waits
    # for the lock instead of failing (busy timeout), and a write transaction takes the lock when
    # it starts (IMMEDIATE), so two concurrent saves queue rather than fail with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
else:
    # A page's queries read a few hundred rows by index: no parallel workers (starting them took
    # 8 ms of a 10 ms admin search at 100,000 stories) and no JIT compilation (6 ms, for a plan
    # whose cost estimate is high only because the rows it stops after are not known in advance).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join(
        [options.get("options", ""), "-c max_parallel_workers_per_gather=0 -c jit=off"]
    ).strip()

# Persistent connections, checked before each request reuses them, so a restarted database is
# reconnected to without restarting the app. SQLite too: opening one and registering Django's SQL
# functions took 1.2 ms of every request, and a new connection starts with an empty page cache.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=600))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

# Compress anonymous pages in Django (the embedded default, make demo); deploy/serve.py turns it off,
# since its nginx compresses.
COMPRESS_HTML = env.bool("COMPRESS_HTML", default=True)
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# How long a reader page may be served from the page cache (and by shared caches, s-maxage) at
# most; every write readers could see, and the next scheduled publication, end it sooner. 0: off.
READER_PAGE_CACHE_SECONDS = env.int("READER_PAGE_CACHE_SECONDS", default=300)
# A CDN's or Varnish's purge endpoint: after every write readers could see, the worker sends it
# `PURGE` with a Surrogate-Key header naming the pages to drop (articles/reader/purge.py). Empty: off.
READER_PURGE_URL = env.str("READER_PURGE_URL", default="")
if READER_PURGE_URL and not READER_PURGE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"READER_PURGE_URL must be an http:// or https:// address, not {READER_PURGE_URL!r}."
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Public media: the renditions readers get, served by nginx straight from MEDIA_ROOT.
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Private media: the originals, never served to readers (staff see them through the admin).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")

STATICFILES_BACKEND = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
    if DEBUG
    else "whitenoise.storage.CompressedManifestStaticFilesStorage"
)
MEDIA_STORAGE_IS_S3 = env.str("MEDIA_STORAGE", default="filesystem") == "s3"
if MEDIA_STORAGE_IS_S3:
    # Media on an S3-compatible store (django-storages), for more than one app server:
    # originals in a private bucket (signed, expiring URLs for staff), renditions in a public one.
    s3_options = {
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="us-east-1"),
        "access_key": env.str("AWS_ACCESS_KEY_ID"),
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY"),
        "file_overwrite": False,
        # SigV4: S3 refuses the older signatures on buckets made since 2020.
        "signature_version": "s3v4",
    }
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **s3_options,
                "bucket_name": env.str("AWS_PRIVATE_BUCKET"),
                "querystring_auth": True,
                "querystring_expire": 3600,
            },
        },
        "renditions": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **s3_options,
                "bucket_name": env.str("AWS_PUBLIC_BUCKET"),
                "querystring_auth": False,
                "custom_domain": env.str("AWS_PUBLIC_DOMAIN", default="") or None,
                # Rendition names are content hashes: they never change once written.
                "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            },
        },
        "staticfiles": {"BACKEND": STATICFILES_BACKEND},
    }
    # Where browsers fetch renditions from, for the content security policy's img-src.
    PUBLIC_MEDIA_ORIGIN = (
        f"https://{env.str('AWS_PUBLIC_DOMAIN')}"
        if env.str("AWS_PUBLIC_DOMAIN", default="")
        else (s3_options["endpoint_url"] or "https://s3.amazonaws.com").rstrip("/")
    )
    del s3_options
else:
    STORAGES = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/private-media/"},
        },
        # No location: it follows MEDIA_ROOT and MEDIA_URL.
        "renditions": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": STATICFILES_BACKEND},
    }

# Uploads: refuse files larger than this many bytes, or images with more pixels.
PHOTO_MAX_UPLOAD_BYTES = env.int("PHOTO_MAX_UPLOAD_BYTES", default=40 * 1024 * 1024)
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=80_000_000)
# Readers get these resized copies of every photo (see articles/renditions.py): widths in
# pixels (never wider than the original), formats in order of preference, named crops as ratios.
PHOTO_RENDITION_WIDTHS = env.list("PHOTO_RENDITION_WIDTHS", cast=int, default=[480, 960, 1200, 1600])
PHOTO_RENDITION_FORMATS = ["webp", "jpeg"]
# Named crops (width:height ratios) cut around each photo's focal point, and the widths
# and formats a crop gets when they differ from the whole picture's. Only what a page
# prints is made: the whole picture for every <picture>, and one 1200×630 JPEG for link
# previews (og:image and twitter:image), which social sites read as JPEG, not WebP.
PHOTO_RENDITION_CROPS: dict[str, tuple[int, int]] = {"social": (40, 21)}
PHOTO_RENDITION_CROP_WIDTHS: dict[str, list[int]] = {"social": [1200]}
PHOTO_RENDITION_CROP_FORMATS: dict[str, list[str]] = {"social": ["jpeg"]}
PHOTO_RENDITION_QUALITY = env.int("PHOTO_RENDITION_QUALITY", default=80)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The house rule for a credit line built from a file's photographer and agency
# when the file carries no credit of its own.
PHOTO_CREDIT_RULE = env.str("PHOTO_CREDIT_RULE", default="{photographer}/{agency}")
# Two pictures whose 64-bit perceptual hashes differ in at most this many bits
# are shown to the desk as "looks like" each other before a second copy is saved.
PHOTO_NEAR_DUPLICATE_DISTANCE = env.int("PHOTO_NEAR_DUPLICATE_DISTANCE", default=10)

TAGGIT_CASE_INSENSITIVE = True

NEWSROOM_NAME = env.str("NEWSROOM_NAME", default="The Newsroom Gazette")
# Email (alerts confirmations): an EMAIL_URL such as smtp+tls://user:password@host:587,
# consolemail:// (print) or filemail://relative/folder. Required in production.
if DEBUG:
    EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
else:
    if not env.str("EMAIL_URL", default=""):
        raise ImproperlyConfigured(
            "EMAIL_URL is not set. Alerts signups need to send email: set EMAIL_URL (for example "
            "smtp+tls://user:password@smtp.example.org:587) in the environment or in .env."
        )
    EMAIL_CONFIG = env.email_url("EMAIL_URL")
# django-environ speaks the old EMAIL_* names; Django 6.1 takes the same values as a mailer's OPTIONS.
mailer_option_names = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
    "EMAIL_TIMEOUT": "timeout",
    "EMAIL_FILE_PATH": "file_path",
}
MAILERS = {
    "default": {
        "BACKEND": EMAIL_CONFIG["EMAIL_BACKEND"],
        "OPTIONS": {
            option: EMAIL_CONFIG[name]
            for name, option in mailer_option_names.items()
            if EMAIL_CONFIG.get(name) not in (None, "")
        },
    }
}
del EMAIL_CONFIG, mailer_option_names
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="alerts@localhost")

# Alerts signup: confirmation links expire after this many seconds; signups are rate limited.
ALERTS_CONFIRMATION_MAX_AGE = 7 * 24 * 3600
ALERTS_SIGNUPS_PER_ADDRESS_PER_HOUR = 3
ALERTS_SIGNUPS_PER_CLIENT_PER_HOUR = 20
# Content API (docs/api.md): write requests per partner token per minute. (An item, photos inline,
# may be as large as DATA_UPLOAD_MAX_MEMORY_SIZE.)
API_INGEST_REQUESTS_PER_MINUTE = env.int("API_INGEST_REQUESTS_PER_MINUTE", default=60)
# The site's public address, for links in messages the worker sends (no request to take it from).
NEWSROOM_SITE_URL = env.str(
    "NEWSROOM_SITE_URL",
    default=f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS and not DEBUG else "http://localhost:8000",
)
# Sending alerts (docs/alerts.md): messages per claimed batch, the throttle, when a batch claimed by a
# worker that stopped counts as abandoned, the daily digest's hour (TIME_ZONE), how long an address
# that never confirms keeps its signup IP and browser, and how old a publication time may be and
# still notify followers (older ones are archive imports).
ALERTS_BATCH_SIZE = env.int("ALERTS_BATCH_SIZE", default=100)
ALERTS_EMAILS_PER_SECOND = env.float("ALERTS_EMAILS_PER_SECOND", default=500)
ALERTS_STALE_CLAIM_SECONDS = env.int("ALERTS_STALE_CLAIM_SECONDS", default=300)
ALERTS_DIGEST_HOUR = env.int("ALERTS_DIGEST_HOUR", default=7)
ALERTS_SIGNUP_DETAILS_DAYS = env.int("ALERTS_SIGNUP_DETAILS_DAYS", default=30)
ALERTS_BACKDATED_SECONDS = 3600
# Browser notifications (Web Push, VAPID). VAPID_PRIVATE_KEY: the key as base64url DER or PEM; unset,
# the demo makes one in VAPID_KEY_FILE and production offers no browser notifications.
VAPID_PRIVATE_KEY = env.str("VAPID_PRIVATE_KEY", default="")
VAPID_SUBJECT = env.str("VAPID_SUBJECT", default="mailto:alerts@localhost")
VAPID_KEY_FILE = env.path("VAPID_KEY_FILE", default=BASE_DIR / "var" / "vapid-private.pem")
# Tests and the bench play push service on loopback HTTP; real push services are HTTPS.
ALERTS_PUSH_ALLOW_LOOPBACK = False

# Login throttling (django-axes): after this many wrong passwords in a row for one username from
# one address, that pair is refused with a 429 until the cool-off has passed since its last try.
# Attempts live in the database, so every app server sees them; admins lift a lockout in the admin.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "articles.security.lockout.lockout_response"
AXES_VERBOSE = False  # no banner on every manage.py command; failures and lockouts are still logged
# The client is the right-most public address in X-Forwarded-For: the one our nginx appended
# (deploy/nginx/newsroom.conf); anything a client wrote before it is ignored.
AXES_IPWARE_PROXY_ORDER = "right-most"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

READER_STORIES_PER_PAGE = 20
# Topics (articles/stories/topics.py): the story form refuses longer names, or more per story.
TOPIC_MAX_LENGTH = 50
STORY_MAX_TOPICS = 25
# Added to every link in a story body that leaves the site; editors' nofollow/ugc/sponsored are kept.
RICH_TEXT_EXTERNAL_LINK_REL = "noopener"
# The Google News sitemap lists stories published this many hours ago or less.
NEWS_SITEMAP_HOURS = 48

# Security: secure by default, relaxed only for local HTTP development.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Behind a TLS-terminating proxy (nginx, a load balancer) that sets X-Forwarded-Proto and strips it
# from clients: see docs/deploying.md.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Django's built-in Content Security Policy. Inline scripts run only with the per-request nonce
# (the admin's import maps carry it); reader pages allow one inline style, the reader stylesheet
# base.html inlines, by its hash (articles/inline_styles.py, added by the CSP middleware). Browsers report
# violations to articles/security/views.py (report-uri for older ones, report-to's "csp" group,
# whose Reporting-Endpoints header articles/security/middleware.py adds, for the others).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([PUBLIC_MEDIA_ORIGIN] if MEDIA_STORAGE_IS_S3 else [])],
    "style-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "report-uri": ["/csp-reports/"],
    "report-to": "csp",
}
# The admin alone allows inline styles: the rich-text editor (ProseMirror) and the admin's own
# templates set style attributes. (No nonce in its style-src: a nonce switches 'unsafe-inline' off.)
ADMIN_CSP = {**SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}
# The stylesheet every reader page carries inline in its <head> (the whole of it is critical CSS).
READER_INLINE_STYLESHEET = "reader/reader.css"
# Reports beyond this many a minute from one client are refused with a 429 and not logged.
CSP_REPORTS_PER_CLIENT_PER_MINUTE = 30

# Background work (renditions). The embedded default runs a task in-process right after the
# upload commits; production sets TASKS_BACKEND=django_tasks_db.DatabaseBackend and runs
# `manage.py db_worker` (make serve, deploy/newsroom-worker.service).
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django.tasks.backends.immediate.ImmediateBackend"),
        "QUEUES": ["default"],
    }
}
# A failed rendition task is tried again this many times, waiting 30 s, 60 s, 120 s… (worker only).
PHOTO_RENDITION_ATTEMPTS = env.int("PHOTO_RENDITION_ATTEMPTS", default=4)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # One line per task state change is noise; failures are still logged.
    "loggers": {"django.tasks": {"level": "WARNING"}},
}
