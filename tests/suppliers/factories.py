"""factory-boy factories for the supplier catalogue."""

import factory

from suppliers.actions import refresh_search_terms
from suppliers.models import Category, Claim, Review, Supplier, SupplierKind
from tests.factories import UserFactory

REVIEW_TEXT = (
    "Laboratori di lettura ben preparati, puntuali e adatti all'età dei bambini; "
    "la comunicazione con la biblioteca è stata sempre chiara."
)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Categoria {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"categoria-{n}")


class SupplierFactory(factory.django.DjangoModelFactory):
    """A published cooperative in one category, with no reviews."""

    class Meta:
        model = Supplier
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Cooperativa Letture {n}")
    slug = factory.Sequence(lambda n: f"cooperativa-letture-{n}")
    kind = SupplierKind.COOPERATIVE
    status = Supplier.Status.PUBLISHED
    description = "Laboratori di **lettura** per bambini e ragazzi."

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if not create:
            return
        self.categories.set(extracted if extracted is not None else [CategoryFactory()])

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def search_index(self, create, extracted, **kwargs):
        # What the actions do after every change: the search finds the supplier.
        if create:
            refresh_search_terms(supplier=self)


class ReviewFactory(factory.django.DjangoModelFactory):
    """A visible review, written straight into the table: tests of the rating summary go
    through the actions instead."""

    class Meta:
        model = Review

    supplier = factory.SubFactory(SupplierFactory)
    author = factory.SubFactory(UserFactory)
    rating = 4
    quality = 4
    value = 4
    reliability = 4
    communication = 4
    text = REVIEW_TEXT


class ClaimFactory(factory.django.DjangoModelFactory):
    """An approved claim: the person represents the supplier."""

    class Meta:
        model = Claim

    supplier = factory.SubFactory(SupplierFactory)
    user = factory.SubFactory(UserFactory)
    role = "Titolare"
    status = Claim.Status.APPROVED


def review_data(**overrides):
    """What a review form cleans to, for the actions."""
    return {
        "rating": 4,
        "quality": 4,
        "value": 4,
        "reliability": 4,
        "communication": 4,
        "text": REVIEW_TEXT,
        **overrides,
    }
