"""Factories of the services app, with every field filled, relations included."""

import factory

from members.models import Region, ServiceArea
from services.models import CompetenceOffer, Expert
from tests.factories import OrganisationFactory, UserFactory


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
