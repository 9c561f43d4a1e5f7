"""Factories of the services: requests sent through the action, with every field filled."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import CreditEntry, Membership
from portal.lib.samples import pdf_bytes
from services.actions.requests import submit_request
from services.models import Service
from tests.factories import MembershipFactory, RoleFactory


def service(slug="formazione") -> Service:
    """A service of the initial catalogue (loaded by the migration or `reference_data`)."""
    return Service.objects.get(slug=slug)


def credit_package(credits=10, **fields) -> Membership:
    """An active credit package, its credits granted as activation grants them."""
    membership = MembershipFactory(package=True, credits=credits, **fields)
    CreditEntry.objects.create(
        membership=membership, kind=CreditEntry.Kind.GRANT, amount=credits, reference="attivazione"
    )
    return membership


def referent_of(organisation):
    return RoleFactory(organisation=organisation).user


def make_request(organisation, *, by=None, slug="formazione", files=None, **data):
    """A request sent by a referent of `organisation`, with a period and an attachment."""
    by = by or referent_of(organisation)
    today = timezone.localdate()
    fields = {
        "subject": "Corso sul prestito digitale per i bibliotecari del sistema",
        "description": "Vorremmo un corso di **due giornate** per 25 persone, in presenza.",
        "desired_start": today + datetime.timedelta(days=30),
        "desired_end": today + datetime.timedelta(days=60),
        **data,
    }
    if files is None:
        files = [SimpleUploadedFile("programma.pdf", pdf_bytes())]
    return submit_request(
        service=service(slug), organisation=organisation, by=by, data=fields, files=files
    )
