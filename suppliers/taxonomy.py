"""The first categories of the catalogue: the areas the network's libraries buy services in.

Staff edit them in the admin afterwards; the migration that loads them and the tests that need
them call `load_categories()`. Each area is (slug, Italian name, English name, [specialities]).
"""

TAXONOMY = [
    (
        "promozione-lettura",
        "Promozione della lettura e animazione",
        "Reading promotion and animation",
        [
            (
                "letture-bambini",
                "Letture e laboratori per bambini",
                "Readings and workshops for children",
            ),
            ("gruppi-lettura", "Gruppi di lettura", "Reading groups"),
            ("nati-per-leggere", "Nati per Leggere e prima infanzia", "Early childhood reading"),
        ],
    ),
    (
        "formazione",
        "Formazione",
        "Training",
        [
            ("formazione-catalogazione", "Catalogazione", "Cataloguing"),
            ("formazione-digitale", "Competenze digitali", "Digital skills"),
        ],
    ),
    (
        "software-servizi-digitali",
        "Software per biblioteche e servizi digitali",
        "Library software and digital services",
        [
            ("gestionali", "Gestionali e cataloghi (ILS, OPAC)", "Library systems and catalogues"),
            ("migrazione-dati", "Migrazione di cataloghi e dati", "Catalogue and data migration"),
            ("prestito-digitale", "Prestito digitale", "Digital lending"),
        ],
    ),
    (
        "fornitura-libri",
        "Fornitura di libri e media",
        "Books and media supply",
        [
            ("librerie", "Librerie e distributori", "Bookshops and distributors"),
            ("audiovisivi", "Audiovisivi e periodici", "Audiovisual media and periodicals"),
        ],
    ),
    ("arredi", "Arredi e allestimenti", "Furniture and fittings", []),
    ("logistica", "Logistica e trasporti", "Logistics", []),
    ("comunicazione", "Comunicazione e grafica", "Communication and graphics", []),
    ("consulenza", "Consulenza", "Consulting", []),
    ("eventi-culturali", "Eventi culturali", "Cultural events", []),
]


def load_categories(Category) -> None:
    """Creates the areas and their specialities that are missing; leaves staff's edits alone."""
    for position, (slug, name, name_en, children) in enumerate(TAXONOMY):
        area, _created = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position}
        )
        for child_position, (child_slug, child_name, child_name_en) in enumerate(children):
            Category.objects.get_or_create(
                slug=child_slug,
                defaults={
                    "name": child_name,
                    "name_en": child_name_en,
                    "parent": area,
                    "position": child_position,
                },
            )
