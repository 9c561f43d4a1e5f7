"""Factories of the services: requests sent through the action, experts and competence offers,
with every field filled, relations included."""

import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import CreditEntry, Membership, Region, ServiceArea
from portal.lib.samples import pdf_bytes
from services.actions.requests import submit_request
from services.models import CompetenceOffer, Expert, Service
from tests.factories import MembershipFactory, OrganisationFactory, RoleFactory, UserFactory


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


def _areas(slugs):
    return list(ServiceArea.objects.filter(slug__in=slugs))


def _regions(codes):
    return list(Region.objects.filter(istat_code__in=codes))


# The expert roster and the competence exchange


class ExpertFactory(factory.django.DjangoModelFactory):
    """An expert offered by a library system, on the roster, working in Lombardy on training.
    `competences` and `regions` take service-area slugs and ISTAT region codes."""

    class Meta:
        model = Expert
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Esperta {n:03d}")
    email = factory.Sequence(lambda n: f"esperta{n}@consulenze.example")
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    is_offered = True
    availability = Expert.Availability.AVAILABLE
    days_per_year = 10
    conditions = "Rimborso delle spese di viaggio."
    profile = "Bibliotecaria, forma i **volontari** sul prestito digitale."
    is_active = True

    @factory.post_generation
    def competences(self, create, extracted, **kwargs):
        if create:
            self.competences.set(_areas(extracted or ["formazione"]))

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create:
            self.regions.set(_regions(["03"] if extracted is None else extracted))


class CompetenceOfferFactory(factory.django.DjangoModelFactory):
    """A pending offer of a library system's colleague, made by one of its referents (give
    `offered_by`), in training, for Lombardy."""

    class Meta:
        model = CompetenceOffer
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    offered_by = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Collega {n:03d}")
    email = factory.Sequence(lambda n: f"collega{n}@biblioteca.example")
    days_per_year = 8
    conditions = "Solo da remoto."
    profile = "Catalogatrice esperta di **SBN**."
    status = CompetenceOffer.Status.PENDING
    decline_reason = ""
    expert = None
    decided_at = None

    @factory.post_generation
    def competences(self, create, extracted, **kwargs):
        if create:
            self.competences.set(_areas(extracted or ["formazione"]))

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create:
            self.regions.set(_regions(["03"] if extracted is None else extracted))
