"""The mapping part of `seed_scale`: the yearly surveys of many systems over several years.

Sizes follow the system (a small rural system and a metropolitan one), figures grow a little
year on year, some figures are missing (never zero), and this year's survey is sometimes still
a draft.
"""

from decimal import Decimal

from django.utils import timezone

from mapping.models import GovernanceModel, Survey, SystemElement
from members.models import ServiceArea
from portal.lib.scale import BATCH_SIZE, Text, batches, create_in_batches

SOFTWARE = ["Clavis", "SebinaNEXT", "Sebina", "Koha", "Aleph", "Erasmo", "Fluxus"]


def create_surveys(rng, systems, years: int, progress) -> int:
    text = Text(rng)
    this_year = timezone.localdate().year
    governance = list(GovernanceModel.objects.values_list("pk", flat=True))
    areas = list(ServiceArea.objects.values_list("pk", flat=True))
    elements = list(SystemElement.objects.values_list("pk", flat=True))
    answering = [s for s in systems if s.status != "rejected"]
    surveys, picks = [], []
    for system in answering:
        libraries = rng.randint(3, 80)
        population = libraries * rng.randint(4_000, 25_000)
        shape = (rng.choice(governance), rng.choice(Survey.Management.values))
        for year in range(this_year - years + 1, this_year + 1):
            growth = 1 + (year - this_year) * 0.03
            draft = year == this_year and rng.random() < 0.1

            def figure(value, missing=0.08, growth=growth):
                return None if rng.random() < missing else value * growth

            loans = figure(population * rng.uniform(0.5, 3))
            users = figure(population * rng.uniform(0.05, 0.25))
            hours = figure(libraries * rng.uniform(18, 40))
            fte = figure(libraries * rng.uniform(0.8, 3))
            spending = figure(population * rng.uniform(0.3, 2.5))
            surveys.append(
                Survey(
                    organisation=system,
                    year=year,
                    status=Survey.Status.DRAFT if draft else Survey.Status.SUBMITTED,
                    governance_id=shape[0],
                    management=shape[1],
                    libraries_count=libraries,
                    municipalities_count=max(1, libraries - rng.randint(0, 3)),
                    population_served=population,
                    software=rng.choice(SOFTWARE),
                    has_union_catalogue=rng.random() < 0.8,
                    figures_year=year - 1,
                    loans=None if loans is None else int(loans),
                    active_users=None if users is None else int(users),
                    opening_hours_per_week=None if hours is None else Decimal(f"{hours:.1f}"),
                    staff_fte=None if fte is None else Decimal(f"{fte:.1f}"),
                    acquisitions_spending=None if spending is None else Decimal(f"{spending:.2f}"),
                    needs=text.paragraph(2),
                    proposals=text.sentence(),
                    submitted_at=None if draft else timezone.now(),
                )
            )
            picks.append((rng.sample(areas, 3), rng.sample(areas, 3), rng.sample(elements, 3)))
    surveys = create_in_batches(Survey, surveys, len(surveys), progress)
    Services, Support = Survey.services_provided.through, Survey.support_needed.through
    Elements = Survey.elements.through
    rows = zip(surveys, picks, strict=True)
    for batch in batches(rows, BATCH_SIZE // 4):
        services, support, shared = [], [], []
        for survey, (provided, needed, elements_) in batch:
            services += [Services(survey_id=survey.pk, servicearea_id=pk) for pk in provided]
            support += [Support(survey_id=survey.pk, servicearea_id=pk) for pk in needed]
            shared += [Elements(survey_id=survey.pk, systemelement_id=pk) for pk in elements_]
        Services.objects.bulk_create(services)
        Support.objects.bulk_create(support)
        Elements.objects.bulk_create(shared)
    return len(surveys)
