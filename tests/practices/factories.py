"""factory-boy factories for practices, their attachments, adoptions and comments."""

import io
import zipfile

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from practices.models import Adoption, Comment, Practice, PracticeAttachment
from tests.factories import OrganisationFactory, UserFactory


def pdf_bytes(text: str = "Buone pratiche") -> bytes:
    """A small valid one-page PDF."""
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode()
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        xref,
    )
    return bytes(out)


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


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
