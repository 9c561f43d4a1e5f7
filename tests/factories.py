"""factory-boy factories for the portal's models."""

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from mapping.models import GovernanceModel, Survey, SystemElement
from members.models import (
    LibraryLink,
    Membership,
    Organisation,
    OrganisationKind,
    Province,
    Region,
    Role,
    ServiceArea,
    User,
)

PASSWORD = "a-long-test-password-1"


def place(region_code: str, province_code: str) -> dict:
    """The region and province of ISTAT codes, as an organisation's fields."""
    return {
        "region": Region.objects.get(istat_code=region_code),
        "province": Province.objects.get(istat_code=province_code),
    }


class UserFactory(factory.django.DjangoModelFactory):
    """A registered person whose e-mail address is verified, able to log in with PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persona{n}@biblioteca.example")
    first_name = factory.Faker("first_name", locale="it_IT")
    last_name = factory.Faker("last_name", locale="it_IT")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if not create:
            return
        self.save()
        if extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An approved library system in Lombardy, unless told otherwise."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Sistema bibliotecario n. {n}")
    slug = factory.Sequence(lambda n: f"sistema-{n}")
    kind = OrganisationKind.LIBRARY_SYSTEM
    status = Organisation.Status.APPROVED
    region = factory.LazyFunction(lambda: Region.objects.get(istat_code="03"))
    province = factory.LazyFunction(lambda: Province.objects.get(istat_code="015"))
    municipality = "Milano"


class MembershipFactory(factory.django.DjangoModelFactory):
    """An active official membership for the current year."""

    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    tier = Membership.Tier.OFFICIAL
    status = Membership.Status.ACTIVE
    starts_on = factory.LazyFunction(lambda: timezone.localdate().replace(month=1, day=1))
    ends_on = factory.LazyFunction(lambda: timezone.localdate().replace(month=12, day=31))
    pledged_hours_per_month = 8

    class Params:
        # A public body's purchase, with the codes its rules ask for.
        package = factory.Trait(
            tier=Membership.Tier.PACKAGE,
            credits=20,
            pledged_hours_per_month=None,
            cig=factory.Sequence(lambda n: f"Z{n:09d}"),
            determina_number=factory.Sequence(lambda n: f"{n + 1}/2026"),
            determina_date=factory.LazyFunction(
                lambda: timezone.localdate().replace(month=1, day=1)
            ),
            ipa_code=factory.Sequence(lambda n: f"UF{n:04d}"),
        )


class RoleFactory(factory.django.DjangoModelFactory):
    """An approved referent."""

    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    kind = Role.Kind.REFERENT
    status = Role.Status.APPROVED


class LibraryLinkFactory(factory.django.DjangoModelFactory):
    """A library's confirmed link to a system; `pending=True` for one awaiting the library."""

    class Meta:
        model = LibraryLink

    library = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.LIBRARY)
    system = factory.SubFactory(OrganisationFactory)
    status = LibraryLink.Status.CONFIRMED
    requested_by = factory.SubFactory(UserFactory)
    decided_at = factory.LazyFunction(timezone.now)

    class Params:
        pending = factory.Trait(status=LibraryLink.Status.PENDING, decided_at=None)


class SurveyFactory(factory.django.DjangoModelFactory):
    """A system's submitted survey for the current year; `support_needed`, `services_provided`
    and `elements` take slugs."""

    class Meta:
        model = Survey
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    status = Survey.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    governance = factory.LazyFunction(lambda: GovernanceModel.objects.get(slug="convenzione"))
    management = Survey.Management.DIRECT
    libraries_count = 20
    municipalities_count = 15
    population_served = 200_000

    class Params:
        draft = factory.Trait(status=Survey.Status.DRAFT, submitted_at=None)

    @factory.post_generation
    def support_needed(self, create, slugs, **kwargs):
        if create and slugs:
            self.support_needed.set(ServiceArea.objects.filter(slug__in=slugs))

    @factory.post_generation
    def services_provided(self, create, slugs, **kwargs):
        if create and slugs:
            self.services_provided.set(ServiceArea.objects.filter(slug__in=slugs))

    @factory.post_generation
    def elements(self, create, slugs, **kwargs):
        if create and slugs:
            self.elements.set(SystemElement.objects.filter(slug__in=slugs))
