"""The practices part of `seed_scale`: years of good practices and projects, in bulk.

Every state is there (drafts, submissions, returned ones, published ones, a few featured),
with themes, audiences, partners, tags and derived practices; search vectors are computed in
SQL by the queryset's own `refresh_search_vector()`.
"""

import datetime

from django.db import connection
from django.utils import timezone

from members.models import ServiceArea
from portal.lib.scale import BATCH_SIZE, Text, batches, create_in_batches
from practices.models import DERIVABLE_LICENCES, Audience, Licence, Practice

TITLE_PARTS = (
    ["Leggere insieme", "Biblioteca aperta", "Nati per Leggere", "Il catalogo che unisce",
     "Libri in viaggio", "La biblioteca di quartiere", "Storie di comunità", "Digitale per tutti",
     "Estate in biblioteca", "Memoria locale", "Lettura facilitata", "Scaffale condiviso"],
    ["nei comuni della valle", "per le famiglie", "con le scuole", "per i nuovi cittadini",
     "in rete", "senza barriere", "tra biblioteche e musei", "per gli anziani", "di sera",
     "con i volontari", "nei piccoli comuni", "per i ragazzi"],
)  # fmt: skip
TAGS = [
    "lettura", "inclusione", "scuole", "digitale", "famiglie", "volontariato", "territorio",
    "archivi", "ragazzi", "anziani", "accessibilità", "partecipazione", "comunicazione",
]  # fmt: skip


def create_practices(rng, count: int, organisations, people, staff, progress) -> list[Practice]:
    text = Text(rng)
    themes = list(ServiceArea.objects.values_list("pk", flat=True))
    now = timezone.now()
    practices = []
    for number in range(1, count + 1):
        organisation = rng.choice(organisations)
        author = rng.choice(people)
        status = rng.choices(
            [
                Practice.Status.PUBLISHED,
                Practice.Status.DRAFT,
                Practice.Status.SUBMITTED,
                Practice.Status.RETURNED,
            ],
            [85, 7, 5, 3],
        )[0]
        year = rng.randint(2015, now.year - 1)
        ongoing = rng.random() < 0.3
        published = status == Practice.Status.PUBLISHED
        tags = sorted(rng.sample(TAGS, rng.randint(1, 4)))
        practices.append(
            Practice(
                kind=rng.choices([Practice.Kind.PRACTICE, Practice.Kind.PROJECT], [3, 1])[0],
                title=f"{rng.choice(TITLE_PARTS[0])} {rng.choice(TITLE_PARTS[1])}",
                slug=f"pratica-scala-{number}",
                summary=text.paragraph(2),
                body=text.paragraphs(3),
                organisation=organisation,
                other_partners="Associazione Amici della Biblioteca" if number % 7 == 0 else "",
                region_id=organisation.region_id,
                started_on=datetime.date(year, rng.randint(1, 12), 1),
                ended_on=None if ongoing else datetime.date(year + 1, 6, 30),
                is_ongoing=ongoing,
                audiences=rng.sample(Audience.values, rng.randint(1, 3)),
                budget=rng.randint(1, 60) * 500,
                funding_sources="Fondi del sistema; contributo regionale.",
                results=f"Hanno partecipato **{rng.randint(40, 900)}** persone nel primo anno.",
                indicators="Partecipanti per incontro\nNuovi iscritti\nPrestiti",
                replication=text.paragraph(2),
                contact_name=f"{author.first_name} {author.last_name}",
                contact_email=author.email,
                licence=rng.choice(Licence.values),
                links=f"https://{organisation.slug}.example/progetti",
                tag_text=", ".join(tags),
                status=status,
                is_featured=published and rng.random() < 0.01,
                return_reason="Aggiungi i risultati misurati."
                if status == Practice.Status.RETURNED
                else "",
                consent_confirmed_at=None if status == Practice.Status.DRAFT else now,
                created_by=author,
                submitted_by=None if status == Practice.Status.DRAFT else author,
                submitted_at=None if status == Practice.Status.DRAFT else now,
                published_at=now - datetime.timedelta(days=rng.randint(0, 3650))
                if published
                else None,
            )
        )
    practices = create_in_batches(Practice, practices, count, progress)
    _relations(rng, practices, organisations, themes)
    _derivatives(rng, practices)
    Practice.objects.filter(pk__gte=practices[0].pk).refresh_search_vector()
    return practices


def _relations(rng, practices, organisations, themes) -> None:
    Themes, Partners = Practice.themes.through, Practice.partners.through
    Tagged = Practice.tags.through
    Tag = Tagged.tag.field.related_model
    tags = {name: Tag.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in TAGS}
    for batch in batches(practices, BATCH_SIZE // 4):
        theme_rows, partner_rows, tag_rows = [], [], []
        for practice in batch:
            for theme in rng.sample(themes, rng.randint(1, 3)):
                theme_rows.append(Themes(practice_id=practice.pk, servicearea_id=theme))
            if rng.random() < 0.3:
                partner = rng.choice(organisations)
                if partner.pk != practice.organisation_id:
                    partner_rows.append(
                        Partners(practice_id=practice.pk, organisation_id=partner.pk)
                    )
            for name in practice.tag_text.split(", "):
                tag_rows.append(Tagged(content_object=practice, tag=tags[name]))
        Themes.objects.bulk_create(theme_rows)
        Partners.objects.bulk_create(partner_rows)
        Tagged.objects.bulk_create(tag_rows)


def _derivatives(rng, practices) -> None:
    """One published practice in fifty becomes the origin of a later one."""
    published = [p for p in practices if p.status == Practice.Status.PUBLISHED]
    origins = [p.pk for p in published if p.licence in DERIVABLE_LICENCES]
    pairs = [(rng.choice(origins), derived.pk) for derived in published[::50]]
    with connection.cursor() as cursor:
        cursor.executemany(
            f'UPDATE "{Practice._meta.db_table}" SET derived_from_id = %s WHERE id = %s '
            "AND id <> %s",
            [(origin, derived, origin) for origin, derived in pairs],
        )
