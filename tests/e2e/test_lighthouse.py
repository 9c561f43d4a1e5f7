"""Lighthouse scores every kind of page 100 for accessibility, at a phone's width and a desktop's.

Lighthouse (an npm dev dependency) drives the system's Chromium against the live server, one
process per page, one page after the other. Its audits overlap axe-core's, and add some of
their own, such as the size and spacing of touch targets.
"""

import json
import shutil
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse

from services.models import Service
from suppliers.actions import write_review
from tests.documents.factories import make_document
from tests.events.factories import make_event
from tests.factories import MembershipFactory, RoleFactory, UserFactory
from tests.portal.factories import NewsFactory
from tests.practices.factories import PracticeFactory
from tests.suppliers.factories import SupplierFactory, review_data

from .conftest import session_cookies

LIGHTHOUSE = settings.BASE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
FORM_FACTORS = {
    "phone": [
        "--form-factor=mobile",
        "--screenEmulation.mobile",
        "--screenEmulation.width=390",
        "--screenEmulation.height=844",
        "--screenEmulation.deviceScaleFactor=3",
    ],
    "desktop": ["--preset=desktop"],
}

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def lighthouse(url, form_factor, cookie=None):
    """Lighthouse's accessibility report of `url`: its score and the audits that failed."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=accessibility",
        f"--chrome-path={shutil.which('chromium') or '/usr/bin/chromium'}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        "--max-wait-for-load=20000",
        # A server-rendered page is complete once loaded: no need to wait for it to settle.
        "--pauseAfterFcpMs=0",
        "--pauseAfterLoadMs=0",
        "--networkQuietThresholdMs=0",
        "--cpuQuietThresholdMs=0",
        "--skipAboutBlank",
        "--disable-full-page-screenshot",
        *FORM_FACTORS[form_factor],
    ]
    if cookie:
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert finished.returncode == 0, finished.stderr[-2000:]
    report = json.loads(finished.stdout)
    failed = [
        f"{audit['id']}: {audit['title']} — "
        + "; ".join(
            item.get("node", {}).get("selector", "?")
            for item in (audit.get("details") or {}).get("items", [])[:3]
        )
        for audit in report["audits"].values()
        if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0
    ]
    return report["categories"]["accessibility"]["score"], failed


def representative_pages():
    """One page of each kind: the lists and a detail of every app, search, the account pages,
    and a page only a logged-in person sees."""
    membership = MembershipFactory(organisation__name="Sistema bibliotecario Vimercatese")
    organisation = membership.organisation
    referent = RoleFactory(organisation=organisation, user__first_name="Marco").user
    practice = PracticeFactory(title="Letture ad alta voce nei parchi", organisation=organisation)
    document = make_document(organisation, title="Regolamento del prestito", by=referent)
    supplier = SupplierFactory(name="Cooperativa Il Melograno")
    write_review(supplier=supplier, author=UserFactory(), data=review_data())
    service = Service.objects.filter(is_active=True).first()
    event = make_event(organisation=organisation, title="Corso di catalogazione RDA")
    news = NewsFactory(title="Al via la mappatura dei sistemi", tags=["mappatura"])
    visitor_pages = [
        reverse("portal:home"),
        reverse("practices:practice-list"),
        practice.get_absolute_url(),
        reverse("documents:document-list"),
        document.get_absolute_url(),
        reverse("suppliers:supplier-list"),
        supplier.get_absolute_url(),
        reverse("members:organisation-list"),
        organisation.get_absolute_url(),
        reverse("services:service-list"),
        service.get_absolute_url(),
        reverse("mapping:network-map"),
        reverse("events:event-list"),
        event.get_absolute_url(),
        reverse("portal:news-list"),
        news.get_absolute_url(),
        reverse("portal:about"),
        f"{reverse('portal:search')}?q=lettura",
        reverse("account_login"),
        reverse("account_signup"),
    ]
    referent_pages = [reverse("practices:practice-mine"), reverse("portal:dashboard")]
    return visitor_pages, referent_pages, referent


@pytest.mark.parametrize("form_factor", FORM_FACTORS)
def test_every_kind_of_page_scores_100_for_accessibility(live_server, form_factor):
    visitor_pages, referent_pages, referent = representative_pages()
    [cookie] = session_cookies(referent, live_server.url)
    session = f"{cookie['name']}={cookie['value']}"
    runs = [(path, None) for path in visitor_pages] + [(path, session) for path in referent_pages]

    failures = []
    for path, cookie_header in runs:
        score, failed = lighthouse(f"{live_server.url}{path}", form_factor, cookie_header)
        if score != 1:
            person = "referent" if cookie_header else "visitor"
            failures.append(f"{path} ({person}, {form_factor}): {score}\n  " + "\n  ".join(failed))

    assert not failures, "\n".join(failures)
