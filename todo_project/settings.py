"""Settings, read from the environment once, here.

With no environment at all the project runs for local development (DEBUG on, the
bundled PostgreSQL in ``.pgdata/`` beside manage.py, a throwaway secret key). In production set
``DJANGO_DEBUG=false``, ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS``; those
values pass ``manage.py check --deploy``. A production start without a secret
key fails loudly instead of signing tokens with a known key.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from pythonjsonlogger.core import RESERVED_ATTRS

from todo_project import __version__
from todo_project.proxies import trusted_proxies

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "todo_project.admin_app.AdminConfig",  # django.contrib.admin, its sign-in limited (todo_project/sign_in.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # array fields (a task's labels) and their lookups
    "django_htmx",
    "rest_framework",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",  # a used refresh token is spent (ROTATE_REFRESH_TOKENS)
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_tasks_db",  # the queue of background work (reminders), in the database: `manage.py db_worker`
    "tasks",
    "conversations",
    "mcp_bridge",
    # Before oauth2_provider: the consent page is the web app's (templates/oauth2_provider/authorize.html).
    "web",
    "oauth2_provider",
    # For its management commands (`seed`); the project package has no models.
    "todo_project",
]

MIDDLEWARE = [
    "todo_project.request_log.RequestLogMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # only for CORS_URLS_REGEX (below)
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "web.time_zones.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "todo_project.middleware.DomainErrorMiddleware",
]

# Scripts only from our own static files: no inline script, no eval (htmx is configured without it).
# Inline styles stay allowed: Swagger UI and the admin set some, and they cannot run code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "https:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

ROOT_URLCONF = "todo_project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "todo_project" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "web.context_processors.links",
            ],
        },
    },
]

FORM_RENDERER = "web.renderer.FormRenderer"

WSGI_APPLICATION = "todo_project.wsgi.application"
# Threads per process that run Django's requests inside the ASGI app (todo_project/asgi.py).
TODO_DJANGO_THREADS = int(os.environ.get("DJANGO_THREADS", os.environ.get("DJANGO_DB_POOL_SIZE", "10")))
ASGI_APPLICATION = "todo_project.asgi.application"

# PostgreSQL, the only database: DATABASE_URL, or else the bundled server in .pgdata/
# (todo_project/bundled_postgres.py), which `make run` starts and a command run on its own joins
# (or starts for as long as it runs).
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if not DATABASE_URL:
    from todo_project import bundled_postgres

    DATABASE_URL = bundled_postgres.url(Path(os.environ.get("TODO_PGDATA", "").strip() or BASE_DIR / ".pgdata"))
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if env_bool("DJANGO_DB_POOL", True):
    # Under ASGI each request's sync code may run on another thread, and a per-thread persistent
    # connection would then mean a new PostgreSQL connection per request: a pool shared by the
    # threads of a process instead (psycopg_pool). Behind PgBouncer set DJANGO_DB_POOL=false (below).
    from todo_project.db import check_pooled_connection

    pool_timeout = float(os.environ.get("DJANGO_DB_POOL_TIMEOUT", "3"))
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        # A connection that died with a database restart is discarded and replaced on checkout
        # instead of failing the request that drew it (todo_project/db.py: no round trip when alive).
        "check": check_pooled_connection,
        "min_size": 1,
        "max_size": int(os.environ.get("DJANGO_DB_POOL_SIZE", "10")),
        # How long a request waits for a connection: short, so an unreachable database fails fast.
        "timeout": pool_timeout,
        # And how long the pool retries a lost connection in the background, backing off, before it
        # gives up and lets the next request try afresh: the default (5 min, backoff doubling) would
        # keep a recovered database waiting for the next scheduled retry.
        "reconnect_timeout": pool_timeout,
    }
    # Parameters bound by the server, and a statement a connection runs again and again (the task
    # writes, the list, the JWT's user) parsed and planned once: psycopg prepares it on its fifth run.
    # Planning took about half of a task write's time in the database (bench/README.md).
    DATABASES["default"]["OPTIONS"] |= {"server_side_binding": True, "prepare_threshold": 5}
else:
    # DJANGO_DB_POOL=false: a transaction pooler (PgBouncer, pool_mode=transaction) pools instead, and
    # may hand each transaction another server connection, so no server-side cursor may outlive one
    # (Django's .iterator()), and no prepared statement either (PgBouncer before 1.21 does not carry them
    # across): Django's default, client-side binding, never prepares.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

# The cache every limit counts in (throttles, failed MCP sign-ins, OAuth registrations): shared by every
# process. Redis when REDIS_URL is set (failing open if it goes down: todo_project/cache.py); otherwise a
# table in the database (created by migrate), which holds across processes without another service.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHES = {
    "default": (
        {
            "BACKEND": "todo_project.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            # Several deployments (or test runs) can share one Redis without sharing counters.
            "KEY_PREFIX": os.environ.get("TODO_CACHE_KEY_PREFIX", "todo"),
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "todo_cache",
            # Room for every active user's counters: culling would forget them, and limits would not hold.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("TODO_CACHE_MAX_ENTRIES", "50000"))},
        }
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The web app's pages; the API keeps its own JWT and session authentication.
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:tasks"
LOGOUT_REDIRECT_URL = "web:landing"

# Password-reset mail: over SMTP (EMAIL_HOST, default a local mail server) in production; printed on
# the console in development unless EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": EMAIL_HOST or "localhost",
            "port": int(os.environ.get("EMAIL_PORT", "587" if EMAIL_HOST else "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", bool(EMAIL_HOST)),
        },
    }
    if EMAIL_HOST or not DEBUG
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
del EMAIL_HOST  # the deprecated setting's name: MAILERS holds it now
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "todo@localhost")

# Background work (reminders) on Django's tasks framework, queued in the database by default and run by
# `manage.py db_worker` (`make run` starts one beside the server; run as many as you like).
TASKS = {"default": {"BACKEND": os.environ.get("TODO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Web Push: the VAPID private key (PEM). Unset, one is made on first use and kept in the database.
TODO_VAPID_PRIVATE_KEY = os.environ.get("TODO_VAPID_PRIVATE_KEY", "")
# The push services a browser's subscription may name (host names; their subdomains count): the server posts
# to that endpoint, so anything else is refused. "*" accepts any, over http too (a local push service).
TODO_PUSH_SERVICES = [
    host.lower()
    for host in env_list(
        "TODO_PUSH_SERVICES", "fcm.googleapis.com,push.services.mozilla.com,notify.windows.com,push.apple.com"
    )
]

# The origin people and hosted assistants reach this server at (e.g. https://todo.example.com), used
# where a full URL must be shown or published; empty means "the host of the current request".
TODO_PUBLIC_URL = os.environ.get("TODO_PUBLIC_URL", "").strip().rstrip("/")

# The proxies whose X-Forwarded-For is believed (todo_project/proxies.py); from anyone else it is ignored.
try:
    TODO_TRUSTED_PROXIES = trusted_proxies()
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from None

# Browser-based MCP clients (the MCP Inspector, assistants that run in a web page) call /mcp, the OAuth
# token, registration and revocation endpoints and the metadata documents from their own origin. CORS
# for exactly those, from loopback and TODO_MCP_ALLOWED_ORIGINS: django-cors-headers here, Starlette's
# middleware with these same values for /mcp (mcp_bridge/http.py), which also lets those origins past
# the MCP transport's Origin check. No cookies: the endpoints take bearer tokens, codes and PKCE.
TODO_MCP_ALLOWED_ORIGINS = env_list("TODO_MCP_ALLOWED_ORIGINS", "")
for origin in TODO_MCP_ALLOWED_ORIGINS:
    if not re.fullmatch(r"https?://[^/\s*]+", origin):
        raise ImproperlyConfigured(
            f'TODO_MCP_ALLOWED_ORIGINS: "{origin}" is not an origin (scheme and host, e.g. https://claude.ai).'
        )
CORS_URLS_REGEX = r"^/(o/(token|register|revoke_token)/|\.well-known/)"
CORS_ALLOWED_ORIGINS = TODO_MCP_ALLOWED_ORIGINS
CORS_ALLOWED_ORIGIN_REGEXES = [r"^https?://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$"]
CORS_ALLOW_HEADERS = (*default_headers, "mcp-protocol-version", "mcp-session-id", "last-event-id", "x-request-id")
CORS_EXPOSE_HEADERS = ["mcp-session-id", "mcp-protocol-version", "www-authenticate", "retry-after", "x-request-id"]
CORS_PREFLIGHT_MAX_AGE = 86400

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Static files are served by the app itself (WhiteNoise), straight from the apps when collectstatic has
# not run (development, tests); production runs collectstatic.
WHITENOISE_USE_FINDERS = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "todo_project.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "todo_project.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "todo_project.pagination.LimitOffset",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "todo_project.schema.AutoSchema",
    "EXCEPTION_HANDLER": "todo_project.api_errors.api_exception_handler",
    # Counted in the shared cache (CACHES): todo_project/throttles.py.
    "DEFAULT_THROTTLE_CLASSES": ["todo_project.throttles.WriteThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "auth": os.environ.get("TODO_AUTH_THROTTLE_RATE", "20/min"),
        "writes": os.environ.get("TODO_REST_WRITE_RATE", "120/min"),
        "chat": os.environ.get("TODO_CHAT_RATE", "30/min"),
        "mcp_calls": os.environ.get("TODO_MCP_CALL_RATE", "120/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # A client's address is the connection's, as the server rewrote it from a trusted proxy's
    # X-Forwarded-For (todo_project/proxies.py); the header as sent is never believed.
    "NUM_PROXIES": 0,
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=int(os.environ.get("TODO_ACCESS_TOKEN_MINUTES", "30"))),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=1),
    "UPDATE_LAST_LOGIN": False,
    # Tokens carry a digest of the password hash they were issued under: a password change or reset
    # ends every access and refresh token issued before it (todo_project/authentication.py: token_user).
    "CHECK_REVOKE_TOKEN": True,
    # Each refresh answers a new refresh token and spends the one it was given (simplejwt's blacklist):
    # a stolen refresh token works once at most, and its replay is a 401.
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Todo API",
    "DESCRIPTION": (
        "Tasks, chat with the assistant, what changed and undo, and personal access tokens for MCP agents. "
        "Sign in with POST /api/auth/token/ and send `Authorization: Bearer <access>`. "
        "This document: [/api/schema/](/api/schema/) (JSON), "
        "[/api/schema/?format=yaml](/api/schema/?format=yaml) to download it as YAML."
    ),
    "VERSION": __version__,
    "SERVE_INCLUDE_SCHEMA": False,
    # Request and response bodies described apart: "minLength: 1" for a required text input, no
    # read-only fields in what a client sends.
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger's Authorize dialog offers the bearer token only: a session cookie cannot be pasted there
    # (a signed-in browser sends its own, which the API also accepts).
    "AUTHENTICATION_WHITELIST": ["todo_project.authentication.JWTAuthentication"],
    # The API speaks JSON; the form encodings DRF also parses serve the browsable API's HTML forms.
    "PARSER_WHITELIST": ["todo_project.parsers.JSONParser"],
    # Swagger UI served from our own static files: the docs work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# The chat agent: "rules" works offline with no key; "openai" talks to any
# OpenAI-compatible Chat Completions endpoint (OpenAI, Azure, vLLM, Ollama, ...).
TODO_AGENT = os.environ.get("TODO_AGENT", "rules").strip().lower() or "rules"
if TODO_AGENT not in {"rules", "openai"}:
    raise ImproperlyConfigured(f'TODO_AGENT must be "rules" or "openai", not "{TODO_AGENT}".')
OPENAI_BASE_URL = os.environ.get("OPENAI_BASE_URL", "").strip() or "https://api.openai.com/v1"
OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY", "")
TODO_AGENT_MODEL = os.environ.get("TODO_AGENT_MODEL", "").strip() or "gpt-4o-mini"
TODO_AGENT_TIMEOUT = float(os.environ.get("TODO_AGENT_TIMEOUT", "30"))

# How long the activity log keeps changes (manage.py prune_activity's default).
TODO_ACTIVITY_RETENTION_DAYS = int(os.environ.get("TODO_ACTIVITY_RETENTION_DAYS", "90"))

# This app is its own OAuth 2.1 authorization server (django-oauth-toolkit) for the MCP resource at /mcp.
# Hosted assistants register themselves (dynamic client registration or a client ID metadata document),
# send the person here to sign in and consent, and get audience-bound tokens for /mcp.
OAUTH_SCOPES = {
    "tasks:read": "See your tasks and what changed in them",
    "tasks:write": "Add, change, complete, delete and undo changes to your tasks",
}
OAUTH2_PROVIDER = {
    "SCOPES": OAUTH_SCOPES,
    "DEFAULT_SCOPES": list(OAUTH_SCOPES),
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(os.environ.get("TODO_OAUTH_ACCESS_TOKEN_SECONDS", "3600")),
    "REFRESH_TOKEN_EXPIRE_SECONDS": int(os.environ.get("TODO_OAUTH_REFRESH_TOKEN_DAYS", "30")) * 86400,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "ROTATE_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "PKCE_REQUIRED": True,
    "REQUEST_APPROVAL_PROMPT": "auto",
    # RFC 9700: no implicit or password grant, PKCE S256 only, tokens never in a query string,
    # the RFC 9207 `iss` in authorization responses, and tokens stored only as digests.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    # Native clients (VS Code, Claude Code) call back on http://127.0.0.1:<any port>/ (RFC 8252);
    # every other redirect must be https, which registration enforces (mcp_bridge.oauth).
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"],
    "ALLOW_LOCALHOST_LOOPBACK": True,
    "DCR_ENABLED": True,
    "DCR_REGISTRATION_PERMISSION_CLASSES": ("oauth2_provider.dcr.AllowAllDCRPermission",),
    "CIMD_ENABLED": True,
    "CIMD_METADATA_FETCHER": "mcp_bridge.oauth.LoopbackOrHttpsFetcher",
    "OAUTH2_RESPONSE_TYPES_SUPPORTED": ["code"],
    "OAUTH2_GRANT_TYPES_SUPPORTED": ["authorization_code", "refresh_token"],
    "OAUTH2_TOKEN_ENDPOINT_AUTH_METHODS_SUPPORTED": ["none", "client_secret_basic", "client_secret_post"],
    # The admin picks a token's or an app's user by username (autocomplete), not as a raw id.
    "APPLICATION_ADMIN_CLASS": "mcp_bridge.oauth_admin.ApplicationAdmin",
    "ACCESS_TOKEN_ADMIN_CLASS": "mcp_bridge.oauth_admin.AccessTokenAdmin",
    "REFRESH_TOKEN_ADMIN_CLASS": "mcp_bridge.oauth_admin.RefreshTokenAdmin",
    "GRANT_ADMIN_CLASS": "mcp_bridge.oauth_admin.GrantAdmin",
    "ID_TOKEN_ADMIN_CLASS": "mcp_bridge.oauth_admin.IDTokenAdmin",
    "OAUTH2_PROTECTED_RESOURCE_NAME": "Todo",
}
if TODO_PUBLIC_URL:
    # Behind a proxy the request's own host may not be the public one: pin the issuer.
    OAUTH2_PROVIDER["OIDC_ISS_ENDPOINT"] = TODO_PUBLIC_URL
# The "http" redirect scheme is there for loopback callbacks only (see above), so its RFC 9700
# deploy-check warning is answered by the registration rule rather than by dropping loopback clients.
SILENCED_SYSTEM_CHECKS = ["oauth2_provider.W008"]
# Open registration is rate-limited per client address, like the credential endpoints.
TODO_OAUTH_REGISTRATION_RATE = os.environ.get("TODO_OAUTH_REGISTRATION_RATE", "10/hour")

# `runmcp` over stdio acts for this user (or the user of this token) when no --user/--token is given.
TODO_MCP_USER = os.environ.get("TODO_MCP_USER", "")
TODO_MCP_TOKEN = os.environ.get("TODO_MCP_TOKEN", "")
# How often a running stdio `runmcp` checks again that its token still holds (not revoked or expired, the
# user still active): a revocation reaches it within this many seconds; calls in between cost no query.
TODO_MCP_RECHECK_SECONDS = float(os.environ.get("TODO_MCP_RECHECK_SECONDS", "60"))

# Every log line is one JSON object on stderr (stdout is `runmcp`'s protocol): one per request
# (todo_project/request_log.py) and per MCP tool call (level INFO, TODO_REQUEST_LOG_LEVEL=WARNING
# turns them off), and the warnings and errors of everything else (DJANGO_LOG_LEVEL).
REQUEST_LOG_LEVEL = os.environ.get("TODO_REQUEST_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
            "reserved_attrs": [*RESERVED_ATTRS, "color_message"],  # uvicorn's ANSI-coloured copy of the message
        }
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        "todo.requests": {"level": REQUEST_LOG_LEVEL},
        "todo.mcp": {"level": REQUEST_LOG_LEVEL},
        # Django's own console handler (DEBUG) would print a second, plain-text line; its
        # "Not Found: /x" warnings repeat the request line. Server errors still go out, as JSON.
        "django": {"handlers": [], "level": "WARNING"},
        "django.request": {"level": "ERROR"},
        # The servers' access logs would repeat the request line too (uvicorn's on stdout).
        "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        "uvicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        # The pool retries in the background and says so at every attempt; the failed request itself is
        # what gets reported (a 503, or runmcp's one-line error).
        "psycopg.pool": {"level": "ERROR"},
    },
}

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
