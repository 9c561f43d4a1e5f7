"""Front-end assets come from npm, and production serves them compressed and fingerprinted."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """STATIC_ROOT after `collectstatic` with the production storage."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "STATIC_ROOT": str(root), "DEBUG": "false", "SECRET_KEY": "x"},
        check=True,
        timeout=300,
    )
    return root


@pytest.fixture
def production_static(settings, collected):
    settings.STATIC_ROOT = collected
    settings.WHITENOISE_USE_FINDERS = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    return collected


def test_pages_link_fingerprinted_bootstrap_italia(production_static):
    html = Client().get("/").content.decode()
    assert re.search(r"/static/bootstrap-italia/css/bootstrap-italia\.min\.[0-9a-f]{12}\.css", html)
    assert re.search(
        r"/static/bootstrap-italia/js/bootstrap-italia\.bundle\.min\.[0-9a-f]{12}\.js", html
    )


def test_fonts_come_from_the_npm_package_with_fingerprinted_names(production_static):
    manifest = json.loads((production_static / "staticfiles.json").read_text())["paths"]
    fonts_css = (production_static / manifest["css/fonts.css"]).read_text()
    woff2 = re.findall(r"url\(['\"]?([^)'\"]+\.woff2)", fonts_css)
    assert woff2
    for url in woff2:
        assert re.search(r"\.[0-9a-f]{12}\.woff2$", url), url


def test_whitenoise_serves_static_files_compressed_with_a_long_cache(production_static):
    manifest = json.loads((production_static / "staticfiles.json").read_text())["paths"]
    url = "/static/" + manifest["bootstrap-italia/css/bootstrap-italia.min.css"]
    response = Client().get(url, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    response.close()


def test_uploaded_files_are_never_served_as_static_files(client):
    name = default_storage.save("documents/verbale.pdf", ContentFile(b"%PDF-1.4 private"))
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/static/{name}").status_code == 404
