"""Settings of the Rete delle Reti portal, read from the environment (see README.md).

Development needs only DEBUG=true: the SECRET_KEY then has a development value and the database
defaults to the local one the setup script provisions. In production every value that has no
safe default (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL) must be set, or the start-up fails.
"""

from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from portal.lib.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_rate,
    env_str,
    parse_cache_url,
    parse_database_url,
    parse_pages_cache_url,
    parse_storage_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

# A development key only when DEBUG is on: production refuses to start without its own.
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-development-only" if DEBUG else None)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "portal",
    "members",
    "mapping",
    "suppliers",
    "practices",
    "documents",
    "services",
    "events",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "django_filters",
    "taggit",
    "django_tasks_db",
]

MIDDLEWARE = [
    "portal.lib.pagecache.ContentVersionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "portal.middleware.HostileParameterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL, or in development the local database the setup script provisions.
DATABASES = {
    "default": parse_database_url(
        env_str("DATABASE_URL", "postgres://portal@127.0.0.1:5432/portal" if DEBUG else None)
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache shared by every server process, so that rate limits hold across them; and the cache
# of pages and fragments (portal/lib/pagecache.py): Redis when configured, otherwise each
# process's own memory, since a hit in the database cache would itself be a query.
CACHES = {
    "default": parse_cache_url(env_str("CACHE_URL", "")),
    "pages": parse_pages_cache_url(env_str("CACHE_URL", "")),
}

# How often a person (or, logged out, an IP address) may do what e-mails someone, lands in a
# staff queue or streams the whole catalogue (portal/lib/ratelimit.py); each can be set from
# the environment, e.g. RATE_LIMIT_COMMENTS=60/h. Generous: a real person never meets them.
PORTAL_RATE_LIMITS = {
    name: env_rate(f"RATE_LIMIT_{name.upper()}", default)
    for name, default in {
        "comments": "30/h",
        "submissions": "20/d",
        "reviews": "20/d",
        "flags": "20/h",
        "helpful": "100/h",
        "replies": "50/d",
        "proposals": "10/d",
        "claims": "10/d",
        "registrations": "10/d",
        "role_requests": "20/d",
        "library_links": "100/d",
        "memberships": "10/d",
        "survey_links": "100/d",
        "export": "30/h",
        "uploads": "30/d",
        "document_flags": "20/h",
        "service_requests": "10/d",
        "service_messages": "60/d",
        "competence_offers": "10/d",
        "event_registrations": "30/d",
    }.items()
}
# Behind a proxy REMOTE_ADDR is the proxy's: the request header (as a META key, such as
# HTTP_X_REAL_IP) where the proxy puts the client's single address, if it does.
RATELIMIT_IP_META_KEY = env_str("RATE_LIMIT_IP_META_KEY", "") or None

# Sessions live in the database and are read through the pages cache under the content
# version (portal/lib/sessions.py): a logged-in request costs no query for its session.
SESSION_ENGINE = "portal.lib.sessions"

# Background work (portal/lib/tasks.py): what need not make a person wait (e-mails, reading a
# document's text) is kept in PostgreSQL and run by `manage.py db_worker` processes, as many as
# wanted, on any machine that reaches the database. TASKS_BACKEND=immediate runs it in the
# request instead (tests, or a machine with no worker).
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        }[env_choice("TASKS_BACKEND", "database", ["database", "immediate"])]
    }
}
# How many times a task that fails for a passing reason (a mail server down, a timeout) is
# tried in all, and how long the waits between tries grow (seconds, doubling each time).
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", 6)
TASKS_RETRY_DELAY = env_int("TASKS_RETRY_DELAY", 60)

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "members.backends.CachedModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"

# django-allauth: e-mail is the login, verified before first use; its rate limits stay on.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX = "[Rete delle Reti] "
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"

# Internationalisation: Italian first, English as translation.
LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

# Static files: Bootstrap Italia from npm, the project's own files, compressed and fingerprinted.
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap-italia", BASE_DIR / "node_modules" / "bootstrap-italia" / "dist"),
]
# Uploads: in MEDIA_ROOT, which every node must mount, or with STORAGE_URL=s3://… in a private
# bucket of S3-compatible storage (portal/lib/env.py, parse_storage_url).
STORAGES = {
    "default": parse_storage_url(env_str("STORAGE_URL", "")),
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# User uploads live outside the static tree and are served only through access-checked views.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# No URL pattern serves this prefix: it only has to be a path for Django's test server.
MEDIA_URL = "/media/"
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# Reading the text of an uploaded document (a background task, documents/tasks.py) stops after
# this many seconds (documents/extract.py); None runs the project's own reader.
DOCUMENT_EXTRACTION_TIMEOUT = env_int("DOCUMENT_EXTRACTION_TIMEOUT", 20)
DOCUMENT_EXTRACTION_COMMAND = None
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: SMTP when EMAIL_HOST is set, otherwise printed on the console (development).
_email_host = env_str("EMAIL_HOST", "")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Rete delle Reti <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Staff", address) for address in env_list("ADMINS", [])]

# Security headers. HTTPS settings are on unless DEBUG. X-Forwarded-Proto is trusted only
# behind a TLS-terminating proxy that sets it (BEHIND_PROXY): anywhere else a client could
# send it and pass a plain-HTTP request off as a secure one.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: nothing unless named; no inline script or style anywhere. The JSON-LD
# blocks of news and organisation pages (`<script type="application/ld+json">`) are data that
# browsers never run, so script-src neither applies to them nor has to allow them.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# The portal's address for links in e-mails, and the contact address shown on every page.
PORTAL_SITE_URL = env_str("PORTAL_SITE_URL", "http://127.0.0.1:8000")
PORTAL_CONTACT_EMAIL = env_str("PORTAL_CONTACT_EMAIL", "segreteria@retedellereti.example")

# The supplier list's "best rated" order is a Bayesian average: a supplier's mean rating is
# pulled towards SUPPLIERS_RATING_PRIOR_MEAN as if it had SUPPLIERS_RATING_PRIOR_REVIEWS more
# reviews at that mean. After changing them, run `manage.py recompute_supplier_ratings`.
SUPPLIERS_RATING_PRIOR_REVIEWS = env_int("SUPPLIERS_RATING_PRIOR_REVIEWS", 7)
SUPPLIERS_RATING_PRIOR_MEAN = 3.5
