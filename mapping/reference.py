"""The mapping survey's lists of governance models and defining elements of a system, as the
network's working-group paper starts them; staff edit them in the admin afterwards."""

# (slug, name in Italian, name in English)
GOVERNANCE_MODELS = [
    (
        "convenzione",
        "Convenzione tra comuni con comune capofila",
        "Agreement between municipalities with a lead municipality",
    ),
    ("consorzio", "Consorzio", "Consortium"),
    ("unione-comuni", "Unione di comuni", "Union of municipalities"),
    ("unione-montana", "Unione montana", "Mountain union of municipalities"),
    (
        "azienda-speciale",
        "Azienda speciale o istituzione",
        "Special agency or institution of a municipality",
    ),
    ("provincia", "Provincia o città metropolitana", "Province or metropolitan city"),
    ("regione", "Regione o provincia autonoma", "Region or autonomous province"),
    ("fondazione", "Fondazione", "Foundation"),
    ("altro", "Altro", "Other"),
]

SYSTEM_ELEMENTS = [
    ("accordo-formale", "Accordo formale tra gli enti", "Formal agreement between the bodies"),
    ("catalogo-condiviso", "Catalogo condiviso", "Shared catalogue"),
    ("software-condiviso", "Software gestionale condiviso", "Shared library software"),
    (
        "circolazione",
        "Circolazione interbibliotecaria e document delivery",
        "Interlibrary circulation and document delivery",
    ),
    ("acquisti", "Acquisti coordinati", "Coordinated purchasing"),
    ("formazione", "Formazione condivisa", "Shared training"),
    (
        "programmazione",
        "Programmazione culturale coordinata",
        "Coordinated cultural programming",
    ),
    ("coordinamento", "Personale dedicato al coordinamento", "Dedicated coordination staff"),
    ("bilancio", "Bilancio condiviso", "Shared budget"),
    ("comunicazione", "Comunicazione condivisa", "Shared communication"),
]


def load_survey_lists(*, GovernanceModel, SystemElement):
    """Create the survey's lists where missing; staff's later edits to them stay."""
    for position, (slug, name, name_en) in enumerate(GOVERNANCE_MODELS, start=1):
        GovernanceModel.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "position": position,
                "is_other": slug == "altro",
            },
        )
    for position, (slug, name, name_en) in enumerate(SYSTEM_ELEMENTS, start=1):
        SystemElement.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position}
        )
