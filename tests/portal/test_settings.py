"""Settings come from the environment, refuse bad values, and are production-safe by default."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from portal.lib.env import (
    env_bool,
    env_int,
    env_list,
    parse_cache_url,
    parse_database_url,
    parse_storage_url,
)


def run_manage(*args, env):
    """Runs manage.py in a fresh process with exactly the environment given (plus PATH)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "SECRET_KEY": "a-production-key-" + "x" * 50,
    "ALLOWED_HOSTS": "portale.retedellereti.example",
    "DATABASE_URL": "postgres://portal:secret@db.example:5432/portal",
    "EMAIL_HOST": "smtp.example",
}


@pytest.mark.parametrize("value", ["maybe", "2", "enabled"])
def test_env_bool_refuses_what_it_does_not_understand(monkeypatch, value):
    monkeypatch.setenv("DEBUG", value)
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False)


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("No", False), ("1", True)])
def test_env_bool_reads_the_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("DEBUG", value)
    assert env_bool("DEBUG", not expected) is expected


def test_env_int_refuses_a_word(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "five-eight-seven")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 587)


def test_env_list_drops_blank_items(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "a.example, ,b.example,")
    assert env_list("ALLOWED_HOSTS", []) == ["a.example", "b.example"]


def test_database_url_is_parsed_with_its_options():
    db = parse_database_url("postgres://rete:p%40ss@db.example:6543/portale?sslmode=require")
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "rete",
        "p@ss",
        "db.example",
        "6543",
        "portale",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize(
    "url", ["mysql://u@h/db", "postgres://u@h/", "postgres://u@h:port/db", "not a url"]
)
def test_database_url_refuses_what_is_not_postgres(url):
    with pytest.raises(ImproperlyConfigured):
        parse_database_url(url)


def test_cache_is_the_database_unless_redis_is_configured():
    assert parse_cache_url("")["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert parse_cache_url("redis://127.0.0.1:6379/1")["BACKEND"].endswith("RedisCache")
    with pytest.raises(ImproperlyConfigured):
        parse_cache_url("memcached://127.0.0.1")


def test_uploads_stay_in_the_local_folder_unless_a_storage_url_is_set():
    assert parse_storage_url("") == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_storage_url_gives_a_private_bucket_with_short_signed_urls():
    storage = parse_storage_url(
        "s3://RETEKEY:se%2Fcr%2Bet@minio.rete.example:9000/portale?region=eu-south-1"
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "portale",
        "endpoint_url": "https://minio.rete.example:9000",
        "region_name": "eu-south-1",
        "access_key": "RETEKEY",
        "secret_key": "se/cr+et",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
        "max_memory_size": 2 * 1024 * 1024,
    }


def test_storage_url_reaches_a_plain_http_endpoint_only_when_told():
    options = parse_storage_url("s3://k:s@127.0.0.1:9000/portale?secure=false")["OPTIONS"]
    assert options["endpoint_url"] == "http://127.0.0.1:9000"
    assert options["region_name"] is None


def test_storage_url_without_credentials_leaves_them_to_the_aws_variables():
    options = parse_storage_url("s3://s3.eu-south-1.amazonaws.com/portale")["OPTIONS"]
    assert options["endpoint_url"] == "https://s3.eu-south-1.amazonaws.com"
    assert "access_key" not in options
    assert "secret_key" not in options


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://minio.example/portale", "must start with s3://"),
        ("minio.example/portale", "must start with s3://"),
        ("s3:///portale", "names no host"),
        ("s3://k:s@/portale", "names no host"),
        ("s3://minio.example:nove/portale", "port that is not a number"),
        ("s3://minio.example", "one bucket"),
        ("s3://minio.example/portale/file", "one bucket"),
        ("s3://KEY@minio.example/portale", "key without a secret"),
        ("s3://KEY:abc/def@minio.example/portale", "%2F"),
        ("s3://minio.example/portale?secure=maybe", "secure='maybe'"),
        ("s3://minio.example/portale?regoin=eu-south-1", "unknown options regoin"),
    ],
)
def test_storage_url_refuses_what_it_does_not_understand(url, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        parse_storage_url(url)


def test_a_refused_storage_url_never_repeats_its_secret():
    with pytest.raises(ImproperlyConfigured) as refusal:
        parse_storage_url("s3://KEY:topsecret@minio.example/portale?regoin=x")
    assert "topsecret" not in str(refusal.value)


def test_deployment_check_is_clean_with_uploads_in_a_bucket():
    env = {**PRODUCTION, "STORAGE_URL": "s3://KEY:SECRET@s3.example:9000/portale?region=it"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr


def test_production_with_a_bad_storage_url_stops_with_a_clear_message():
    result = run_manage("check", env={**PRODUCTION, "STORAGE_URL": "minio.example/portale"})
    assert result.returncode != 0
    assert "STORAGE_URL must start with s3://" in result.stderr


def test_production_without_secret_key_stops_with_a_clear_message():
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_is_off_unless_set():
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=PRODUCTION
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_deployment_check_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def _proxy_header(**env):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)",
        env={**PRODUCTION, **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_forwarded_proto_is_ignored_unless_behind_a_proxy():
    assert _proxy_header() == "None"
    assert _proxy_header(BEHIND_PROXY="false") == "None"


def test_forwarded_proto_is_trusted_behind_a_proxy():
    assert _proxy_header(BEHIND_PROXY="true") == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_behind_proxy_refuses_what_it_does_not_understand():
    result = run_manage("check", env={**PRODUCTION, "BEHIND_PROXY": "nginx"})
    assert result.returncode != 0
    assert "BEHIND_PROXY" in result.stderr
