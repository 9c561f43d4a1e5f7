"""The suppliers part of `seed_scale`: a national catalogue with its reviews, in bulk.

Rows are inserted in batches; the search terms and vectors are then computed by the same SQL
the actions use (`refresh_search`), and the rating summaries by one UPDATE over the reviews.
"""

from itertools import accumulate

from django.db import connection
from django.utils import timezone

from members.models import Region
from portal.lib.scale import BATCH_SIZE, Text, batches, create_in_batches
from suppliers.actions import refresh_search
from suppliers.models import Category, Reply, Review, Supplier, SupplierKind, rating_prior

NAME_PARTS = (
    ["Libreria", "Cooperativa", "Edizioni", "Arredi", "Servizi", "Studio", "Tipografia",
     "Associazione", "Informatica", "Legatoria", "Consorzio", "Teatro"],
    ["del Borgo", "Aurora", "Minerva", "Il Gabbiano", "Arcobaleno", "Gutenberg", "La Fenice",
     "Biblos", "Orizzonte", "Il Melograno", "Quadrifoglio", "Dante", "Leonardo", "Tirreno",
     "Adriatica", "Etrusca", "Alpina", "Mediterranea", "Sannita", "Lucana"],
)  # fmt: skip
TAGS = [
    "MePA", "catalogazione", "ragazzi", "arredi", "digitale", "formazione", "eventi",
    "rilegatura", "RFID", "lettura", "accessibilità", "ebook", "archivi", "teatro",
]  # fmt: skip


def create_suppliers(rng, count: int, progress) -> list[Supplier]:
    text = Text(rng)
    specialities = list(Category.objects.filter(parent__isnull=False).values_list("pk", flat=True))
    regions = list(Region.objects.values_list("pk", flat=True))
    suppliers = []
    for number in range(1, count + 1):
        name = f"{rng.choice(NAME_PARTS[0])} {rng.choice(NAME_PARTS[1])} {number}"
        slug = f"fornitore-scala-{number}"
        status = rng.choices(
            [Supplier.Status.PUBLISHED, Supplier.Status.PROPOSED, Supplier.Status.HIDDEN],
            [92, 5, 3],
        )[0]
        suppliers.append(
            Supplier(
                name=name,
                slug=slug,
                kind=rng.choice(SupplierKind.values),
                status=status,
                is_nationwide=rng.random() < 0.15,
                vat_number=f"{number:011d}",
                is_on_mepa=rng.random() < 0.6,
                website=f"https://{slug}.example",
                email=f"info@{slug}.example",
                phone=f"+39 0{rng.randint(10, 99)} {rng.randint(100000, 999999)}",
                address=f"Via Roma {rng.randint(1, 200)}",
                description=text.paragraphs(2),
                is_verified=rng.random() < 0.3,
            )
        )
    suppliers = create_in_batches(Supplier, suppliers, count, progress)
    Categories, Regions = Supplier.categories.through, Supplier.regions.through
    Tagged = Supplier.tags.through
    Tag = Tagged.tag.field.related_model
    tags = [
        Tag.objects.get_or_create(name=name, defaults={"slug": name.lower()})[0] for name in TAGS
    ]
    for batch in batches(suppliers, BATCH_SIZE // 4):
        category_rows, region_rows, tag_rows = [], [], []
        for supplier in batch:
            for category in rng.sample(specialities, rng.randint(1, 3)):
                category_rows.append(Categories(supplier_id=supplier.pk, category_id=category))
            if not supplier.is_nationwide:
                for region in rng.sample(regions, rng.randint(1, 3)):
                    region_rows.append(Regions(supplier_id=supplier.pk, region_id=region))
            for tag in rng.sample(tags, rng.randint(0, 3)):
                tag_rows.append(Tagged(content_object=supplier, tag=tag))
        Categories.objects.bulk_create(category_rows)
        Regions.objects.bulk_create(region_rows)
        Tagged.objects.bulk_create(tag_rows)
    refresh_search(Supplier.objects.filter(pk__in=[s.pk for s in suppliers]))
    return suppliers


def create_reviews(rng, count: int, suppliers, people, organisations, progress) -> None:
    """`count` reviews, at most one per person and supplier, a few hidden by staff, some with
    replies; then every supplier's rating summary from its visible reviews."""
    text = Text(rng)
    published = [s.pk for s in suppliers if s.status == Supplier.Status.PUBLISHED]
    # Popular suppliers get many reviews, most get a few: as a real catalogue has them.
    weights = list(accumulate(1 / (rank + 10) for rank in range(len(published))))
    now = timezone.now()
    seen, reviews = set(), []
    while len(reviews) < count:
        supplier = rng.choices(published, cum_weights=weights)[0]
        author = rng.choice(people)
        if (supplier, author.pk) in seen:
            continue
        seen.add((supplier, author.pk))
        base = rng.choice([2, 3, 4, 4, 4, 5, 5])
        stars = [max(1, min(5, base + rng.choice([-1, 0, 0, 1]))) for _ in range(5)]
        hidden = rng.random() < 0.02
        reviews.append(
            Review(
                supplier_id=supplier,
                author=author,
                organisation=rng.choice(organisations) if rng.random() < 0.6 else None,
                rating=stars[0],
                quality=stars[1],
                value=stars[2],
                reliability=stars[3],
                communication=stars[4],
                text=text.review(),
                work_year=rng.randint(2018, now.year),
                status=Review.Status.HIDDEN if hidden else Review.Status.VISIBLE,
                moderation_reason="Contiene dati personali." if hidden else "",
                helpful_count=rng.choice([0, 0, 0, 1, 2, 5]),
            )
        )
    reviews = create_in_batches(Review, reviews, count, progress)
    Reply.objects.bulk_create(
        (
            Reply(
                review=review,
                author=review.author,
                is_from_staff=True,
                text="Grazie per la segnalazione: ne terremo conto nelle prossime forniture.",
            )
            for review in reviews[::40]
        ),
        batch_size=BATCH_SIZE,
    )
    _spread_dates(Review, years=4)
    recompute_all_ratings()


def _spread_dates(model, *, years: int) -> None:
    """Spreads the creation dates of the rows over the last `years`, deterministically by id."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE \"{table}\" SET created_at = now() - (id %% %s) * interval '1 day', "
            f"updated_at = now() - (id %% %s) * interval '1 day'",
            [365 * years, 365 * years],
        )


def recompute_all_ratings() -> None:
    """Every supplier's rating summary in one UPDATE: what `recompute_ratings` writes for one."""
    prior_reviews, prior_mean = rating_prior()
    supplier, review = Supplier._meta.db_table, Review._meta.db_table
    averages = ", ".join(
        f"{name}_average = round(r.{name}_average, 2)" for name in ["rating", *Review.CRITERIA]
    )
    selects = ", ".join(f"avg({name}) AS {name}_average" for name in ["rating", *Review.CRITERIA])
    stars = ", ".join(f"count(*) FILTER (WHERE rating = {n}) AS stars_{n}" for n in range(1, 6))
    set_stars = ", ".join(f"stars_{n} = r.stars_{n}" for n in range(1, 6))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE "{supplier}" s SET review_count = r.review_count, {averages}, {set_stars},
                bayesian_score = round(
                    (r.review_count * r.rating_average + %s * %s) / (r.review_count + %s), 4)
            FROM (
                SELECT supplier_id, count(*) AS review_count, {selects}, {stars}
                FROM "{review}" WHERE status = 'visible' GROUP BY supplier_id
            ) r WHERE r.supplier_id = s.id""",
            [prior_reviews, prior_mean, prior_reviews],
        )
