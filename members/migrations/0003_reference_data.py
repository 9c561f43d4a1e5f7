"""Regions, provinces (as the national registry codes them), service areas, admission policy."""

from django.db import migrations

from members.reference import PROVINCES, REGIONS, SERVICE_AREAS

SERVICE_AREAS_EN = {
    "reclutamento": "Staff recruitment",
    "formazione": "Training",
    "comunicazione": "Communication",
    "servizi-informatici": "IT services",
    "logistica": "Logistics",
    "coprogettazione-fundraising": "Co-design and fundraising",
    "rendicontazione-sociale": "Social reporting",
    "bandi": "Calls for funding",
    "buone-pratiche": "Exchange of good practices",
    "benchmarking": "Benchmarking",
    "scambi-tirocini": "Staff exchanges and internships",
    "architettura-spazi": "Architecture and spaces",
    "gare-condivise": "Procurement and shared tenders",
    "consulenza-fiscale": "Tax consulting",
    "progetti-partecipativi": "Participatory projects",
    "supporto-giuridico-amministrativo": "Administrative and legal support",
}

KINDS = [
    "system",
    "library",
    "school",
    "academic",
    "special",
    "museum",
    "association",
    "regional-office",
    "other",
]


def load(apps, schema_editor):
    Region = apps.get_model("members", "Region")
    Province = apps.get_model("members", "Province")
    ServiceArea = apps.get_model("members", "ServiceArea")
    AdmissionRule = apps.get_model("members", "AdmissionRule")
    regions = {}
    for code, name, macro_area in REGIONS:
        regions[code], _ = Region.objects.update_or_create(
            istat_code=code, defaults={"name": name, "macro_area": macro_area}
        )
    for code, name, region_code in PROVINCES:
        Province.objects.update_or_create(
            istat_code=code, defaults={"name": name, "region": regions[region_code]}
        )
    for position, (slug, name) in enumerate(SERVICE_AREAS, start=1):
        ServiceArea.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "name_en": SERVICE_AREAS_EN[slug], "position": position},
        )
    # The network opens first to library systems.
    for kind in KINDS:
        for tier in ("official", "package"):
            AdmissionRule.objects.get_or_create(
                kind=kind, tier=tier, defaults={"is_open": kind == "system"}
            )


class Migration(migrations.Migration):
    dependencies = [("members", "0002_organisations_memberships_roles")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
