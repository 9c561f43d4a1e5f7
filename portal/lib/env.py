"""Small parsers that read settings from the environment and refuse values they do not understand.

A typo in a deployment's environment should stop the start-up with a clear message, never fall
back silently to a default that happens to work on a laptop.
"""

import os
import re
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str | None = None) -> str:
    """Return the variable, or `default`; with no default, a missing variable is an error."""
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of true/false, yes/no, on/off, 1/0."
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_choice(name: str, default: str, choices: list[str]) -> str:
    """One of `choices`; anything else stops the start-up."""
    value = os.environ.get(name) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blank items are dropped."""
    value = os.environ.get(name)
    if value is None or value == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


_RATE = re.compile(r"(\d+)/(\d*)([smhd])")
_RATE_PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def parse_rate(rate: str) -> tuple[int, int]:
    """`30/h` (or `10/d`, `5/15m`) as (count, seconds): how many in how long."""
    match = _RATE.fullmatch(rate)
    if not match:
        raise ImproperlyConfigured(
            f"{rate!r} is not a rate: write a number, a slash and s, m, h or d, as in 30/h."
        )
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * _RATE_PERIODS[unit]


def env_rate(name: str, default: str) -> str:
    """A rate such as `30/h`, checked so that a typo stops the start-up."""
    value = os.environ.get(name) or default
    try:
        parse_rate(value)
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(f"{name}: {error}") from None
    return value


def parse_database_url(url: str) -> dict:
    """Turn `postgres://user:password@host:port/name?sslmode=require` into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// or postgresql://, not {parts.scheme!r}."
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL names no database (postgres://…/NAME).")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("DATABASE_URL has a port that is not a number.") from None
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def parse_cache_url(url: str | None) -> dict:
    """A Redis URL gives Django's Redis cache; no URL gives the database cache table."""
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    scheme = urlsplit(url).scheme
    if scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, not {scheme!r}.")
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}


def parse_pages_cache_url(url: str | None) -> dict:
    """The cache of pages and fragments: the same Redis, or else the process's own memory."""
    if url:
        return {**parse_cache_url(url), "KEY_PREFIX": "pages"}
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }


_STORAGE_OPTIONS = {"region", "secure"}


def parse_storage_url(url: str | None) -> dict:
    """Where uploads live: with no URL the local MEDIA_ROOT, with one an S3-compatible bucket.

    `s3://KEY:SECRET@HOST[:PORT]/BUCKET?region=eu-south-1&secure=true`. HOST is the service's
    endpoint (s3.eu-south-1.amazonaws.com, a MinIO, Ceph, OVH or Aruba host), reached over
    HTTPS unless `secure=false`; `region` is the one the service signs requests for. KEY and
    SECRET are percent-encoded (a `/` in the secret is `%2F`); left out, they come from
    AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or the machine's role, as django-storages
    documents. Objects are written private and read only by the portal, which streams them
    through its protected download (portal/lib/downloads.py).
    """
    if not url:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise ImproperlyConfigured(f"STORAGE_URL must start with s3://, not {parts.scheme!r}.")
    if "@" in parts.path:
        raise ImproperlyConfigured("STORAGE_URL has a / in its key or secret: write it as %2F.")
    if not parts.hostname:
        raise ImproperlyConfigured("STORAGE_URL names no host (s3://KEY:SECRET@HOST/BUCKET).")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("STORAGE_URL has a port that is not a number.") from None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    if port:
        host = f"{host}:{port}"
    bucket = unquote(parts.path.strip("/"))
    if not bucket or "/" in bucket:
        raise ImproperlyConfigured("STORAGE_URL must name one bucket (s3://…@HOST/BUCKET).")
    if bool(parts.username) != bool(parts.password):
        raise ImproperlyConfigured("STORAGE_URL gives a key without a secret, or the reverse.")
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = sorted(set(options) - _STORAGE_OPTIONS)
    if unknown:
        raise ImproperlyConfigured(
            f"STORAGE_URL has unknown options {', '.join(unknown)}: only region and secure."
        )
    secure = options.get("secure", "true").lower()
    if secure not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"STORAGE_URL: secure={secure!r} must be true or false.")
    storage_options = {
        "bucket_name": bucket,
        "endpoint_url": f"{'https' if secure in _TRUE else 'http'}://{host}",
        "region_name": options.get("region") or None,
        # Private objects: nobody reads them without the portal's credentials.
        "default_acl": "private",
        # Any URL the storage hands out (the admin's link to the current file) is signed and
        # short-lived; the portal's pages link to the protected download instead.
        "querystring_auth": True,
        "querystring_expire": 300,
        # As on disk, a name already taken gets a suffix: no upload replaces another.
        "file_overwrite": False,
        # A download is read into memory up to this size, beyond it into a temporary file.
        "max_memory_size": 2 * 1024 * 1024,
    }
    if parts.username:
        storage_options["access_key"] = unquote(parts.username)
        storage_options["secret_key"] = unquote(parts.password)
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": storage_options}
