"""factory-boy factories for the portal's own content: news posts."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from portal.lib.samples import png_bytes
from portal.models import News
from tests.factories import UserFactory


class NewsFactory(factory.django.DjangoModelFactory):
    """A news post published yesterday by a staff member, with an image and two tags, indexed
    for the search as the admin indexes it."""

    class Meta:
        model = News
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Notizia numero {n}")
    slug = factory.Sequence(lambda n: f"notizia-{n}")
    summary = "La Rete apre le iscrizioni al corso sulla catalogazione partecipata."
    body = "Il corso si tiene online in **quattro incontri**."
    image = factory.LazyFunction(lambda: ContentFile(png_bytes(), name="immagine.png"))
    image_alt = "Locandina del corso"
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    author = factory.SubFactory(UserFactory, is_staff=True)

    class Params:
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create:
            self.tags.set(["formazione", "catalogazione"] if extracted is None else extracted)
            News.objects.filter(pk=self.pk).refresh_search_vectors()
