"""The portal's own settings (production ones when DEBUG is off), with the baseline's URL."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "portal.benchmark.urls"
