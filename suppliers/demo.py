"""The demo data of the supplier catalogue: about sixty fictional suppliers across the categories
and regions, a few hundred reviews, a claimed supplier with replies, a flagged review and a
proposal waiting for staff. `seed_demo` calls `load_demo_suppliers()`; safe to run again.

Everything goes through the actions, like real use; review dates are then spread over the last
two years (the daily review limit counts the last 24 hours only).
"""

import datetime
import random

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from members.models import Organisation, Region, Role, User
from suppliers.actions import (
    approve_claim,
    claim_supplier,
    create_supplier,
    flag_review,
    propose_supplier,
    reply_to_review,
    write_review,
)
from suppliers.models import Category, Claim, Reply, Review, Supplier, SupplierKind

# (name, kind, category slugs, region codes or "IT" for nationwide, tags)
SUPPLIERS = [
    (
        "Cooperativa Il Melograno",
        "cooperative",
        ["letture-bambini", "gruppi-lettura"],
        ["03"],
        ["letture ad alta voce", "laboratori"],
    ),
    (
        "Associazione Storie in Cammino",
        "association",
        ["letture-bambini"],
        ["09", "10"],
        ["laboratori", "ragazzi"],
    ),
    (
        "Nati per Leggere Salento APS",
        "association",
        ["nati-per-leggere"],
        ["16"],
        ["prima infanzia", "volontari"],
    ),
    (
        "Teatro di Carta",
        "cooperative",
        ["promozione-lettura", "eventi-culturali"],
        ["03", "05", "08"],
        ["teatro", "letture ad alta voce"],
    ),
    (
        "Libri Parlanti soc. coop.",
        "cooperative",
        ["gruppi-lettura"],
        ["20"],
        ["gruppi di lettura", "adulti"],
    ),
    (
        "Marta Colombo, narratrice",
        "freelancer",
        ["letture-bambini"],
        ["03"],
        ["narrazione", "ragazzi"],
    ),
    (
        "Lettura Viva APS",
        "association",
        ["promozione-lettura"],
        ["15", "17"],
        ["festival", "scuole"],
    ),
    (
        "Officina delle Storie",
        "cooperative",
        ["letture-bambini", "nati-per-leggere"],
        ["01", "07"],
        ["laboratori", "prima infanzia"],
    ),
    (
        "Giulio Ferri, animatore alla lettura",
        "freelancer",
        ["promozione-lettura"],
        ["12"],
        ["scuole", "narrazione"],
    ),
    (
        "Biblioformazione srl",
        "company",
        ["formazione-catalogazione"],
        "IT",
        ["catalogazione", "RDA"],
    ),
    (
        "Scuola per Bibliotecari Toscana",
        "association",
        ["formazione"],
        ["09"],
        ["corsi", "aggiornamento"],
    ),
    (
        "Digitale in Biblioteca",
        "cooperative",
        ["formazione-digitale"],
        "IT",
        ["competenze digitali", "facilitazione"],
    ),
    (
        "Elena Marchetti, formatrice",
        "freelancer",
        ["formazione-catalogazione", "consulenza"],
        ["08", "11"],
        ["catalogazione", "SBN"],
    ),
    (
        "Accademia dei Servizi Bibliotecari",
        "company",
        ["formazione"],
        "IT",
        ["corsi online", "webinar"],
    ),
    (
        "Open Catalogo srl",
        "company",
        ["gestionali", "migrazione-dati"],
        "IT",
        ["ILS", "open source", "SBN"],
    ),
    ("DataLib Migrazioni", "company", ["migrazione-dati"], "IT", ["migrazione", "MARC"]),
    (
        "Cooperativa Informatica Bibliotecaria",
        "cooperative",
        ["gestionali"],
        ["03", "05", "06"],
        ["OPAC", "assistenza"],
    ),
    ("Bibliocloud spa", "company", ["gestionali", "prestito-digitale"], "IT", ["cloud", "app"]),
    ("MediaPrestito Italia", "company", ["prestito-digitale"], "IT", ["ebook", "audiolibri"]),
    (
        "Software Libero per le Biblioteche APS",
        "association",
        ["gestionali"],
        "IT",
        ["open source", "Koha"],
    ),
    (
        "Libreria dei Ragazzi Lecco",
        "company",
        ["librerie"],
        ["03"],
        ["libri per ragazzi", "sconto biblioteche"],
    ),
    (
        "Distribuzione Libraria Meridionale",
        "company",
        ["librerie"],
        ["15", "16", "17", "18"],
        ["forniture", "novità"],
    ),
    (
        "Libreria Indipendente Il Gabbiano",
        "company",
        ["librerie"],
        ["20"],
        ["editoria locale", "fornitura"],
    ),
    ("Emeroteca Servizi srl", "company", ["audiovisivi"], "IT", ["periodici", "abbonamenti"]),
    ("Cinevideo Biblioteche", "company", ["audiovisivi"], "IT", ["DVD", "musica"]),
    (
        "Libri & Scuola Fornitures",
        "company",
        ["fornitura-libri"],
        ["12", "13"],
        ["scolastica", "novità"],
    ),
    ("Arredo Biblioteca srl", "company", ["arredi"], "IT", ["scaffalature", "sale lettura"]),
    (
        "Falegnameria Sociale Il Ponte",
        "cooperative",
        ["arredi"],
        ["05", "06"],
        ["arredi su misura", "legno"],
    ),
    (
        "Spazi per Leggere",
        "company",
        ["arredi", "consulenza"],
        ["01", "03", "07"],
        ["progettazione", "sezione ragazzi"],
    ),
    (
        "Design Biblioteche Sud",
        "company",
        ["arredi"],
        ["15", "16", "19"],
        ["allestimenti", "illuminazione"],
    ),
    (
        "Trasporti Librari Lombardi",
        "company",
        ["logistica"],
        ["03"],
        ["prestito interbibliotecario", "navetta"],
    ),
    (
        "Logistica Culturale Toscana",
        "cooperative",
        ["logistica"],
        ["09", "10"],
        ["prestito interbibliotecario", "traslochi"],
    ),
    (
        "Cooperativa Sociale La Navetta",
        "cooperative",
        ["logistica"],
        ["16"],
        ["prestito interbibliotecario", "inserimento lavorativo"],
    ),
    ("Traslochi d'Archivio srl", "company", ["logistica"], "IT", ["traslochi", "archivi"]),
    (
        "Studio Grafico Pagina Bianca",
        "company",
        ["comunicazione"],
        ["08"],
        ["grafica", "manifesti"],
    ),
    ("Comunicare la Cultura", "cooperative", ["comunicazione"], "IT", ["social media", "siti web"]),
    (
        "Luca Fontana, illustratore",
        "freelancer",
        ["comunicazione"],
        ["05"],
        ["illustrazione", "identità visiva"],
    ),
    (
        "Agenzia Biblioteca Aperta",
        "company",
        ["comunicazione", "eventi-culturali"],
        ["12", "11"],
        ["campagne", "eventi"],
    ),
    (
        "Fotografia e Memoria APS",
        "association",
        ["comunicazione"],
        ["19"],
        ["fotografia", "fondi locali"],
    ),
    ("Consulenze Bibliotecarie Associate", "company", ["consulenza"], "IT", ["gare", "capitolati"]),
    (
        "Biblioteche e Territorio",
        "cooperative",
        ["consulenza"],
        ["09", "12"],
        ["progettazione", "bandi"],
    ),
    (
        "Sara Conti, consulente archivistica",
        "freelancer",
        ["consulenza"],
        ["01"],
        ["archivi", "scarto"],
    ),
    (
        "Fundraising per la Cultura",
        "company",
        ["consulenza"],
        "IT",
        ["fundraising", "bandi europei"],
    ),
    (
        "Centro Servizi Culturali della Provincia",
        "public-body",
        ["consulenza", "formazione"],
        ["03"],
        ["ente pubblico", "coordinamento"],
    ),
    (
        "Festival Letterario dei Due Mari",
        "association",
        ["eventi-culturali"],
        ["18"],
        ["festival", "autori"],
    ),
    (
        "Compagnia Teatrale Il Sipario",
        "association",
        ["eventi-culturali"],
        ["08", "11"],
        ["teatro", "reading"],
    ),
    (
        "Musica tra gli Scaffali",
        "association",
        ["eventi-culturali"],
        ["05"],
        ["concerti", "musica"],
    ),
    (
        "Incontri con l'Autore srl",
        "company",
        ["eventi-culturali"],
        "IT",
        ["autori", "presentazioni"],
    ),
    (
        "Cooperativa Culturale Nuraghe",
        "cooperative",
        ["eventi-culturali", "promozione-lettura"],
        ["20"],
        ["festival", "lingua sarda"],
    ),
    (
        "Scienza in Biblioteca",
        "association",
        ["eventi-culturali", "letture-bambini"],
        ["07", "01"],
        ["scienza", "laboratori"],
    ),
    ("Fumetto Aperto APS", "association", ["promozione-lettura"], ["12"], ["fumetto", "ragazzi"]),
    (
        "Coop. Servizi Bibliotecari Integrati",
        "cooperative",
        ["consulenza", "gestionali"],
        ["16", "15"],
        ["gestione biblioteche", "personale"],
    ),
    (
        "Biblioteca Servizi Veneto",
        "cooperative",
        ["formazione", "consulenza"],
        ["05"],
        ["gestione biblioteche", "catalogazione"],
    ),
    (
        "Digitalizzazione Beni Culturali srl",
        "company",
        ["software-servizi-digitali"],
        "IT",
        ["digitalizzazione", "fondi antichi"],
    ),
    (
        "Podcast di Carta",
        "freelancer",
        ["comunicazione", "promozione-lettura"],
        "IT",
        ["podcast", "audio"],
    ),
    (
        "Accessibilità Cultura APS",
        "association",
        ["consulenza", "formazione"],
        "IT",
        ["accessibilità", "CAA"],
    ),
    (
        "Libri in Simboli coop.",
        "cooperative",
        ["fornitura-libri", "letture-bambini"],
        "IT",
        ["CAA", "inclusione"],
    ),
    (
        "Edizioni per Biblioteche Tirreno",
        "company",
        ["librerie"],
        ["09", "07"],
        ["editoria", "fornitura"],
    ),
    (
        "Laboratorio di Legatoria Antica",
        "company",
        ["consulenza"],
        ["10", "09"],
        ["restauro", "legatoria"],
    ),
    (
        "Rete Volontari della Lettura Molise",
        "association",
        ["promozione-lettura"],
        ["14", "13"],
        ["volontari", "anziani"],
    ),
]

DESCRIPTIONS = {
    "promozione-lettura": (
        "Progetta e conduce attività di **promozione della lettura** per biblioteche e scuole: "
        "letture ad alta voce, incontri e percorsi per ogni età."
    ),
    "formazione": (
        "Organizza **corsi di formazione** e aggiornamento per il personale delle biblioteche, in "
        "presenza e online."
    ),
    "software-servizi-digitali": (
        "Fornisce **software e servizi digitali** per biblioteche: installazione, assistenza e "
        "formazione del personale."
    ),
    "fornitura-libri": (
        "Si occupa della **fornitura di libri e media** alle biblioteche, con condizioni dedicate "
        "agli enti pubblici."
    ),
    "arredi": (
        "Progetta e realizza **arredi e allestimenti** per biblioteche: scaffalature, sale "
        "lettura, spazi per ragazzi."
    ),
    "logistica": (
        "Offre servizi di **logistica** per biblioteche: navette del prestito interbibliotecario, "
        "traslochi di fondi e archivi."
    ),
    "comunicazione": (
        "Cura la **comunicazione** delle biblioteche: identità visiva, materiali promozionali, "
        "siti web e social."
    ),
    "consulenza": (
        "Offre **consulenza** a biblioteche e sistemi bibliotecari: progettazione dei servizi, "
        "gare, bandi e organizzazione."
    ),
    "eventi-culturali": (
        "Organizza **eventi culturali** in biblioteca: festival, incontri con autori, spettacoli "
        "e rassegne."
    ),
}

FIRST_NAMES = [
    "Giovanna",
    "Francesca",
    "Alessandro",
    "Roberta",
    "Stefano",
    "Laura",
    "Davide",
    "Elisa",
    "Matteo",
    "Silvia",
    "Andrea",
    "Paola",
    "Federico",
    "Valentina",
    "Simone",
    "Cristina",
    "Lorenzo",
    "Martina",
    "Riccardo",
    "Daniela",
    "Enrico",
    "Claudia",
    "Fabio",
    "Monica",
]
LAST_NAMES = [
    "Rossi",
    "Ferrari",
    "Esposito",
    "Bianchi",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Gallo",
    "Conti",
    "De Luca",
    "Mancini",
    "Costa",
    "Giordano",
    "Rizzo",
    "Lombardi",
    "Moretti",
    "Barbieri",
    "Fontana",
    "Santoro",
    "Mariani",
    "Rinaldi",
]
LIBRARY_DOMAINS = [
    "biblioteca-monza",
    "sbvaldelsa",
    "bibliotechelecco",
    "sbsiena",
    "biblioteche-cagliari",
    "bibliotecalecce",
    "sbnordovest",
    "biblioteche-brianza",
]

GOOD = [
    (
        "Abbiamo organizzato con loro un ciclo di incontri per la biblioteca: tutto puntuale, "
        "materiali curati e una grande attenzione al pubblico. Li richiameremo."
    ),
    (
        "Servizio eccellente dall'inizio alla fine. Il preventivo era chiaro, i tempi rispettati "
        "e il personale della biblioteca è stato coinvolto in ogni fase."
    ),
    (
        "Professionali e disponibili: hanno adattato la proposta alle esigenze del nostro sistema "
        "bibliotecario senza costi aggiuntivi. Ottimo rapporto qualità/prezzo."
    ),
    (
        "Lavoro di grande qualità. Gli utenti hanno apprezzato moltissimo e abbiamo ricevuto "
        "molti commenti positivi. Consigliati ad altre biblioteche della rete."
    ),
    (
        "Collaborazione molto positiva: comunicazione rapida, referente sempre raggiungibile e "
        "una relazione finale utile anche per la rendicontazione del progetto."
    ),
    (
        "Li seguiamo da anni e non ci hanno mai deluso. Sanno lavorare con le biblioteche piccole "
        "come con i sistemi, e conoscono bene le procedure degli enti pubblici."
    ),
]
MIXED = [
    (
        "Buona qualità del lavoro, ma qualche ritardo nella consegna ci ha costretto a rivedere "
        "il calendario. La comunicazione potrebbe essere più puntuale."
    ),
    (
        "Nel complesso soddisfatti: il servizio è stato svolto bene, anche se il prezzo è un po' "
        "alto rispetto ad altri fornitori che abbiamo sentito."
    ),
    (
        "Proposta interessante e personale competente. Qualche difficoltà nella parte "
        "organizzativa, risolta comunque con la disponibilità di tutti."
    ),
    (
        "Risultato discreto. Per il prossimo incarico chiederemo un cronoprogramma più "
        "dettagliato, perché alcune fasi si sono sovrapposte."
    ),
]
BAD = [
    (
        "Esperienza deludente: i tempi concordati non sono stati rispettati e abbiamo dovuto "
        "sollecitare più volte per avere risposte. Non lo consiglieremmo."
    ),
    (
        "Il lavoro consegnato non corrispondeva a quanto previsto dal capitolato e le correzioni "
        "hanno richiesto settimane. Comunicazione difficile."
    ),
    (
        "Prezzo alto per un servizio che si è rivelato poco curato. Il referente è cambiato due "
        "volte durante l'incarico e abbiamo perso molto tempo."
    ),
]
REPLIES = [
    (
        "Grazie per la recensione: è un piacere lavorare con biblioteche così attente. A presto "
        "con nuovi progetti!"
    ),
    (
        "Grazie del riscontro. Ci dispiace per il ritardo: abbiamo rivisto l'organizzazione per "
        "evitare che si ripeta."
    ),
]


def load_demo_suppliers(*, staff) -> dict:
    """Creates what is missing of the demo catalogue; returns how many suppliers and reviews."""
    rng = random.Random(2026)
    with transaction.atomic():
        reviewers = _reviewers()
        suppliers = [_supplier(entry, staff, rng) for entry in SUPPLIERS]
        for number, supplier in enumerate(suppliers):
            # The first one, which its representative claims, has reviews to reply to.
            _reviews(supplier, reviewers, minimum=8 if number == 0 else 0)
        _members_reviews(suppliers, rng)
        _claimed_supplier(suppliers[0], staff)
        _flagged_review(suppliers[5], reviewers)
        _proposal(reviewers[0])
    return {
        "suppliers": Supplier.objects.count(),
        "reviews": Review.objects.count(),
    }


def _reviewers() -> list:
    people = []
    for number in range(40):
        first = FIRST_NAMES[number % len(FIRST_NAMES)]
        last = LAST_NAMES[(number * 7 + number // len(FIRST_NAMES)) % len(LAST_NAMES)]
        domain = LIBRARY_DOMAINS[number % len(LIBRARY_DOMAINS)]
        email = f"{first}.{last}".lower().replace(" ", "") + f"@{domain}.example"
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last, "language": "it"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        people.append(user)
    return people


def _supplier(entry, staff, rng) -> Supplier:
    name, kind, category_slugs, region_codes, tags = entry
    existing = Supplier.objects.filter(name=name).first()
    if existing is not None:
        return existing
    categories = list(Category.objects.filter(slug__in=category_slugs))
    area = categories[0].parent or categories[0]
    slug_part = name.lower().split(",")[0].replace(" ", "").replace("'", "")[:20]
    data = {
        "name": name,
        "kind": kind,
        "categories": categories,
        "regions": []
        if region_codes == "IT"
        else list(Region.objects.filter(istat_code__in=region_codes)),
        "is_nationwide": region_codes == "IT",
        "tags": tags,
        "description": DESCRIPTIONS[area.slug]
        + "\n\nLavora con biblioteche pubbliche, scolastiche e sistemi bibliotecari; "
        "preventivi su richiesta.",
        "website": f"https://{slug_part}.example",
        "email": f"info@{slug_part}.example",
        "phone": f"0{rng.randint(10, 99)} {rng.randint(100000, 999999)}",
        "is_on_mepa": kind in {SupplierKind.COMPANY, SupplierKind.COOPERATIVE}
        and rng.random() < 0.6,
        "is_in_runts": kind == SupplierKind.ASSOCIATION,
        "is_verified": rng.random() < 0.4,
    }
    return create_supplier(by=staff, data=data)


def _rating(base, rng) -> int:
    return max(1, min(5, round(rng.gauss(base, 0.9))))


def _text(rating, rng) -> str:
    pool = GOOD if rating >= 4 else MIXED if rating == 3 else BAD
    return rng.choice(pool)


def _backdate(review, rng) -> None:
    # The daily limit counts the last 24 hours: demo reviews belong to the past two years.
    days = rng.randint(2, 730)
    Review.objects.filter(pk=review.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days, minutes=rng.randint(0, 1440))
    )


def _reviews(supplier, reviewers, *, minimum) -> None:
    if supplier.reviews.exists():
        return
    # One generator per supplier: the same reviews whatever was created before.
    rng = random.Random(supplier.name)
    base = rng.uniform(2.6, 4.9)
    count = max(minimum, rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 18]))
    for author in rng.sample(reviewers, count):
        rating = _rating(base, rng)
        review = write_review(
            supplier=supplier,
            author=author,
            data={
                "rating": rating,
                "quality": _rating(base, rng),
                "value": _rating(base - 0.3, rng),
                "reliability": _rating(base, rng),
                "communication": _rating(base + 0.1, rng),
                "text": _text(rating, rng),
                "work_year": rng.choice([None, 2023, 2024, 2025]),
                "cig": rng.choice(
                    ["", "", "", f"{rng.randint(1000000, 9999999)}A{rng.randint(10, 99)}"]
                ),
            },
        )
        _backdate(review, rng)
        if rng.random() < 0.4:
            Review.objects.filter(pk=review.pk).update(helpful_count=rng.randint(1, 9))


def _members_reviews(suppliers, rng) -> None:
    """Referents of member systems review on their organisation's behalf: the badge shows."""
    roles = Role.objects.approved().select_related("user", "organisation")
    for role in roles.filter(organisation__status=Organisation.Status.APPROVED):
        for supplier in suppliers[1:4]:
            if supplier.reviews.filter(author=role.user).exists():
                continue
            review = write_review(
                supplier=supplier,
                author=role.user,
                data={
                    "rating": 5,
                    "quality": 5,
                    "value": 4,
                    "reliability": 5,
                    "communication": 4,
                    "text": GOOD[rng.randrange(len(GOOD))],
                    "organisation": role.organisation,
                    "work_year": 2025,
                },
            )
            _backdate(review, rng)


def _claimed_supplier(supplier, staff) -> None:
    email = "titolare@melograno.example"
    owner, created = User.objects.get_or_create(
        email=email, defaults={"first_name": "Rita", "last_name": "Melis", "language": "it"}
    )
    if created:
        owner.set_password("demo-rete-2026")
        owner.save(update_fields=["password"])
        EmailAddress.objects.create(user=owner, email=email, verified=True, primary=True)
    if not supplier.claims.filter(user=owner).exists():
        claim = claim_supplier(supplier=supplier, by=owner, role="Presidente della cooperativa")
        approve_claim(claim=claim, by=staff)
    if not Reply.objects.filter(review__supplier=supplier).exists():
        for review, text in zip(supplier.reviews.order_by("pk")[:2], REPLIES, strict=False):
            reply_to_review(review=review, by=owner, text=text)
    if not Claim.objects.filter(status=Claim.Status.PENDING).exists():
        other = Supplier.objects.exclude(pk=supplier.pk).order_by("name").first()
        applicant, _created = User.objects.get_or_create(
            email="commerciale@arredobiblioteca.example",
            defaults={"first_name": "Piero", "last_name": "Sala", "language": "it"},
        )
        claim_supplier(supplier=other, by=applicant, role="Responsabile commerciale")


def _flagged_review(supplier, reviewers) -> None:
    review = supplier.reviews.order_by("rating", "pk").first()
    if review is None or review.flags.exists():
        return
    reporter = next(person for person in reviewers if person.pk != review.author_id)
    flag_review(
        review=review,
        by=reporter,
        reason="false",
        note="Il laboratorio si è svolto regolarmente: ero presente anch'io.",
    )


def _proposal(person) -> None:
    name = "Biblioteca Vivente APS"
    if Supplier.objects.filter(name=name).exists():
        return
    propose_supplier(
        by=person,
        data={
            "name": name,
            "kind": SupplierKind.ASSOCIATION,
            "categories": list(Category.objects.filter(slug="promozione-lettura")),
            "regions": list(Region.objects.filter(istat_code="03")),
            "description": "Organizza eventi di *biblioteca vivente* sul dialogo e l'inclusione.",
            "tags": ["inclusione"],
        },
    )
