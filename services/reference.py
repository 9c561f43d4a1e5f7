"""The network's initial catalogue of services, from its working-group paper (../shared/seed/).

Loaded by a migration and by the tests' reference data; staff edit the catalogue in the admin
afterwards, and loading again never overwrites what they changed.
"""

# (slug, name in Italian, name in English, service area's slug, summary in Italian,
#  official members' condition, reduced price or None, credits, in the flat rate, delivered by)
SERVICES = [
    (
        "reclutamento-personale",
        "Reclutamento del personale",
        "Staff recruitment",
        "reclutamento",
        "Supporto alla selezione di bibliotecari e operatori: stesura dei bandi di concorso e "
        "delle procedure selettive, composizione delle commissioni, prove d'esame.",
        "reduced",
        "450.00",
        4,
        True,
        "experts",
    ),
    (
        "formazione",
        "Formazione del personale",
        "Staff training",
        "formazione",
        "Corsi, laboratori e webinar per il personale delle biblioteche del sistema, progettati "
        "sui bisogni rilevati e tenuti da formatori della rete.",
        "free",
        None,
        2,
        True,
        "experts",
    ),
    (
        "supporto-comunicazione",
        "Supporto alla comunicazione",
        "Communication support",
        "comunicazione",
        "Piani di comunicazione, identità visiva, social media e campagne per la promozione "
        "dei servizi bibliotecari.",
        "free",
        None,
        2,
        True,
        "staff",
    ),
    (
        "servizi-informatici",
        "Servizi informatici condivisi",
        "Shared IT services",
        "servizi-informatici",
        "Software condivisi tra sistemi (gestionali, OPAC, siti), con attenzione alla proprietà "
        "dei dati e alla possibilità di portarli altrove.",
        "reduced",
        "800.00",
        6,
        False,
        "partner",
    ),
    (
        "supporto-logistico",
        "Supporto logistico",
        "Logistics support",
        "logistica",
        "Organizzazione del prestito interbibliotecario e delle navette, gestione dei magazzini "
        "e dei traslochi di collezioni.",
        "free",
        None,
        3,
        True,
        "staff",
    ),
    (
        "coprogettazione",
        "Coprogettazione di finanziamenti e nuovi servizi",
        "Co-design for funding and new services",
        "coprogettazione-fundraising",
        "Costruzione di progetti con più sistemi e partner, dall'idea al piano economico, per "
        "nuovi servizi e per candidature a finanziamenti.",
        "free",
        None,
        3,
        True,
        "experts",
    ),
    (
        "rendicontazione-sociale",
        "Rendicontazione sociale",
        "Social reporting",
        "rendicontazione-sociale",
        "Bilancio sociale e valutazione d'impatto del sistema bibliotecario, con indicatori e "
        "strumenti di raccolta dei dati.",
        "reduced",
        "300.00",
        3,
        True,
        "experts",
    ),
    (
        "consulenza-bandi",
        "Consulenza e partecipazione a bandi di finanziamento",
        "Consulting on and joining calls for funding",
        "bandi",
        "Segnalazione dei bandi di finanziamento adatti, verifica dei requisiti, scrittura della "
        "candidatura e partecipazione in partenariato.",
        "free",
        None,
        2,
        True,
        "experts",
    ),
    (
        "scambio-buone-pratiche",
        "Scambio di esperienze e buone pratiche",
        "Exchange of experiences and good practices",
        "buone-pratiche",
        "Incontri e visite di studio tra sistemi per conoscere e adottare le pratiche che "
        "funzionano altrove.",
        "free",
        None,
        1,
        True,
        "staff",
    ),
    (
        "benchmarking",
        "Benchmarking e monitoraggio delle prestazioni",
        "Benchmarking and performance monitoring",
        "benchmarking",
        "Lettura guidata degli indicatori del sistema a confronto con i sistemi simili, e piano "
        "di miglioramento.",
        "free",
        None,
        2,
        True,
        "staff",
    ),
    (
        "scambi-tirocini",
        "Scambi di personale e tirocini",
        "Staff exchanges and internships",
        "scambi-tirocini",
        "Periodi di lavoro presso un altro sistema della rete e tirocini per studenti, con "
        "convenzioni già pronte.",
        "free",
        None,
        1,
        True,
        "staff",
    ),
    (
        "architettura-spazi",
        "Architettura e progettazione degli spazi",
        "Architecture and space planning",
        "architettura-spazi",
        "Consulenza per ristrutturare o allestire una biblioteca: studio di fattibilità, "
        "layout, arredi, accessibilità.",
        "reduced",
        "600.00",
        5,
        False,
        "experts",
    ),
    (
        "gare-centralizzate",
        "Acquisti centralizzati e gare",
        "Centralised procurement and tenders",
        "gare-condivise",
        "Gare d'appalto gestite dalla rete per conto di più sistemi, per comprare insieme "
        "libri, servizi e forniture con massa critica.",
        "free",
        None,
        3,
        True,
        "staff",
    ),
    (
        "capitolati-condivisi",
        "Redazione condivisa di bandi di gara e capitolati",
        "Shared drafting of calls for tender and specifications",
        "gare-condivise",
        "Bandi di gara e capitolati d'appalto scritti insieme da più sistemi secondo il codice "
        "dei contratti pubblici (d.lgs. 36/2023), perché acquistino con massa critica.",
        "free",
        None,
        2,
        True,
        "experts",
    ),
    (
        "consulenza-fiscale",
        "Consulenza fiscale",
        "Tax consulting",
        "consulenza-fiscale",
        "Pareri su IVA, fatturazione elettronica, split payment e regime fiscale delle "
        "attività delle biblioteche.",
        "reduced",
        "200.00",
        2,
        False,
        "partner",
    ),
    (
        "progetti-partecipativi",
        "Progetti partecipativi con i cittadini",
        "Participatory projects with citizens",
        "progetti-partecipativi",
        "Percorsi di partecipazione per coinvolgere i cittadini nella progettazione dei servizi "
        "e degli spazi della biblioteca.",
        "free",
        None,
        3,
        True,
        "experts",
    ),
    (
        "supporto-amministrativo-legale",
        "Supporto amministrativo e legale",
        "Administrative and legal support",
        "supporto-giuridico-amministrativo",
        "Convenzioni tra comuni, regolamenti, delibere, protezione dei dati e diritto d'autore: "
        "modelli e pareri per gli atti del sistema.",
        "free",
        None,
        2,
        True,
        "staff",
    ),
    (
        "campagne-fundraising",
        "Campagne di fundraising",
        "Fundraising campaigns",
        "coprogettazione-fundraising",
        "Campagne di raccolta fondi, art bonus e crowdfunding per progetti delle biblioteche, "
        "dalla strategia ai materiali.",
        "reduced",
        "350.00",
        3,
        True,
        "experts",
    ),
]

# Partners who deliver a service: (service slug) -> (name, website).
PARTNERS = {
    "servizi-informatici": ("Consorzio per i servizi informatici delle biblioteche", ""),
    "consulenza-fiscale": ("Studio associato di consulenza per gli enti culturali", ""),
}


def load_services(*, Service, ServiceArea):
    """Create the services missing from the catalogue; the models are passed in so that a
    migration can give its historical ones. Services staff already have are left as they are."""
    areas = {area.slug: area for area in ServiceArea.objects.all()}
    for position, row in enumerate(SERVICES, start=1):
        slug, name, name_en, area, summary, official, price, credits, flat, delivered = row
        partner_name, partner_website = PARTNERS.get(slug, ("", ""))
        Service.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "area": areas[area],
                "summary": summary,
                "description": summary,
                "base_condition": "information",
                "official_condition": official,
                "official_price": price,
                "credits": credits,
                "in_flat_rate": flat,
                "delivered_by": delivered,
                "partner_name": partner_name,
                "partner_website": partner_website,
                "position": position,
            },
        )
