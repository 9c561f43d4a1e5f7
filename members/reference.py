"""The reference data of Italian geography, as the national registry of libraries codes it.

Regions carry their ISTAT code and macro-area; provinces carry the ISTAT code of the registry's
`codice istat provincia` column, so that every row of the registry maps to one.
"""

# (ISTAT code, name, macro-area)
REGIONS = [
    ("01", "Piemonte", "nord-ovest"),
    ("02", "Valle d'Aosta/Vallée d'Aoste", "nord-ovest"),
    ("03", "Lombardia", "nord-ovest"),
    ("04", "Trentino-Alto Adige/Südtirol", "nord-est"),
    ("05", "Veneto", "nord-est"),
    ("06", "Friuli-Venezia Giulia", "nord-est"),
    ("07", "Liguria", "nord-ovest"),
    ("08", "Emilia-Romagna", "nord-est"),
    ("09", "Toscana", "centro"),
    ("10", "Umbria", "centro"),
    ("11", "Marche", "centro"),
    ("12", "Lazio", "centro"),
    ("13", "Abruzzo", "sud"),
    ("14", "Molise", "sud"),
    ("15", "Campania", "sud"),
    ("16", "Puglia", "sud"),
    ("17", "Basilicata", "sud"),
    ("18", "Calabria", "sud"),
    ("19", "Sicilia", "isole"),
    ("20", "Sardegna", "isole"),
]

# (ISTAT code, name, ISTAT code of the region)
PROVINCES = [
    ("001", "Torino", "01"),
    ("002", "Vercelli", "01"),
    ("003", "Novara", "01"),
    ("004", "Cuneo", "01"),
    ("005", "Asti", "01"),
    ("006", "Alessandria", "01"),
    ("007", "Valle d'Aosta/Vallée d'Aoste", "02"),
    ("008", "Imperia", "07"),
    ("009", "Savona", "07"),
    ("010", "Genova", "07"),
    ("011", "La Spezia", "07"),
    ("012", "Varese", "03"),
    ("013", "Como", "03"),
    ("014", "Sondrio", "03"),
    ("015", "Milano", "03"),
    ("016", "Bergamo", "03"),
    ("017", "Brescia", "03"),
    ("018", "Pavia", "03"),
    ("019", "Cremona", "03"),
    ("020", "Mantova", "03"),
    ("021", "Bolzano/Bozen", "04"),
    ("022", "Trento", "04"),
    ("023", "Verona", "05"),
    ("024", "Vicenza", "05"),
    ("025", "Belluno", "05"),
    ("026", "Treviso", "05"),
    ("027", "Venezia", "05"),
    ("028", "Padova", "05"),
    ("029", "Rovigo", "05"),
    ("030", "Udine", "06"),
    ("031", "Gorizia", "06"),
    ("032", "Trieste", "06"),
    ("033", "Piacenza", "08"),
    ("034", "Parma", "08"),
    ("035", "Reggio nell'Emilia", "08"),
    ("036", "Modena", "08"),
    ("037", "Bologna", "08"),
    ("038", "Ferrara", "08"),
    ("039", "Ravenna", "08"),
    ("040", "Forlì-Cesena", "08"),
    ("041", "Pesaro e Urbino", "11"),
    ("042", "Ancona", "11"),
    ("043", "Macerata", "11"),
    ("044", "Ascoli Piceno", "11"),
    ("045", "Massa-Carrara", "09"),
    ("046", "Lucca", "09"),
    ("047", "Pistoia", "09"),
    ("048", "Firenze", "09"),
    ("049", "Livorno", "09"),
    ("050", "Pisa", "09"),
    ("051", "Arezzo", "09"),
    ("052", "Siena", "09"),
    ("053", "Grosseto", "09"),
    ("054", "Perugia", "10"),
    ("055", "Terni", "10"),
    ("056", "Viterbo", "12"),
    ("057", "Rieti", "12"),
    ("058", "Roma", "12"),
    ("059", "Latina", "12"),
    ("060", "Frosinone", "12"),
    ("061", "Caserta", "15"),
    ("062", "Benevento", "15"),
    ("063", "Napoli", "15"),
    ("064", "Avellino", "15"),
    ("065", "Salerno", "15"),
    ("066", "L'Aquila", "13"),
    ("067", "Teramo", "13"),
    ("068", "Pescara", "13"),
    ("069", "Chieti", "13"),
    ("070", "Campobasso", "14"),
    ("071", "Foggia", "16"),
    ("072", "Bari", "16"),
    ("073", "Taranto", "16"),
    ("074", "Brindisi", "16"),
    ("075", "Lecce", "16"),
    ("076", "Potenza", "17"),
    ("077", "Matera", "17"),
    ("078", "Cosenza", "18"),
    ("079", "Catanzaro", "18"),
    ("080", "Reggio Calabria", "18"),
    ("081", "Trapani", "19"),
    ("082", "Palermo", "19"),
    ("083", "Messina", "19"),
    ("084", "Agrigento", "19"),
    ("085", "Caltanissetta", "19"),
    ("086", "Enna", "19"),
    ("087", "Catania", "19"),
    ("088", "Ragusa", "19"),
    ("089", "Siracusa", "19"),
    ("090", "Sassari", "20"),
    ("091", "Nuoro", "20"),
    ("092", "Cagliari", "20"),
    ("093", "Pordenone", "06"),
    ("094", "Isernia", "14"),
    ("095", "Oristano", "20"),
    ("096", "Biella", "01"),
    ("097", "Lecco", "03"),
    ("098", "Lodi", "03"),
    ("099", "Rimini", "08"),
    ("100", "Prato", "09"),
    ("101", "Crotone", "18"),
    ("102", "Vibo Valentia", "18"),
    ("103", "Verbano-Cusio-Ossola", "01"),
    ("108", "Monza e della Brianza", "03"),
    ("109", "Fermo", "11"),
    ("110", "Barletta-Andria-Trani", "16"),
    ("111", "Sud Sardegna", "20"),
]

# The network's service areas, from its working-group paper: (slug, name in Italian).
SERVICE_AREAS = [
    ("reclutamento", "Reclutamento del personale"),
    ("formazione", "Formazione"),
    ("comunicazione", "Comunicazione"),
    ("servizi-informatici", "Servizi informatici"),
    ("logistica", "Logistica"),
    ("coprogettazione-fundraising", "Coprogettazione e fundraising"),
    ("rendicontazione-sociale", "Rendicontazione sociale"),
    ("bandi", "Bandi e finanziamenti"),
    ("buone-pratiche", "Scambio di buone pratiche"),
    ("benchmarking", "Benchmarking"),
    ("scambi-tirocini", "Scambi di personale e tirocini"),
    ("architettura-spazi", "Architettura e spazi"),
    ("gare-condivise", "Acquisti e gare condivise"),
    ("consulenza-fiscale", "Consulenza fiscale"),
    ("progetti-partecipativi", "Progetti partecipativi"),
    ("supporto-giuridico-amministrativo", "Supporto giuridico e amministrativo"),
]

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


def load_reference_data(*, Region, Province, ServiceArea, AdmissionRule):
    """Create or update the reference data; the models are passed in so that a migration can
    give its historical ones. Safe to run again: staff's later changes to admission rules stay."""
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
