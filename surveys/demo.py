"""The preparation and follow-up part of the demo: what the eleven networks write for cycle 2018,
month by month (the follow-up of 2016's action points is at the end of this module).

The themes are there from December. The form goes out in January; from then on each network's draft
grows, entry by entry, until the network submits it some days before (or, twice, after) its
deadline: three weeks before its meeting. The demo shows a month as it stands on the 15th: in March
three networks of the first meeting (due 13 March) have submitted, one of them late; in May all
have. Everything is written through the services, so the rules (2–4 learning questions, 200 words)
hold as they would for a real network.

The texts are invented, in the spirit of the 2016 form's hints and of what the 2016 report says the
networks discussed (business partners, quality, teachers' professional development, havo talent,
sustainability); they describe no real network.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from networks.selectors import coordinators_by_network
from peerreview.cycles.enums import CYCLE_MONTHS
from peerreview.cycles.models import Cycle, month_due_date
from surveys import selectors, services, services_followup
from surveys.models import (
    Bottleneck,
    FollowUp,
    FollowUpItem,
    FollowUpSettings,
    GoodPractice,
    Preparation,
    PreviousActionPoint,
)

# The form goes out in the second week of January; entries are written from then on.
FORM_SENT = date(2018, 1, 8)
# A month of the demo shows the preparations as they stand on this day of it.
AS_OF_DAY = 15


@dataclass(frozen=True)
class Practice:
    theme: str
    title: str
    description: str
    lessons: str = ""
    success_factors: str = ""
    present: bool = False


@dataclass(frozen=True)
class Issue:
    theme: str
    description: str
    question: str = ""  # empty: described, but not for discussion
    priority: int = 0  # the network's order among its learning questions


@dataclass(frozen=True)
class DemoPreparation:
    slug: str
    submitted: date
    practices: tuple[Practice, ...]
    issues: tuple[Issue, ...]
    own_theme: str = ""


PREPARATIONS = (
    # Peer review gesprek 1, 3 April: due 13 March.
    DemoPreparation(
        "utrecht",
        date(2018, 3, 8),
        (
            Practice(
                "schools",
                "Getrapt partnerschap: Ambitie, Connectie en Open",
                "Scholen kiezen uit drie vormen van deelname. Open staat voor iedere school; Connectie en Ambitie "
                "zijn voor partnerscholen, waarbij Ambitie de meest intensieve variant is. In elk pakket zitten "
                "plaatsen in het docentenprogramma. Neemt een partnerschool die plaatsen niet af, dan gaat de "
                "coördinator van het docentenprogramma met de school in gesprek.",
                "Een getrapt model maakt instappen laagdrempelig en laat scholen groeien naar meer betrokkenheid. "
                "Het gesprek over niet-gebruikte plaatsen levert vaak nieuwe vragen van de school op.",
                "Heldere afspraken per pakket, vastgelegd in een samenwerkingsovereenkomst; één vast "
                "aanspreekpunt per school.",
                present=True,
            ),
            Practice(
                "activities",
                "Vakinhoudelijke workshops in plaats van DOT's",
                "Sinds 2016 bieden we geen docentontwikkelteams meer aan, maar losse workshops van een middag. "
                "Docenten gaven aan dat ze meer vakinhoud willen, niet te veel bijeenkomsten en niet te veel "
                "eigen ontwikkelwerk. Het aantal deelnemende docenten steeg van 180 naar 260 per jaar.",
                "Vraag docenten wat zij nodig hebben voordat je een vorm kiest, en durf een vorm los te laten.",
                "Sprekers uit het actuele onderzoek van de universiteit; workshops op een vaste middag.",
            ),
            Practice(
                "communication",
                "Jaarlijkse conferentie voor docenten en schoolleiders",
                "Elk voorjaar komen ruim 300 docenten, TOA's en schoolleiders bijeen op de campus. Naast "
                "workshops is er een programma voor schoolleiders over het schoolprogramma voor talent.",
                "Een gezamenlijke dag bouwt een gemeenschap die het hele jaar doorwerkt.",
                "Schoolleiders een eigen programma geven; uitwisseling tussen scholen centraal zetten.",
            ),
        ),
        (
            Issue(
                "quality",
                "We meten na elke activiteit de tevredenheid, maar weten niet of docenten in hun lessen iets "
                "anders gaan doen. Vragenlijsten achteraf worden steeds slechter ingevuld.",
                "Hoe meten we met weinig extra werk of onze workshops leiden tot veranderingen in de les?",
                1,
            ),
            Issue(
                "business",
                "Bedrijven geven graag één keer een gastles, maar haken daarna af. Contactpersonen wisselen vaak.",
                "Hoe binden we bedrijven langer dan één schooljaar aan ons docentenprogramma, en wie in het "
                "bedrijf moeten we daarvoor spreken?",
                2,
            ),
            Issue(
                "developments",
                "Schoolleiders vragen of het netwerk ook alfa- en gammavakken kan bedienen. Daar hebben we nu geen "
                "capaciteit voor; we nemen dit eerst intern op.",
            ),
        ),
    ),
    DemoPreparation(
        "zuid-holland",
        date(2018, 3, 12),
        (
            Practice(
                "own",
                "Havo-programma ontworpen met acht scholen",
                "Met acht scholen hebben we een programma voor talentvolle havo-leerlingen opgezet. Leerlingen "
                "doen op een roostervrije middag buiten school doe-activiteiten, waaraan theorie gekoppeld is, "
                "en werken toe naar hun profielwerkstuk. Studentambassadeurs van de hogeschool draaien het "
                "programma.",
                "Havo-leerlingen zijn geen vwo-leerlingen: lessen uit vwo-excellentieprogramma's zijn niet zonder "
                "meer over te nemen. Talent is motivatie, niet alleen hoge cijfers.",
                "Scholen vanaf het begin laten meeontwerpen; studentambassadeurs die zelf havo deden.",
                present=True,
            ),
            Practice(
                "quality",
                "Korte evaluatie na elke activiteit en een jaarlijkse scholenronde",
                "Na elke activiteit vullen deelnemers drie vragen in op hun telefoon. Eens per jaar bezoekt de "
                "coördinator iedere partnerschool om de resultaten te bespreken en wensen op te halen.",
                "Weinig vragen, snel teruggekoppeld, levert meer respons op dan een lange enquête.",
            ),
            Practice(
                "institutions",
                "Eén activiteitenkalender met Leiden",
                "Zuid-Holland en Leiden zijn afzonderlijke netwerken, maar plannen hun activiteiten samen en "
                "delen één kalender, zodat scholen in de hele regio hetzelfde overzicht hebben.",
            ),
        ),
        (
            Issue(
                "business",
                "Bedrijven in de haven willen docenten ontvangen, maar de match tussen wat een docent zoekt en "
                "wat een bedrijf kan bieden mislukt vaak. Docenten hebben weinig tijd om mee te ontwikkelen.",
                "Hoe zorgen we voor een goede match tussen docent en bedrijf in een bedrijfsDOT?",
                1,
            ),
            Issue(
                "sustainability",
                "Partnerscholen dragen bij in uren (in-kind), maar nauwelijks in geld. Na 2019 vallen "
                "stimuleringsmiddelen weg.",
                "Hoe krijgen we partnerscholen zover dat zij ook financieel (in-cash) bijdragen, en hoe leggen we "
                "dat vast?",
                2,
            ),
        ),
        own_theme="Havo-talentontwikkeling",
    ),
    DemoPreparation(
        "limburg",
        date(2018, 3, 14),  # a day after the deadline
        (
            Practice(
                "activities",
                "Proefstuderen bètatechniek voor havo-4 en vwo-5",
                "Leerlingen lopen twee dagen mee met eerstejaars van de hogeschool en de universiteit en doen "
                "een practicum dat op school niet kan. Dit jaar deden 140 leerlingen van negen scholen mee.",
                "Een eenvoudig, goed georganiseerd aanbod is voor een jong netwerk een sterke binnenkomer.",
                "Vaste data die scholen ruim van tevoren kennen; vervoer geregeld vanuit het netwerk.",
            ),
            Practice(
                "schools",
                "Startbijeenkomst met alle schoolleiders",
                "Bij de start van het netwerk hebben we alle schoolleiders van havo/vwo-scholen in de provincie "
                "uitgenodigd. Samen hebben we de drie speerpunten voor de komende jaren gekozen.",
                "Schoolleiders die de speerpunten mee kiezen, voelen zich eigenaar.",
            ),
        ),
        (
            Issue(
                "schools",
                "Nog maar negen scholen zijn partnerschool. Scholen wachten af wat het netwerk oplevert.",
                "Hoe overtuigen we schoolleiders om partnerschool te worden als het netwerk nog weinig resultaten "
                "kan laten zien?",
                1,
            ),
            Issue(
                "finances",
                "Onze coördinatoren werken op tijdelijke contracten; goede mensen vertrekken na een jaar.",
                "Hoe organiseren we de bemensing van de vaksteunpunten als we alleen tijdelijke contracten "
                "kunnen bieden?",
                2,
            ),
            Issue(
                "communication",
                "Veel docenten kennen het netwerk nog niet; de nieuwsbrief bereikt vooral de bètacoördinatoren.",
                "Welke kanalen werken het best om docenten te bereiken die het netwerk nog niet kennen?",
                3,
            ),
        ),
    ),
    DemoPreparation(
        "leiden",
        date(2018, 3, 20),  # a week late
        (
            Practice(
                "activities",
                "Masterclasses voor vwo-5 en vwo-6",
                "Onderzoekers van de universiteit geven zes keer per jaar een masterclass over hun eigen "
                "onderzoek, met een opdracht die leerlingen op school afmaken.",
                "Leerlingen die iets nieuws hebben gezien, inspireren ook hun docenten.",
            ),
            Practice(
                "institutions",
                "Lerarenopleiding en netwerk in één team",
                "De vakdidactici van de lerarenopleiding werken in het netwerkteam mee. Nieuwe lesmaterialen "
                "worden zo meteen in de opleiding gebruikt en omgekeerd.",
                "Verbind de lerarenopleiding niet los met het netwerk, maar maak haar onderdeel van het team.",
            ),
            Practice(
                "quality",
                "Studenten didactisch voorbereid",
                "Studenten die leerlingactiviteiten uitvoeren, volgen eerst een korte training over uitleggen "
                "en begeleiden, gegeven door de lerarenopleiding.",
                "",
                "De training is verplicht en wordt betaald als werktijd.",
            ),
        ),
        (
            Issue(
                "activities",
                "Docenten schrijven zich in voor professionalisering, maar melden zich vaak af omdat de school "
                "geen vervanging regelt. Scholen geven minder uren vrij dan vroeger.",
                "Hoe motiveren en faciliteren we docenten om deel te nemen aan professionaliseringsactiviteiten, "
                "nu scholen minder uren vrijgeven?",
                1,
            ),
            Issue(
                "developments",
                "Met Onderwijs2032 en de nieuwe examenprogramma's verandert veel; we weten niet waar het "
                "netwerk het verschil kan maken.",
                "Welke rol kan het netwerk spelen bij Onderwijs2032 en de nieuwe examenprogramma's zonder het "
                "werk van SLO over te doen?",
                2,
            ),
        ),
    ),
    # Peer review gesprek 2, 17 April: due 27 March.
    DemoPreparation(
        "amsterdam",
        date(2018, 3, 26),
        (
            Practice(
                "schools",
                "Een bètacoördinator per partnerschool",
                "Elke partnerschool heeft een bètacoördinator die daar van de school 100 uur per jaar voor "
                "krijgt. De school maakt ieder jaar een bètaplan met wat secties en leerlingen gaan doen; de "
                "bètacoördinator bespreekt het plan met de schoolleider. Onze netwerkcoördinator bezoekt nieuwe "
                "scholen om de mogelijkheden voor professionalisering te presenteren.",
                "Persoonlijk contact is arbeidsintensief, maar levert commitment van scholen op.",
                "Uren voor de bètacoördinator vastgelegd in de samenwerkingsovereenkomst; een jaarlijks bètaplan.",
                present=True,
            ),
            Practice(
                "business",
                "De Collegetour",
                "VO-docenten organiseren samen met bedrijven colleges voor leerlingen. Het eigenaarschap ligt bij "
                "de docenten; het docenten- en leerlingenaanbod zijn zo aan elkaar gekoppeld. Dit jaar deden "
                "twaalf bedrijven mee.",
                "Een bedrijfsDOT werkt beter als docenten een concreet doel voor hun eigen leerlingen hebben.",
                "Docenten kiezen zelf het bedrijf; het netwerk regelt de zaal en de planning.",
                present=True,
            ),
            Practice(
                "activities",
                "Practica die op school niet kunnen",
                "Leerlingen doen in het universiteitslab practica met apparatuur die scholen niet hebben, onder "
                "begeleiding van studenten. De practica sluiten aan op het examenprogramma.",
            ),
        ),
        (
            Issue(
                "finances",
                "Het werken met bètacoördinatoren en veel persoonlijk contact met 40 partnerscholen kost veel "
                "tijd van onze coördinator, terwijl de stimuleringsmiddelen afnemen.",
                "Hoe houden we het persoonlijke contact met 40 partnerscholen betaalbaar nu de "
                "stimuleringsmiddelen afnemen?",
                1,
            ),
            Issue(
                "quality",
                "Deelnemers zijn tevreden, maar we willen weten of ons aanbod bijdraagt aan studiesucces.",
                "Hoe kunnen we het effect van ons aanbod op studiesucces in het hoger onderwijs zichtbaar maken, "
                "en is dat verantwoord te meten?",
                2,
            ),
            Issue(
                "institutions",
                "De hogeschool wil een havo-hbo aanpak, maar ons aanbod is vooral op vwo gericht.",
                "Hoe richten we samen met de hogeschool een havo-hbo aanpak in die past bij havo-leerlingen?",
                3,
            ),
        ),
    ),
    DemoPreparation(
        "oost",
        date(2018, 3, 23),
        (
            Practice(
                "business",
                "Ontwerpopdrachten van Twentse bedrijven",
                "Bedrijven uit de regio leveren echte ontwerpopdrachten voor O&O en technasiumklassen. De "
                "Jet-Net regiocoördinator zoekt de bedrijven; wij koppelen ze aan scholen.",
                "Gebruik netwerken waarin bedrijven al zitten, in plaats van zelf te werven.",
                "Een vaste contactpersoon per bedrijf; een presentatie van leerlingen op het bedrijf.",
                present=True,
            ),
            Practice(
                "sustainability",
                "Samenwerkingsovereenkomst en stuurgroep",
                "Alle partnerscholen en instellingen tekenen een samenwerkingsovereenkomst voor vier jaar. In "
                "de stuurgroep zitten vertegenwoordigers van de instellingen, de partnerscholen en het "
                "bedrijfsleven.",
                "Een overeenkomst maakt bijdragen bespreekbaar en geeft het netwerk een vaste plek.",
            ),
        ),
        (
            Issue(
                "activities",
                "Scholen in de Achterhoek reizen meer dan een uur naar activiteiten in Enschede en komen "
                "daardoor weinig.",
                "Hoe bereiken we scholen die voor onze activiteiten meer dan een uur moeten reizen?",
                1,
            ),
            Issue(
                "communication",
                "Onze website is verouderd en de nieuwsbrief wordt slecht gelezen.",
                "Hoe maken we ons aanbod beter bekend bij docenten die geen nieuwsbrief lezen?",
                2,
            ),
        ),
    ),
    DemoPreparation(
        "zeeland",
        date(2018, 3, 27),  # on the day of the deadline
        (
            Practice(
                "activities",
                "Zeeuwse onderzoeksdagen voor het profielwerkstuk",
                "Leerlingen uit havo-5 en vwo-6 werken twee dagen aan hun profielwerkstuk op de hogeschool, met "
                "begeleiding van docenten en onderzoekers en meetapparatuur van bedrijven uit de regio.",
                "Ondersteuning bij het profielwerkstuk is een vraag die alle scholen hebben.",
                "Korte lijnen met bedrijven in een kleine regio.",
            ),
            Practice(
                "schools",
                "Alle bètacoördinatoren twee keer per jaar bij elkaar",
                "In een kleine regio kennen de scholen elkaar. Twee keer per jaar komen alle bètacoördinatoren "
                "samen om activiteiten af te stemmen en materiaal uit te wisselen.",
            ),
        ),
        (
            Issue(
                "institutions",
                "Er is geen universiteit in Zeeland; vwo-leerlingen zien weinig van wetenschappelijk onderzoek.",
                "Hoe betrekken we universiteiten buiten Zeeland bij ons aanbod voor vwo-leerlingen?",
                1,
            ),
            Issue(
                "sustainability",
                "Het netwerk draait grotendeels op één subsidie die in 2019 afloopt.",
                "Welke vormen van cofinanciering door VO-scholen en bedrijven werken in een kleine regio?",
                2,
            ),
            Issue(
                "quality",
                "Evaluatieformulieren worden slecht ingevuld. We proberen dit jaar een korte digitale vragenlijst.",
            ),
        ),
    ),
    # Peer review gesprek 3, 15 May: due 24 April.
    DemoPreparation(
        "brabant",
        date(2018, 4, 26),  # two days late
        (
            Practice(
                "institutions",
                "Eén loket voor de instellingen",
                "Scholen met een vraag hoeven niet meer zelf uit te zoeken welke hogeschool of universiteit "
                "kan helpen: het netwerk zet de vraag uit bij alle instellingen.",
                "Voor scholen is één aanspreekpunt belangrijker dan een groot aanbod.",
            ),
            Practice(
                "activities",
                "Docentendag onderzoeken en ontwerpen",
                "Een jaarlijkse dag voor docenten natuurwetenschappen en O&O over onderzoeksvaardigheden en "
                "technisch ontwerpen, met workshops van docenten voor docenten.",
                "",
                "Docenten die zelf een workshop geven, brengen collega's mee.",
            ),
        ),
        (
            Issue(
                "sustainability",
                "Het netwerk is in 2016 opgericht met een startsubsidie. De colleges van bestuur steunen het "
                "netwerk, maar hebben nog geen structurele bijdrage toegezegd.",
                "Hoe zorgen we voor commitment van de colleges van bestuur voordat de startsubsidie afloopt?",
                1,
            ),
            Issue(
                "schools",
                "Vragen van scholen en aanbod van de instellingen sluiten nog slecht op elkaar aan.",
                "Hoe stemmen we vraag en aanbod af nu het netwerk nog in opbouw is?",
                2,
            ),
        ),
    ),
    DemoPreparation(
        "nijmegen",
        date(2018, 4, 19),
        (
            Practice(
                "activities",
                "Profielwerkstukbegeleiding op de campus",
                "Leerlingen met een bètaprofielwerkstuk kunnen drie middagen op de campus werken met een student "
                "als begeleider. Scholen melden leerlingen aan; de docent blijft eindverantwoordelijk.",
                "Begin klein: wij startten met drie scholen en groeiden in twee jaar naar vijftien.",
                "Studenten krijgen een korte training; de docent en de student spreken elkaar vooraf.",
                present=True,
            ),
            Practice(
                "quality",
                "Docenten bezoeken elkaars lessen na een workshop",
                "Na een workshop bezoeken deelnemers in tweetallen elkaars les waarin zij het geleerde "
                "toepassen. Zo zien we het effect in de klas, niet alleen de tevredenheid.",
                "Kijken in de les zegt meer dan een vragenlijst, en docenten waarderen het.",
            ),
            Practice(
                "developments",
                "Aardrijkskunde op de bètadag",
                "Als eerste stap naar verbreding hebben we aardrijkskundedocenten uitgenodigd voor onze "
                "jaarlijkse bètadag, met een workshop over klimaatdata.",
            ),
        ),
        (
            Issue(
                "business",
                "Bedrijven in onze regio zijn klein en hebben weinig tijd voor scholen.",
                "Hoe vinden we bedrijven die structureel gastlessen willen geven, en via welke netwerken waar ze "
                "al in zitten?",
                1,
            ),
            Issue(
                "schools",
                "Scholen vragen om een havo-programma, maar we weten niet welke leerlingen we ermee bedienen.",
                "Welke leerlingen noemen we havo-talent, en hoe sluiten we aan bij hun motivatie in plaats van "
                "bij hun cijfers?",
                2,
            ),
        ),
    ),
    DemoPreparation(
        "noord",
        date(2018, 4, 23),
        (
            Practice(
                "activities",
                "Vakdidactische netwerken per vak",
                "Voor elk bètavak is er een netwerk van docenten dat vier keer per jaar bijeenkomt, met een "
                "vakdidacticus van de universiteit als voorzitter. De netwerken ontwikkelen materiaal voor de "
                "nieuwe examenprogramma's.",
                "Een vaste groep per vak bouwt vertrouwen op; docenten blijven jaren komen.",
                "Bijeenkomsten op een vaste dag, afwisselend in Groningen, Leeuwarden en Assen.",
                present=True,
            ),
            Practice(
                "institutions",
                "Talentactiviteiten die aansluiten op honoursprogramma's",
                "Leerlingen die meedoen aan onze talentactiviteiten krijgen voorrang bij het honoursprogramma "
                "van de universiteit. Zo loopt talentontwikkeling door van school naar studie.",
            ),
            Practice(
                "finances",
                "Vaste formatie dankzij de universiteit",
                "De universiteit betaalt de coördinator en twee vakcoördinatoren uit eigen middelen, zodat het "
                "netwerk niet afhangt van subsidies.",
                "Laat de instellingen zien wat het netwerk oplevert voor de instroom van studenten.",
            ),
        ),
        (
            Issue(
                "quality",
                "We organiseren ruim 150 activiteiten per jaar. Deelnemers krijgen veel vragenlijsten en vullen "
                "ze steeds minder in.",
                "Hoe bewaken we de kwaliteit van zoveel activiteiten zonder deelnemers te overvragen met evaluaties?",
                1,
            ),
            Issue(
                "sustainability",
                "De bijdragen van VO-scholen zijn gelijk, terwijl de scholen sterk verschillen in omvang.",
                "Hoe verdelen we de kosten eerlijk over VO-scholen van heel verschillende omvang?",
                2,
            ),
            Issue(
                "activities",
                "Door de afstanden in drie provincies bereiken we docenten aan de randen van de regio slecht.",
                "Hoe organiseren we activiteiten op afstand zonder het contact tussen docenten te verliezen?",
                3,
            ),
        ),
    ),
    DemoPreparation(
        "wageningen",
        date(2018, 4, 12),
        (
            Practice(
                "activities",
                "Lesmodules biologie met onderzoekers",
                "Docenten ontwikkelen met onderzoekers lesmodules over voeding en duurzaamheid, die aansluiten "
                "op het examenprogramma biologie. De modules staan vrij online.",
                "Onderzoekers leveren de actualiteit, docenten de didactiek.",
                "Een ontwikkelteam van vier docenten per module; een vaste begeleider van het netwerk.",
                present=True,
            ),
            Practice(
                "business",
                "Bedrijven uit de Foodvalley in de klas",
                "Medewerkers van levensmiddelenbedrijven geven gastlessen en ontvangen klassen voor een "
                "excursie. Het netwerk houdt een lijst bij van bedrijven en onderwerpen.",
                "Zoek in bedrijven de mensen die zich al met educatie bezighouden.",
            ),
        ),
        (
            Issue(
                "schools",
                "Docenten willen meedoen aan ontwikkelteams, maar krijgen er van hun school geen tijd voor.",
                "Hoe betrekken we schoolleiders zo dat zij docenten tijd geven voor ontwikkelteams?",
                1,
            ),
            Issue(
                "communication",
                "Onze lesmodules worden buiten de regio weinig gebruikt.",
                "Hoe delen we onze lesmodules landelijk zodat ze ook buiten de regio gebruikt worden?",
                2,
            ),
        ),
    ),
)


def _aware(day: date, hour: int = 16, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _written_on(demo: DemoPreparation, offset: int) -> list[tuple[date, Practice | Issue]]:
    """The network's entries with the day each was written: spread from the week after the form was sent
    to two days before submission, good practices and bottlenecks taking turns."""
    entries: list[Practice | Issue] = []
    for index in range(max(len(demo.practices), len(demo.issues))):
        entries += demo.practices[index : index + 1] + demo.issues[index : index + 1]
    first = FORM_SENT + timedelta(days=2 + offset)
    last = demo.submitted - timedelta(days=2)
    steps = max(len(entries) - 1, 1)
    return [(first + (last - first) * index / steps, entry) for index, entry in enumerate(entries)]


@transaction.atomic
def load_preparations(*, actor, cycle: Cycle, month: int | None) -> list[Preparation]:
    """Give the demo cycle the preparations a real one has on the 15th of ``month``.

    Nothing before December; the themes from December; from January each network's draft, growing
    month by month, and submitted on its day (late if after its deadline). Does nothing when the
    cycle has preparations already.
    """
    month = month or CYCLE_MONTHS[0]
    stage = CYCLE_MONTHS.index(month)
    if stage < CYCLE_MONTHS.index(12) or cycle.preparations.exists():
        return []
    services.themes_install(cycle=cycle)
    if stage < CYCLE_MONTHS.index(1):
        return []
    as_of = month_due_date(cycle.year, month).replace(day=AS_OF_DAY)
    networks = {network.slug: network for network in cycle.networks.all()}
    coordinators = coordinators_by_network([network.pk for network in networks.values()])
    themes = {theme.key: theme for theme in selectors.themes_of(cycle)}
    preparations = []
    for offset, demo in enumerate(PREPARATIONS):
        network = networks.get(demo.slug)
        if network is None:
            continue
        author = (coordinators.get(network.pk) or [actor])[0]
        preparations.append(
            _write(demo, offset % 5, services.preparation_for(cycle=cycle, network=network), themes, author, as_of)
        )
    return preparations


def _write(demo: DemoPreparation, offset: int, preparation: Preparation, themes, author, as_of: date) -> Preparation:
    written = [(day, entry) for day, entry in _written_on(demo, offset) if day <= as_of]
    questions = []
    for day, entry in written:
        if isinstance(entry, Practice):
            saved = services.entry_save(
                actor=author,
                entry=GoodPractice(
                    preparation=preparation,
                    theme=themes[entry.theme],
                    title=entry.title,
                    description=entry.description,
                    lessons=entry.lessons,
                    success_factors=entry.success_factors,
                    want_to_present=entry.present,
                ),
            )
        else:
            saved = services.entry_save(
                actor=author,
                entry=Bottleneck(
                    preparation=preparation,
                    theme=themes[entry.theme],
                    description=entry.description,
                    want_to_discuss=bool(entry.question),
                    learning_question=entry.question,
                ),
            )
            if entry.question:
                questions.append((entry.priority, saved.pk))
        if entry.theme == "own" and not preparation.own_theme_name:
            preparation = services.preparation_set_own_theme(actor=author, preparation=preparation, name=demo.own_theme)
        # As if written that day, so that "last changed" reads like 2018.
        type(saved).objects.filter(pk=saved.pk).update(created_at=_aware(day, 10), updated_at=_aware(day, 10))
    if questions:
        services.learning_questions_reorder(
            actor=author, preparation=preparation, order=[pk for _priority, pk in sorted(questions)]
        )
    last_change = written[-1][0] if written else FORM_SENT
    if demo.submitted <= as_of:
        preparation = services.preparation_submit(actor=author, preparation=preparation)
        # The service stamps today; the demo's network submitted on its day in 2018.
        deadline = selectors.deadline_of(preparation.cycle, preparation.network)
        preparation.submitted_at = _aware(demo.submitted, 15, 30)
        preparation.late = deadline is not None and demo.submitted > deadline
        preparation.save(update_fields=["submitted_at", "late"])
        last_change = demo.submitted
    Preparation.objects.filter(pk=preparation.pk).update(
        created_at=_aware(FORM_SENT, 9), updated_at=_aware(last_change, 15, 30)
    )
    return preparation


# The follow-up questionnaire (October 2017): what the networks did with the action points of 2016.
#
# The 2016 cycle was not run in the product, so the secretary entered its action points (late
# September), set the deadline and sent the questionnaire in the first week of October. By the
# middle of October a few networks have answered; from November most have submitted, two of them
# after the deadline; Noord follows in December, and Brabant (in 2016 still being founded, and
# present without taking part) never answers.

ACTION_POINTS_ENTERED = date(2017, 9, 25)
FOLLOWUP_SENT = date(2017, 10, 2)
FOLLOWUP_DEADLINE = date(2017, 10, 27)


@dataclass(frozen=True)
class DemoActionPoint:
    text: str
    who: str
    due: date | None
    state: str
    comment: str = ""


@dataclass(frozen=True)
class DemoFollowUp:
    slug: str
    points: tuple[DemoActionPoint, ...]
    exchange: str = ""
    explanation: str = ""
    answered: date | None = None  # the day the answers were written; None: never
    submitted: date | None = None


FOLLOWUPS = (
    DemoFollowUp(
        "utrecht",
        (
            DemoActionPoint(
                "Een eenvoudige effectmeting ontwikkelen voor het docentenprogramma: niet alleen de tevredenheid, "
                "maar ook wat docenten daarna in hun lessen anders doen.",
                "Coördinator docentenprogramma",
                date(2017, 6, 30),
                "in_progress",
                "Pilot met een korte vragenlijst drie maanden na elke workshop; de respons is nog laag (30%).",
            ),
            DemoActionPoint(
                "Met Zuid-Holland en Leiden ervaringen delen over het getrapte partnermodel (Ambitie, Connectie, Open).",
                "Netwerkcoördinator",
                None,
                "done",
                "Twee uitwisselingsbijeenkomsten gehouden; Leiden heeft het model deels overgenomen.",
            ),
            DemoActionPoint(
                "Bedrijven via Jet-Net en het Center of Expertise benaderen voor gastlessen binnen de workshops.",
                "Netwerkcoördinator",
                date(2017, 3, 31),
                "dropped",
                "Geen capaciteit gevonden; we nemen het op in het plan voor 2018-2019.",
            ),
        ),
        "yes",
        "Vooral met Zuid-Holland en Leiden: gezamenlijke bijeenkomsten over partnerschap, en docenten uit "
        "Limburg kwamen naar onze jaarconferentie.",
        date(2017, 10, 9),
        date(2017, 10, 11),
    ),
    DemoFollowUp(
        "zeeland",
        (
            DemoActionPoint(
                "Een stuurgroep oprichten met vertegenwoordigers van de HZ, de partnerscholen en het bedrijfsleven.",
                "Kwartiermaker netwerk",
                date(2016, 12, 31),
                "done",
                "De stuurgroep bestaat sinds januari 2017 en vergadert vier keer per jaar.",
            ),
            DemoActionPoint(
                "Vanaf schooljaar 2017-2018 werken met partnerscholen die zowel in-cash als in-kind bijdragen.",
                "Stuurgroep",
                date(2017, 8, 31),
                "done",
                "Zeven scholen hebben een overeenkomst met een bijdrage in geld en in uren getekend.",
            ),
        ),
        "yes",
        "Na het gesprek hebben we twee keer met Amsterdam en Oost overlegd over de Collegetour en over het "
        "opzetten van een stuurgroep.",
        date(2017, 10, 12),
        date(2017, 10, 13),
    ),
    DemoFollowUp(
        "amsterdam",
        (
            DemoActionPoint(
                "De Collegetour beschrijven (docenten organiseren samen met bedrijven colleges voor leerlingen), "
                "zodat andere netwerken hem kunnen overnemen.",
                "Coördinator bedrijfsleven",
                date(2016, 12, 31),
                "done",
                "Beschrijving en draaiboek staan op de website; Oost werkt er inmiddels mee.",
            ),
            DemoActionPoint(
                "Het bètaplan per school eenvoudiger maken, omdat scholen het als veel werk ervaren.",
                "Netwerkcoördinator",
                date(2017, 6, 30),
                "in_progress",
                "Een kortere versie wordt dit schooljaar op vier scholen uitgeprobeerd.",
            ),
            DemoActionPoint(
                "Partnerscholen bezoeken waarvan weinig docenten aan de professionalisering deelnemen, om hun "
                "wensen op te halen.",
                "Netwerkcoördinator",
                date(2017, 6, 30),
                "not_started",
                "Door personeelswisselingen uitgesteld naar het voorjaar van 2018.",
            ),
        ),
        "yes",
        "Oost en Zeeland kwamen kijken bij de Collegetour; met Utrecht wisselen we sprekers uit voor de docentendagen.",
        date(2017, 10, 12),
        date(2017, 10, 24),
    ),
    DemoFollowUp(
        "limburg",
        (
            DemoActionPoint(
                "Een samenwerkingsovereenkomst opstellen met de partnerscholen en de HO-instellingen, met een "
                "stuurgroep waarin ook de scholen vertegenwoordigd zijn.",
                "Netwerkcoördinator",
                date(2016, 12, 31),
                "done",
                "In maart 2017 getekend door Maastricht University, Zuyd Hogeschool en zes scholen.",
            ),
            DemoActionPoint(
                "Per partnerschool een bètacoördinator aanstellen en een coördinatorenoverleg starten, naar het "
                "Amsterdamse voorbeeld.",
                "Stuurgroep",
                date(2017, 9, 1),
                "in_progress",
                "Vijf van de acht scholen hebben een bètacoördinator; het eerste overleg was in juni.",
            ),
        ),
        "yes",
        "Met Utrecht en Zuid-Holland wisselen we sinds het gesprek materiaal uit over partnerschap.",
        date(2017, 10, 18),
        date(2017, 10, 20),
    ),
    DemoFollowUp(
        "zuid-holland",
        (
            DemoActionPoint(
                "Het havo-talentprogramma uitwerken met de acht betrokken scholen: doe-activiteiten buiten school, "
                "gekoppeld aan het profielwerkstuk en gedraaid door studentambassadeurs.",
                "Projectleider havo",
                date(2017, 9, 1),
                "done",
                "Het programma is in september 2017 gestart met 120 leerlingen.",
            ),
            DemoActionPoint(
                "De uitkomsten van het havo/hbo-ideeënlab van juni 2016 inbrengen in de Steunpuntenraad.",
                "Netwerkcoördinator",
                date(2016, 10, 31),
                "done",
            ),
        ),
        "partly",
        "Vooral met Leiden, waarmee we al nauw samenwerkten; met de andere netwerken alleen via de Steunpuntenraad.",
        date(2017, 10, 23),
        date(2017, 10, 25),
    ),
    DemoFollowUp(
        "leiden",
        (
            DemoActionPoint(
                "Samen met Zuid-Holland één nieuwsbrief voor docenten uitbrengen.",
                "Communicatiemedewerker",
                date(2017, 1, 31),
                "in_progress",
                "Het eerste gezamenlijke nummer verschijnt in november 2017.",
            ),
            DemoActionPoint(
                "Het getrapte partnermodel van Utrecht verkennen voor de eigen partnerscholen.",
                "Netwerkcoördinator",
                None,
                "done",
                "Vanaf 2018 werken we met twee niveaus van partnerschap.",
            ),
        ),
        "yes",
        "Met Utrecht over partnerschap, met Zuid-Holland in de gezamenlijke nieuwsbrief.",
        date(2017, 10, 24),
        date(2017, 10, 26),
    ),
    DemoFollowUp(
        "nijmegen",
        (
            DemoActionPoint(
                "Docenten expliciet naar hun wensen vragen voordat het programma voor 2017-2018 wordt vastgesteld.",
                "Coördinator docentenprogramma",
                date(2017, 3, 31),
                "done",
                "Enquête onder 140 docenten; het programma heeft nu meer vakinhoudelijke middagen.",
            ),
            DemoActionPoint(
                "Een bèta-schoolleidersontwikkelteam starten om het schoolprogramma verder te ontwikkelen.",
                "Netwerkcoördinator",
                date(2017, 9, 1),
                "in_progress",
                "Drie schoolleiders doen mee; we zoeken er nog twee.",
            ),
        ),
        "no",
        "Buiten de Steunpuntenraad hebben we weinig contact met andere netwerken gehad; dat willen we in 2018 "
        "oppakken.",
        date(2017, 10, 25),
        date(2017, 10, 26),
    ),
    DemoFollowUp(
        "oost",
        (
            DemoActionPoint(
                "Een bedrijfsDOT opzetten volgens het Amsterdamse model van de Collegetour.",
                "Coördinator bedrijfsleven",
                date(2017, 6, 30),
                "in_progress",
                "Eerste Collegetour met twee bedrijven en vijf docenten gepland in februari 2018.",
            ),
            DemoActionPoint(
                "Naast tevredenheid ook effecten meten, bijvoorbeeld door schoolleiders in het "
                "functioneringsgesprek naar de toepassing in de les te laten vragen.",
                "Stuurgroep",
                None,
                "not_started",
                "Nog niet besproken met de schoolleiders.",
            ),
        ),
        "partly",
        "Met Amsterdam over de Collegetour; met Zeeland een keer overlegd.",
        date(2017, 11, 2),
        date(2017, 11, 3),
    ),
    DemoFollowUp(
        "wageningen",
        (
            DemoActionPoint(
                "Met onderwijsonderzoekers verkennen of het studiesucces van studenten van partnerscholen te "
                "vergelijken is met dat van andere studenten.",
                "Netwerkcoördinator",
                date(2017, 6, 30),
                "dropped",
                "Niet zuiver te meten, zoals in het gesprek al werd betwijfeld: te veel andere factoren.",
            ),
            DemoActionPoint(
                "Leerlingactiviteiten op de universiteit koppelen aan bijscholing van hun docenten.",
                "Coördinator leerlingactiviteiten",
                date(2017, 9, 1),
                "done",
                "Docenten die leerlingen begeleiden volgen nu dezelfde middag een korte workshop.",
            ),
        ),
        "yes",
        "Met Nijmegen en Noord is een gezamenlijke docentendag afgesproken voor het voorjaar van 2018.",
        date(2017, 11, 6),
        date(2017, 11, 7),
    ),
    DemoFollowUp(
        "noord",
        (
            DemoActionPoint(
                "Per vaksteunpunt een duo aanstellen: iemand die organisatorisch sterk is en een VO-docent voor de "
                "inhoud.",
                "Netwerkcoördinator",
                date(2017, 9, 1),
                "in_progress",
                "Bij natuurkunde en scheikunde gelukt; biologie en wiskunde volgen.",
            ),
            DemoActionPoint(
                "Met een kleine cluster van drie scholen een meerjarenplan voor een schoolprogramma maken.",
                "Stuurgroep",
                date(2017, 6, 30),
                "done",
                "Het plan loopt tot 2020 en beschrijft welke ondersteuning de scholen willen.",
            ),
        ),
        "partly",
        "Met Wageningen en Nijmegen in de voorbereiding van een gezamenlijke docentendag.",
        date(2017, 11, 10),
        date(2017, 12, 4),
    ),
    DemoFollowUp(
        "brabant",
        (
            DemoActionPoint(
                "Bij de peer review van 2018 actief deelnemen, met een eigen schriftelijke voorbereiding.",
                "Kwartiermaker netwerk",
                None,
                "",
            ),
        ),
    ),
)


@transaction.atomic
def load_followups(*, actor, cycle: Cycle, month: int | None) -> list[FollowUp]:
    """Give the demo cycle the follow-up a real one has on the 15th of ``month``: the 2016 action
    points entered by the secretary, the questionnaire sent, and each network's answers and
    submission as far as they came by then. Does nothing when the cycle has follow-ups already."""
    month = month or CYCLE_MONTHS[0]
    if cycle.followups.exists():
        return []
    as_of = month_due_date(cycle.year, month).replace(day=AS_OF_DAY)
    networks = {network.slug: network for network in cycle.networks.all()}
    demos = [demo for demo in FOLLOWUPS if demo.slug in networks]
    for demo in demos:
        for point in demo.points:
            saved = services_followup.action_point_save(
                actor=actor,
                point=PreviousActionPoint(
                    cycle=cycle, network=networks[demo.slug], text=point.text, who=point.who, due=point.due
                ),
            )
            PreviousActionPoint.objects.filter(pk=saved.pk).update(
                created_at=_aware(ACTION_POINTS_ENTERED, 11), updated_at=_aware(ACTION_POINTS_ENTERED, 11)
            )
    services_followup.followup_settings_save(
        actor=actor,
        followup_settings=FollowUpSettings(
            cycle=cycle, deadline=FOLLOWUP_DEADLINE, sent_at=_aware(FOLLOWUP_SENT, 9), sent_by=actor
        ),
    )
    coordinators = coordinators_by_network([network.pk for network in networks.values()])
    follow_ups = []
    for demo in demos:
        network = networks[demo.slug]
        follow_up = services_followup.followup_for(cycle=cycle, network=network)
        author = (coordinators.get(network.pk) or [actor])[0]
        follow_ups.append(_answer(demo, follow_up, author, as_of))
    return follow_ups


def _answer(demo: DemoFollowUp, follow_up: FollowUp, author, as_of: date) -> FollowUp:
    last_change = FOLLOWUP_SENT
    if demo.answered is not None and demo.answered <= as_of:
        items = list(follow_up.items.order_by("position"))
        for item, point in zip(items, demo.points, strict=True):
            item.state, item.comment = point.state, point.comment
        follow_up = services_followup.followup_save(
            actor=author, follow_up=follow_up, items=items, exchange=(demo.exchange, demo.explanation)
        )
        FollowUpItem.objects.filter(follow_up=follow_up).update(updated_at=_aware(demo.answered, 14))
        last_change = demo.answered
    if demo.submitted is not None and demo.submitted <= as_of:
        follow_up = services_followup.followup_submit(actor=author, follow_up=follow_up)
        # The service stamps today; the demo's network submitted on its day in 2017.
        follow_up.submitted_at = _aware(demo.submitted, 15, 30)
        follow_up.late = demo.submitted > FOLLOWUP_DEADLINE
        follow_up.save(update_fields=["submitted_at", "late"])
        last_change = demo.submitted
    FollowUp.objects.filter(pk=follow_up.pk).update(
        created_at=_aware(FOLLOWUP_SENT, 9), updated_at=_aware(last_change, 15, 30)
    )
    return follow_up
