"""What `seed_scale` and each app's `scale.py` share: Italian text and batches.

Text is put together from phrases about the work of libraries, so that search, snippets and
ranking meet words as real content has them (common ones like "biblioteca" in most rows, rare
ones in few). Everything is drawn from one `random.Random(seed)`: the same seed gives the same
database.
"""

import random
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

# Rows are written in batches of this size: large enough that each INSERT carries many rows,
# small enough that one batch stays a few megabytes.
BATCH_SIZE = 2000

SUBJECTS = [
    "La biblioteca",
    "Il sistema bibliotecario",
    "La rete delle biblioteche",
    "Il gruppo di lavoro",
    "Il servizio di prestito interbibliotecario",
    "La sezione ragazzi",
    "Il comune capofila",
    "L'ufficio cultura",
    "Il personale della biblioteca",
    "La cooperativa incaricata",
    "Il centro servizi",
    "La biblioteca civica",
]
VERBS = [
    "ha avviato",
    "ha organizzato",
    "coordina",
    "ha rinnovato",
    "propone ogni anno",
    "ha sperimentato",
    "gestisce",
    "ha esteso",
    "ha progettato",
    "sostiene",
    "ha ripensato",
    "promuove",
]
OBJECTS = [
    "un ciclo di letture ad alta voce per le famiglie",
    "il catalogo collettivo delle biblioteche della provincia",
    "corsi di alfabetizzazione digitale per gli anziani",
    "un servizio di consegna a domicilio dei libri",
    "la digitalizzazione del fondo storico locale",
    "gruppi di lettura in lingua per i nuovi cittadini",
    "laboratori di robotica educativa con le scuole",
    "l'apertura serale delle sale studio",
    "un piano coordinato degli acquisti",
    "la formazione del personale sul reference digitale",
    "la raccolta dei periodici locali",
    "percorsi di lettura facilitata in simboli",
    "l'inventario del patrimonio librario",
    "una campagna di iscrizione nelle scuole medie",
    "il progetto Nati per Leggere con i pediatri",
    "la revisione della carta dei servizi",
    "il prestito di strumenti musicali",
    "una biblioteca diffusa nei quartieri",
]
CLOSINGS = [
    "con il sostegno della Regione",
    "insieme alle associazioni del territorio",
    "grazie a un bando di una fondazione bancaria",
    "con risultati misurati ogni sei mesi",
    "in collaborazione con l'istituto comprensivo",
    "coinvolgendo i volontari del servizio civile",
    "con un costo contenuto per i comuni",
    "rispettando le linee guida dell'AIB",
    "con la partecipazione dei cittadini",
    "in tutti i punti di servizio del sistema",
]
REVIEW_OPENINGS = [
    "Fornitore serio e puntuale.",
    "Esperienza positiva nel complesso.",
    "Abbiamo lavorato con loro per due anni.",
    "Consegne regolari, qualche ritardo d'estate.",
    "Preventivo chiaro e rispettato.",
    "Assistenza rapida via telefono e posta elettronica.",
    "Prezzi nella media del mercato.",
    "Il personale conosce bene le esigenze delle biblioteche.",
    "Qualche difficoltà all'inizio, poi tutto bene.",
    "Lo consiglierei ad altri sistemi bibliotecari.",
]
REVIEW_DETAILS = [
    "La fornitura di libri per ragazzi è arrivata completa e catalogata.",
    "Il software ha richiesto una formazione più lunga del previsto.",
    "Gli arredi della sala studio sono solidi e ben rifiniti.",
    "Le attività di animazione alla lettura sono state molto apprezzate.",
    "La migrazione dei dati del catalogo non ha perso nessun record.",
    "La manutenzione degli scaffali mobili è stata puntuale.",
    "Il servizio di rilegatura ha rispettato i tempi concordati.",
    "I laboratori per le scuole sono stati preparati con cura.",
    "Le fatture elettroniche erano sempre corrette.",
    "Il referente commerciale ha seguito bene la gara su MePA.",
]
FIRST_NAMES = [
    "Giulia", "Marco", "Anna", "Paolo", "Chiara", "Luca", "Sara", "Francesca", "Andrea",
    "Alessandro", "Elena", "Davide", "Martina", "Simone", "Valentina", "Matteo", "Federica",
    "Stefano", "Silvia", "Roberto", "Laura", "Giorgio", "Elisa", "Antonio", "Ilaria", "Fabio",
    "Serena", "Nicola", "Marta", "Giovanni", "Rosa", "Salvatore", "Teresa", "Vincenzo",
]  # fmt: skip
LAST_NAMES = [
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
    "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano",
    "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi",
    "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo", "Gentile", "Martinelli", "Serra",
]  # fmt: skip


class Text:
    """Plausible Italian sentences and paragraphs, drawn from one random generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentence(self) -> str:
        choice = self.rng.choice
        return f"{choice(SUBJECTS)} {choice(VERBS)} {choice(OBJECTS)} {choice(CLOSINGS)}."

    def paragraph(self, sentences: int = 4) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def paragraphs(self, count: int = 3) -> str:
        return "\n\n".join(self.paragraph(self.rng.randint(3, 5)) for _ in range(count))

    def review(self) -> str:
        return f"{self.rng.choice(REVIEW_OPENINGS)} {self.rng.choice(REVIEW_DETAILS)}"

    def person(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)


def batches(items: Iterable, size: int = BATCH_SIZE) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def create_in_batches(model, rows: Iterable, total: int, progress: Callable) -> list:
    """Inserts `rows` (unsaved instances) with `bulk_create`, reporting progress per batch, and
    returns them with their primary keys."""
    created = []
    for batch in batches(rows):
        created.extend(model.objects.bulk_create(batch))
        progress(len(created), total)
    return created
