"""The themes of the 2016 preparation form ("Bijlage 2") with their sub-topic hints, the default
for a cycle that has no themes of its own yet."""

# (key, Dutch name, English name, Dutch hints)
DEFAULT_THEMES = [
    ("activities", "Activiteiten", "Activities", [
        "Activiteiten voor leerlingen, docenten, TOA's en schoolleiders.",
        "Een samenhangend leerlingen- en docentenaanbod (vervlechting Bètasteunpunt met VO-HO netwerk).",
        "Type en frequentie activiteiten.",
        "Deelnemersaantallen.",
        "Waardering van deelnemers voor activiteiten (evaluatie/monitoring).",
        "Curriculumontwikkeling (didactisch, inhoudelijk, gedifferentieerd), bijvoorbeeld onderwijsmaterialen "
        "gericht op de vakvernieuwing, onderzoeksvaardigheden of technisch ontwerpen.",
        "Landelijke deling van ontwikkelde onderwijsmaterialen.",
    ]),
    ("schools", "Samenwerking met VO-scholen", "Cooperation with VO schools", [
        "Afstemming tussen vraag (van VO-scholen) en aanbod (van HO-instellingen).",
        "Commitment schoolleidingen.",
        "Partnerscholen / samenwerkingsovereenkomst met scholen.",
        "Betrokkenheid van scholen in bestuur en organisatie netwerk.",
        "Ontwikkeling van schoolprogramma's gericht op differentiatie en talentontwikkeling.",
        "Uitwisseling tussen scholen faciliteren.",
    ]),
    ("institutions", "Samenwerking met andere instellingen", "Cooperation with other institutions", [
        "Samenwerking met HBO, WO, eerste- en tweedegraads lerarenopleidingen en vakdidactici.",
        "Samenwerking met SLO, PBT, Toptalenten VO, Wetenschapsknooppunten, Jet-Net, STEM Teacher Academy, "
        "Techniekpact, uitgevers en vakverenigingen.",
        "Samenwerking met Sirius (aansluiten talentenactiviteiten op honoursprogramma's Sirius).",
        "Samenwerking met andere regionale VO-HO netwerken.",
        "Het inrichten van de havo-hbo aanpak.",
    ]),
    ("business", "Samenwerking met bedrijfsleven", "Cooperation with business", [
        "STEM Teacher Academy (BedrijfsDOTs en Cursus Bètaberoepen in de les).",
        "Samenwerking Jet-Net (regiocoördinator).",
        "Opbrengsten van samenwerken met bedrijven.",
        "Bedrijven werven.",
        "Bijdrage(n) van bedrijven (wel/niet structureel).",
        "Waardering van docenten voor activiteiten met bedrijven.",
        "Activiteiten met bedrijven die jullie idealiter zouden willen bieden.",
    ]),
    ("quality", "Kwaliteitsbewaking", "Quality assurance", [
        "Kwaliteit van activiteiten borgen.",
        "Door jullie gebruikte evaluatiesystemen.",
        "Partnerscholen om feedback vragen.",
        "Zicht op de effecten van jullie activiteiten, bijvoorbeeld in hoeverre activiteiten leiden tot "
        "verbeteringen in de les.",
        "Het didactisch vaardig maken van studenten die leerlingenactiviteiten uitvoeren.",
    ]),
    ("finances", "Financiële middelen", "Finances", [
        "Financiering netwerk door HO, VO, overheid en bedrijfsleven.",
        "Bemensing bètabreed en per vak (ook: flexcontracten vs. vaste contracten).",
    ]),
    ("sustainability", "Verduurzaming", "Sustainability", [
        "Financiële verduurzaming: afhankelijkheid van stimuleringsmiddelen vs. cofinanciering "
        "VO/HO/bedrijfsleven.",
        "Bestuurlijke inbedding van het netwerk (commitment CvB's en schoolleiders).",
        "Duurzame bijdrage VO-scholen (zowel in-kind als in-cash), vastgelegd in een samenwerkingsovereenkomst.",
    ]),
    ("communication", "Communicatie", "Communication", [
        "Website.",
        "Nieuwsbrief.",
        "Publicaties.",
        "Het bekend maken van jullie aanbod.",
    ]),
    ("developments", "Inspelen op (toekomstige) ontwikkelingen", "Responding to (future) developments", [
        "Verbreding naar alfa en gamma.",
        "Onderwijs2032.",
        "Techniekpact 2.0.",
        "Overige ontwikkelingen die plaatsvinden in VO en HO.",
    ]),
]  # fmt: skip
# The tenth: "Optioneel: zelf in te vullen", named by each network itself.
OWN_THEME = ("own", "Optioneel: zelf in te vullen", "Optional: a theme of your own")
