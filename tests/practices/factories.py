"""factory-boy factories for practices, their attachments, adoptions and comments."""

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from portal.lib.samples import pdf_bytes
from practices.models import Adoption, Comment, Practice, PracticeAttachment
from tests.factories import OrganisationFactory, UserFactory


class PracticeFactory(factory.django.DjangoModelFactory):
    """A published good practice of an approved library system."""

    class Meta:
        model = Practice
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Pratica numero {n}")
    slug = factory.Sequence(lambda n: f"pratica-{n}")
    summary = "Un progetto di promozione della lettura con le scuole del territorio."
    body = "Il progetto è nato nel 2023 con **dieci biblioteche**."
    organisation = factory.SubFactory(OrganisationFactory)
    status = Practice.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=Practice.Status.DRAFT, published_at=None)
        submitted = factory.Trait(
            status=Practice.Status.SUBMITTED,
            published_at=None,
            submitted_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)
            self.tag_text = ", ".join(extracted)
            self.save(update_fields=["tag_text"])

    @factory.post_generation
    def search_vector(self, create, extracted, **kwargs):
        if create:
            Practice.objects.filter(pk=self.pk).refresh_search_vector()


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeAttachment

    practice = factory.SubFactory(PracticeFactory)
    file = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="scheda.pdf"))
    original_name = "scheda.pdf"
    caption = "Scheda del progetto"
    size = factory.LazyAttribute(lambda attachment: attachment.file.size)


class AdoptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adoption

    practice = factory.SubFactory(PracticeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    note = "L'abbiamo adattata alle nostre biblioteche."
    created_by = factory.SubFactory(UserFactory)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    practice = factory.SubFactory(PracticeFactory)
    author = factory.SubFactory(UserFactory)
    body = "Bella idea, come avete coinvolto le scuole?"
