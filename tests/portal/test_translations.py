"""The Italian site shows no English string: every msgid has its Italian translation."""

import os
import shutil
import subprocess
import sys

import polib
import pytest
from django.conf import settings

# The portal's own apps are the installed ones that live in the repository.
SOURCES = [
    *(app for app in settings.INSTALLED_APPS if (settings.BASE_DIR / app).is_dir()),
    "templates",
]


@pytest.fixture(scope="module")
def extracted_catalogue(tmp_path_factory):
    """The committed Italian catalogue, merged with every string the code uses today."""
    copy = tmp_path_factory.mktemp("project")
    for name in [*SOURCES, "locale"]:
        shutil.copytree(settings.BASE_DIR / name, copy / name)
    shutil.copy(settings.BASE_DIR / "manage.py", copy)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "it", "--no-obsolete", "-v", "0"],
        cwd=copy,
        env={**os.environ, "DEBUG": "true", "PYTHONPATH": str(copy)},
        check=True,
        timeout=300,
    )
    return polib.pofile(str(copy / "locale" / "it" / "LC_MESSAGES" / "django.po"))


def test_every_string_of_the_portal_has_an_italian_translation(extracted_catalogue):
    missing = [entry.msgid for entry in extracted_catalogue.untranslated_entries()]
    assert missing == []


def test_no_italian_translation_is_left_fuzzy(extracted_catalogue):
    assert [entry.msgid for entry in extracted_catalogue.fuzzy_entries()] == []
