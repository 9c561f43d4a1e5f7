"""The demo news of the network: eight Italian posts with tags, some with an image, one
scheduled for next week, written as staff write them in the admin. The editable pages come with
their first text from the migration `portal/0004_initial_pages`. Safe to run again: a post
already there (same slug) is left alone."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from members.models import User
from portal.lib.samples import logo_png
from portal.models import News

# (slug, days from today, title, summary, body, tags, image initials and alternative text)
POSTS = [
    (
        "nasce-la-rete-delle-reti",
        -60,
        "Nasce la Rete delle Reti",
        "I sistemi bibliotecari italiani si danno uno strumento comune per condividere buone "
        "pratiche, documenti e servizi.",
        "Dopo un anno di lavoro dei gruppi tematici, la **Rete delle Reti** apre il suo "
        "portale.\n\nPrima i sistemi bibliotecari, poi le singole biblioteche: la Rete vuole "
        "essere uno strumento informativo, di confronto e di scambio, e un fornitore di "
        "servizi per le biblioteche di tutto il Paese.",
        ["rete", "portale"],
        ("RR", "Il logo della Rete delle Reti: le lettere RR su fondo blu."),
    ),
    (
        "mappatura-sistemi-bibliotecari-al-via",
        -45,
        "Al via la mappatura dei sistemi bibliotecari",
        "Il questionario annuale raccoglie forme di governance, servizi erogati ed esigenze "
        "di supporto dei sistemi.",
        "La mappatura è il primo passo per conoscere la varietà dei sistemi bibliotecari "
        "italiani.\n\n- forme di gestione e governance;\n- servizi erogati oggi;\n- esigenze "
        "di supporto e consulenza.\n\nI referenti trovano il questionario nella pagina della "
        "propria organizzazione.",
        ["mappatura", "sistemi bibliotecari"],
        None,
    ),
    (
        "corso-nuovo-codice-appalti-biblioteche",
        -30,
        "Corso: il nuovo Codice degli appalti per le biblioteche",
        "Quattro incontri online sugli affidamenti di servizi e forniture dopo il d.lgs. 36/2023.",
        "Il corso, rivolto a bibliotecari e personale amministrativo dei Comuni, affronta gli "
        "affidamenti diretti, le procedure negoziate e le gare condivise tra più enti.\n\n"
        "Gli aderenti ufficiali partecipano gratuitamente.",
        ["formazione", "appalti"],
        ("CA", "Locandina del corso sul Codice degli appalti."),
    ),
    (
        "catalogo-fornitori-valutazioni",
        -21,
        "Il catalogo dei fornitori si apre alle valutazioni",
        "Chi ha un profilo può ora recensire fornitori e operatori culturali secondo più criteri.",
        "Puntualità, qualità, rapporto qualità-prezzo, comunicazione: ogni recensione valuta "
        "il fornitore su più criteri, e il fornitore può rispondere una volta.",
        ["fornitori"],
        None,
    ),
    (
        "gara-condivisa-arredi-biblioteche",
        -14,
        "Una gara condivisa per gli arredi delle biblioteche",
        "Sei sistemi bibliotecari lavorano a un capitolato comune per ottenere migliori "
        "condizioni di acquisto.",
        "Mettere insieme la domanda di più sistemi dà la massa critica per ottenere migliori "
        "condizioni.\n\nIl capitolato tipo sarà pubblicato tra i documenti del portale, "
        "riservato agli aderenti.",
        ["gare condivise", "appalti"],
        ("GC", "Schema delle biblioteche che partecipano alla gara condivisa."),
    ),
    (
        "buone-pratiche-lettura-sud",
        -7,
        "Buone pratiche di promozione della lettura dal Sud",
        "Tre progetti di biblioteche del Salento e della Sardegna entrano tra le eccellenze "
        "della Rete.",
        "La Rete presta un'attenzione particolare allo sviluppo delle biblioteche del Sud.\n\n"
        "I progetti, descritti nella sezione buone pratiche, possono essere adottati da altri "
        "sistemi con poche varianti.",
        ["buone pratiche", "lettura"],
        None,
    ),
    (
        "assemblea-aderenti-2026",
        -2,
        "Convocata l'assemblea degli aderenti",
        "All'ordine del giorno il programma di attività e l'apertura alle singole biblioteche.",
        "L'assemblea degli aderenti si riunisce online.\n\n1. Programma di attività\n2. "
        "Quote e pacchetti di servizi\n3. Apertura della Rete alle singole biblioteche",
        ["rete", "governance"],
        None,
    ),
    (
        "bando-fundraising-biblioteche",
        7,
        "Bando per progetti di fundraising delle biblioteche",
        "La Rete accompagna i sistemi nella ricerca di finanziamenti con un servizio di "
        "co-progettazione.",
        "Il servizio di co-progettazione aiuta i sistemi a preparare candidature a bandi "
        "regionali, nazionali ed europei.\n\nLe richieste si inviano dalla pagina dei servizi.",
        ["fundraising", "servizi"],
        ("FR", "Illustrazione del servizio di fundraising."),
    ),
]


def seed_news(*, staff: User) -> int:
    """Loads the demo news; returns how many were created this time."""
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    created = 0
    for seed, (slug, days, title, summary, body, tags, image) in enumerate(POSTS):
        if News.objects.filter(slug=slug).exists():
            continue
        news = News(
            slug=slug,
            title=title,
            summary=summary,
            body=body,
            published_at=today + datetime.timedelta(days=days),
            author=staff,
        )
        if image:
            initials, alternative_text = image
            news.image = ContentFile(logo_png(initials, seed, (1200, 630)), name="immagine.png")
            news.image_alt = alternative_text
        news.full_clean()
        news.save()
        news.tags.set(tags)
        News.objects.filter(pk=news.pk).refresh_search_vectors()
        created += 1
    return created
