"""Demo service requests: a dozen, in every state of the workflow, sent by the demo systems'
referents and moved on by the staff through the actions, so that the ledger of the package
with credits shows what acceptance takes and what a refusal gives back."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from members.models import Organisation
from portal.lib.samples import pdf_bytes
from services.actions import requests as actions
from services.models import Service, ServiceRequest

# (system's slug, service's slug, subject, description, where the workflow stops, conversation)
REQUESTS = [
    (
        "sistema-bibliotecario-salentino",
        "reclutamento-personale",
        "Concorso per due istruttori bibliotecari",
        "Dobbiamo assumere due istruttori bibliotecari (cat. C) per le biblioteche di Nardò e "
        "Galatina. Chiediamo supporto per il **bando di concorso**, la commissione e le prove.",
        "in-progress",
        ["Potete inviarci la delibera di programmazione del fabbisogno?", "Eccola in allegato."],
    ),
    (
        "sistema-bibliotecario-salentino",
        "capitolati-condivisi",
        "Capitolato condiviso per il servizio di prestito interbibliotecario",
        "Vorremmo scrivere insieme ad altri sistemi del Sud il capitolato per la navetta del "
        "prestito interbibliotecario, per la gara del prossimo anno.",
        "submitted",
        [],
    ),
    (
        "sistema-bibliotecario-salentino",
        "rendicontazione-sociale",
        "Primo bilancio sociale del sistema",
        "Vorremmo pubblicare il primo bilancio sociale del sistema entro giugno.",
        "declined",
        [],
    ),
    (
        "sistema-bibliotecario-salentino",
        "benchmarking",
        "Lettura degli indicatori 2025",
        "Chiediamo un incontro per leggere insieme gli indicatori del sistema a confronto con "
        "i sistemi simili del Mezzogiorno.",
        "completed",
        ["Vi mandiamo il rapporto con il piano di miglioramento.", "Grazie, molto utile."],
    ),
    (
        "sistema-bibliotecario-vimercatese",
        "formazione",
        "Corso sul prestito digitale",
        "Un corso di due giornate per 25 bibliotecari sul prestito digitale e su MLOL.",
        "accepted",
        ["Quali date preferite?"],
    ),
    (
        "sistema-bibliotecario-vimercatese",
        "supporto-amministrativo-legale",
        "Rinnovo della convenzione tra i Comuni",
        "La convenzione del sistema scade a dicembre: chiediamo un parere sul nuovo testo.",
        "completed",
        [],
    ),
    (
        "sistema-bibliotecario-vimercatese",
        "consulenza-bandi",
        "Bando regionale per la lettura",
        "Vorremmo partecipare al bando regionale per la promozione della lettura con i Comuni "
        "del sistema.",
        "submitted",
        [],
    ),
    (
        "sistema-bibliotecario-vimercatese",
        "architettura-spazi",
        "Nuovo allestimento della sezione ragazzi",
        "Studio di fattibilità per la nuova sezione ragazzi della biblioteca di Arcore.",
        "cancelled",
        [],
    ),
    (
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "supporto-comunicazione",
        "Campagna per le iscrizioni in biblioteca",
        "Una campagna sui social e in città per le iscrizioni alle biblioteche del sistema.",
        "in-progress",
        [],
    ),
    (
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "progetti-partecipativi",
        "Percorso partecipativo per la nuova biblioteca di quartiere",
        "Coinvolgere gli abitanti del quartiere nella progettazione della nuova biblioteca.",
        "accepted",
        [],
    ),
    (
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "servizi-informatici",
        "Migrazione del gestionale",
        "Passiamo a un nuovo gestionale: chiediamo supporto per portare i dati senza perderli.",
        "declined",
        [],
    ),
    (
        "sistema-bibliotecario-lecchese",
        "gare-centralizzate",
        "Informazioni sulla gara per l'acquisto di libri",
        "Vorremmo sapere come partecipare alla prossima gara centralizzata per i libri.",
        "submitted",
        [],
    ),
]

DECLINE_REASONS = {
    "rendicontazione-sociale": "Gli esperti di rendicontazione sono impegnati fino a settembre: "
    "ripresentate la richiesta in autunno.",
    "servizi-informatici": "Il partner non copre il gestionale che avete scelto: vi scriviamo "
    "con un'alternativa.",
}


def seed_service_requests(staff) -> int:
    """The demo requests not yet made; returns how many were made."""
    made = 0
    today = timezone.localdate()
    for slug, service_slug, subject, description, stop, thread in REQUESTS:
        organisation = Organisation.objects.get(slug=slug)
        if ServiceRequest.objects.filter(organisation=organisation, subject=subject).exists():
            continue
        referent = organisation.referents().first()
        request = actions.submit_request(
            service=Service.objects.get(slug=service_slug),
            organisation=organisation,
            by=referent,
            data={
                "subject": subject,
                "description": description,
                "desired_start": today + datetime.timedelta(days=30),
                "desired_end": today + datetime.timedelta(days=120),
            },
            files=[ContentFile(pdf_bytes(subject), name="richiesta.pdf")],
        )
        _move(
            request, stop, staff=staff, referent=referent, reason=DECLINE_REASONS.get(service_slug)
        )
        for number, body in enumerate(thread):
            actions.post_message(
                request=request, by=staff if number % 2 == 0 else referent, body=body
            )
        if stop in ("accepted", "in-progress"):
            actions.post_message(
                request=request,
                by=staff,
                body="Verificare la disponibilità degli esperti prima di fissare le date.",
                is_internal=True,
            )
        made += 1
    return made


def _move(request, stop, *, staff, referent, reason):
    if stop == "submitted":
        return
    if stop == "cancelled":
        actions.cancel_request(request=request, by=referent, note="Il Comune ha rinviato i lavori.")
        return
    if stop == "declined":
        actions.decline_request(request=request, by=staff, reason=reason)
        return
    actions.assign_request(request=request, by=staff, staff_member=staff)
    actions.accept_request(request=request, by=staff)
    if stop == "accepted":
        return
    actions.start_request(request=request, by=staff)
    if stop == "completed":
        actions.complete_request(request=request, by=staff, note="Lavoro consegnato.")
