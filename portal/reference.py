"""The first text of the network's editable pages, moved here from the templates that held it so
that staff can change it in the admin. Loaded by the migration `portal/0004_initial_pages` and by
the tests that empty the database."""

from django.conf import settings

EMAIL = settings.PORTAL_CONTACT_EMAIL

PAGES = {
    "about": {
        "title_it": "La rete",
        "title_en": "The network",
        "summary_it": (
            "La Rete delle Reti è la rete italiana delle reti di biblioteche: sistemi "
            "bibliotecari, biblioteche e istituti culturali che lavorano insieme."
        ),
        "summary_en": (
            "The Rete delle Reti is the Italian network of library networks: library systems, "
            "libraries and cultural institutions that work together."
        ),
        "body_it": """La Rete delle Reti è la rete italiana delle reti di biblioteche: prima i sistemi bibliotecari, poi le singole biblioteche, le biblioteche scolastiche e universitarie, i musei e le associazioni.

## Perché una rete di reti

I sistemi bibliotecari condividono già cataloghi, software e prestito interbibliotecario. Molto del lavoro quotidiano, però, si fa da soli: scrivere una convenzione, preparare una gara, trovare un formatore, partecipare a un bando. La Rete permette a ogni sistema di partire da ciò che gli altri hanno già fatto.

## Due livelli di servizio

Il primo livello è una comunità: gli aderenti condividono buone pratiche e documenti di lavoro e parlano insieme alle istituzioni. Il secondo livello è un insieme di servizi che la Rete offre ai suoi aderenti: formazione, supporto al reclutamento, un catalogo dei fornitori con valutazioni pubbliche, supporto giuridico-amministrativo, fundraising e gare condivise.

## Chi può aderire

Chiunque lavori per le biblioteche può creare un profilo base gratuito. Le organizzazioni possono diventare aderenti ufficiali, impegnando tempo di lavoro per la Rete, oppure acquistare un pacchetto di servizi.
""",
        "body_en": """The Rete delle Reti is the Italian network of library networks: library systems first, then single libraries, school and academic libraries, museums and associations.

## Why a network of networks

Library systems already share catalogues, software and interlibrary loans. Much of their daily work, though, is done alone: writing an agreement, preparing a tender, finding a trainer, applying for funding. The network lets each system build on what the others have already done.

## Two levels of service

The first level is a community: members share good practices and working documents and speak together to institutions. The second level is a set of services that the network provides to its members: training, support to recruitment, a catalogue of suppliers with public ratings, legal and administrative support, fundraising and shared tenders.

## Who can join

Anyone who works for libraries can create a free base profile. Organisations can become official members, pledging working time to the network, or buy a package of services.
""",
    },
    "governance": {
        "title_it": "Governance",
        "title_en": "Governance",
        "summary_it": (
            "Come si decide nella Rete delle Reti: l'assemblea degli aderenti, il comitato di "
            "coordinamento, i gruppi di lavoro e la segreteria."
        ),
        "summary_en": (
            "How decisions are made in the Rete delle Reti: the members' assembly, the "
            "coordinating committee, the working groups and the secretariat."
        ),
        "body_it": """La Rete delle Reti nasce come associazione di sistemi bibliotecari e di altre realtà bibliotecarie, su un modello simile a quello dell'ANCI: gli aderenti decidono insieme le linee di lavoro e la Rete può gestire direttamente, o su richiesta, alcuni servizi per conto dei suoi aderenti.

## L'assemblea degli aderenti

Riunisce i referenti delle organizzazioni con adesione ufficiale o con pacchetto di servizi attivi. Si riunisce almeno una volta l'anno, approva il programma di attività e il bilancio, stabilisce le quote e i pacchetti di servizi ed elegge il comitato di coordinamento.

## Il comitato di coordinamento

Attua il programma approvato dall'assemblea, decide l'apertura della Rete a nuove tipologie di organizzazioni e tiene i rapporti con gli uffici regionali, con l'AIB e con le altre realtà professionali. Nella sua composizione si tiene conto dell'equilibrio tra le diverse aree del Paese, con un'attenzione particolare alle biblioteche del Sud.

## I gruppi di lavoro

Sono aperti ai referenti e ai collaboratori degli aderenti. Lavorano sui temi indicati dall'assemblea: servizi di supporto e consulenza, mappatura dei sistemi bibliotecari, formazione, gare condivise. I loro documenti sono pubblicati sul portale.

## La segreteria

Lo staff della Rete cura il portale, approva le adesioni, gestisce le richieste di servizio e modera i contenuti pubblicati dagli aderenti.
""",
        "body_en": """The Rete delle Reti begins as an association of library systems and other library organisations, on a model like that of ANCI, the association of Italian municipalities: members decide the lines of work together, and the network may run some services directly, or on request, on its members' behalf.

## The members' assembly

It brings together the referents of the organisations with an active official membership or service package. It meets at least once a year, approves the programme of activities and the budget, sets the fees and service packages and elects the coordinating committee.

## The coordinating committee

It carries out the programme the assembly approved, decides when the network opens to new kinds of organisations and keeps in touch with the regional offices, the Italian Library Association (AIB) and the other professional bodies. Its membership balances the different areas of the country, with particular attention to the libraries of the South.

## The working groups

They are open to the members' referents and collaborators. They work on the themes the assembly chose: support and consulting services, the mapping of library systems, training, shared tenders. Their papers are published on the portal.

## The secretariat

The network's staff run the portal, approve memberships, handle service requests and moderate what members publish.
""",
    },
    "how-to-join": {
        "title_it": "Come aderire",
        "title_en": "How to join",
        "summary_it": (
            "I tre livelli di accesso alla Rete delle Reti (profilo base, adesione ufficiale, "
            "pacchetto di servizi), che cosa offre ciascuno e chi può aderire oggi."
        ),
        "summary_en": (
            "The three levels of access to the Rete delle Reti (base profile, official "
            "membership, service package), what each gives and who may join today."
        ),
        "body_it": """La Rete delle Reti ha livelli di accesso diversi, pensati perché ognuno possa partecipare nel modo che gli è più utile.

## Profilo base

Gratuito, per chiunque lavori per le biblioteche: basta registrarsi con il proprio indirizzo e-mail. Dà accesso ai documenti aperti agli utenti registrati, permette di valutare e recensire i fornitori e di seguire notizie ed eventi della Rete.

## Adesione ufficiale

È l'adesione partecipata di un'organizzazione, senza quota o con una quota ridotta. Apre i documenti riservati agli aderenti e i servizi aggiuntivi gratuiti o a costo ridotto. In cambio l'organizzazione si impegna a dedicare alla Rete un \u201ctempo lavoro\u201d: ore al mese in cui i suoi referenti portano contributi, buone pratiche, proposte e idee.

## Pacchetto di servizi

Un'organizzazione acquista per un periodo un pacchetto di crediti da usare per i servizi della Rete, oppure un pacchetto forfettario che comprende un insieme di servizi. Il pacchetto comprende tutto ciò che dà l'adesione ufficiale.

## Come si fa

1. Crea il tuo profilo base.
2. Registra la tua organizzazione, o chiedi di entrare in quella per cui lavori: il referente dell'organizzazione o la segreteria approvano la richiesta.
3. Dalla pagina dell'organizzazione, il referente chiede l'adesione ufficiale o il pacchetto di servizi; la segreteria della Rete la esamina e la attiva per il periodo concordato.

## Chi può aderire oggi

La Rete parte come rete di sistemi bibliotecari, per strutturarsi e diventare operativa; si apre poi alle singole biblioteche, favorendo nuove aggregazioni, e in prospettiva alle biblioteche scolastiche, universitarie e specialistiche, ai musei e alle associazioni culturali. La tabella qui sotto mostra per quali tipologie di organizzazione le adesioni sono aperte in questo momento.
""",
        "body_en": """The Rete delle Reti has different levels of access, so that everyone can take part in the way most useful to them.

## Base profile

Free, for anyone who works for libraries: all it takes is to register with your e-mail address. It opens the documents for registered users, lets you rate and review suppliers and follow the network's news and events.

## Official membership

An organisation's participatory membership, with no fee or a reduced one. It opens the members' documents and the extra services, free or at a reduced cost. In return the organisation pledges \u201cworking time\u201d to the network: hours a month in which its referents bring contributions, good practices, proposals and ideas.

## Service package

An organisation buys, for a period, a package of credits to spend on the network's services, or a flat-rate package that covers a set of services. A package includes everything official membership gives.

## How to do it

1. Create your base profile.
2. Register your organisation, or ask to join the one you work for: the organisation's referent or the secretariat approve the request.
3. From the organisation's page, the referent applies for official membership or a service package; the network's secretariat reviews it and activates it for the agreed period.

## Who may join today

The network starts as a network of library systems, to organise itself and become operational; it then opens to single libraries, encouraging new groupings, and later to school, academic and special libraries, museums and cultural associations. The table below shows for which kinds of organisation applications are open now.
""",
    },
    "accessibility": {
        "title_it": "Dichiarazione di accessibilità",
        "title_en": "Accessibility statement",
        "summary_it": (
            "La Rete delle Reti vuole che il suo portale sia utilizzabile da tutti, con "
            "qualunque dispositivo o tecnologia assistiva."
        ),
        "summary_en": (
            "The Rete delle Reti wants its portal to be usable by everyone, whatever the "
            "device or assistive technology they use."
        ),
        "body_it": f"""La Rete delle Reti vuole che il suo portale sia utilizzabile da tutti, con qualunque dispositivo o tecnologia assistiva.

## Conformità

Il portale è realizzato per essere conforme alle linee guida WCAG 2.1 di livello AA, con il sistema di progettazione Bootstrap Italia. Ogni pagina è verificata automaticamente per problemi di accessibilità prima della pubblicazione.

## Segnalazioni

Se trovi una pagina o un documento che non riesci a usare, scrivi a {EMAIL}: risponderemo entro 30 giorni e forniremo il contenuto in un'altra forma.
""",
        "body_en": f"""The Rete delle Reti wants its portal to be usable by everyone, whatever the device or assistive technology they use.

## Compliance

The portal is built to conform to the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA, with the Bootstrap Italia design system. Every page is checked automatically for accessibility problems before it is published.

## Feedback

If you find a page or a document that you cannot use, write to {EMAIL}: we will answer within 30 days and provide the content in another form.
""",
    },
    "privacy": {
        "title_it": "Privacy",
        "title_en": "Privacy",
        "summary_it": "Come il portale usa i dati personali di chi si registra.",
        "summary_en": "How the portal uses the personal data of the people who register.",
        "body_it": f"""Come il portale usa i dati personali di chi si registra.

## Che cosa conserviamo

Il tuo nome, il tuo indirizzo e-mail, le organizzazioni per cui lavori e ciò che pubblichi sul portale. Li usiamo solo per far funzionare il portale e i suoi servizi, e non li vendiamo mai.

## Cookie

Il portale usa solo i cookie tecnici necessari: la sessione, la lingua e la protezione contro le richieste contraffatte. Non ci sono cookie di tracciamento o pubblicitari.

## I tuoi diritti

Puoi vedere, correggere o cancellare i tuoi dati dal tuo profilo, oppure scrivendo a {EMAIL}.
""",
        "body_en": f"""How the portal uses the personal data of the people who register.

## What we keep

Your name, your e-mail address, the organisations you work for and what you publish on the portal. We use them only to run the portal and its services, and we never sell them.

## Cookies

The portal uses only the technical cookies it needs: your session, your language and protection against forged requests. There are no tracking or advertising cookies.

## Your rights

You can see, correct or delete your data from your profile, or by writing to {EMAIL}.
""",
    },
    "contacts": {
        "title_it": "Contatti",
        "title_en": "Contacts",
        "summary_it": (
            "La segreteria della Rete risponde alle domande su adesione, servizi e portale."
        ),
        "summary_en": (
            "The network's secretariat answers questions about membership, services and the portal."
        ),
        "body_it": f"""La segreteria della Rete risponde alle domande su adesione, servizi e portale.

E-mail: <{EMAIL}>
""",
        "body_en": f"""The network's secretariat answers questions about membership, services and the portal.

E-mail: <{EMAIL}>
""",
    },
}


def load_pages(*, Page):
    """Creates the pages that do not exist yet; the model is passed in so that a migration can
    give its historical one. A page staff already edited stays as it is."""
    for key, fields in PAGES.items():
        Page.objects.get_or_create(key=key, defaults=fields)
