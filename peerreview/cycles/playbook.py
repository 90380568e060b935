"""The playbook of the 2016 report ("Bijlage 1: Draaiboek"), the template every new cycle starts from.

Keys name the rows that product features tick off by themselves once the work is done in the
product (for example ``preparation`` when all preparations are in).
"""

from peerreview.cycles.enums import Anchor, Owner

M, BEFORE, AFTER = Anchor.MONTH, Anchor.BEFORE_MEETING, Anchor.AFTER_MEETING
SEC, NET, HOST, CHAIR = Owner.SECRETARY, Owner.NETWORKS, Owner.HOSTS, Owner.CHAIR

# (key, month, anchor, offset_days, owner, optional, Dutch, English)
DEFAULT_PLAYBOOK = [
    ("follow_up", 10, M, 0, SEC, False,
     "Bij netwerken opvragen wat ze gedaan hebben met de actiepunten van het vorige peer review gesprek "
     "en of de uitwisseling met andere netwerken is toegenomen",
     "Ask the networks what they did with the action points of the previous review and whether exchange "
     "with other networks has grown"),
    ("attendees", 10, M, 0, SEC, False,
     "Bij netwerken inventariseren wie bij het gesprek aanwezig zijn (alle HO-instellingen en één of meer "
     "VO-docenten of schoolleiders), met namen, e-mailadressen en werkdagen",
     "Ask the networks who will attend (every HO institution and one or more VO teachers or school "
     "leaders), with names, e-mail addresses and working days"),
    ("expert", 10, M, 0, SEC, False,
     "Onafhankelijk expert zoeken (iemand die niet bij de netwerken betrokken is)",
     "Find an independent expert (someone not involved with the networks)"),
    ("chair", 10, M, 0, SEC, False,
     "Voorzitter zoeken voor de peer review gesprekken",
     "Find a chair for the review meetings"),
    ("grouping", 10, M, 0, SEC, False,
     "Voorstel maken voor de indeling van netwerken per gesprek en ter goedkeuring voorleggen aan de netwerken",
     "Propose the grouping of networks into meetings and have the networks approve it"),
    ("date_polls", 11, M, 0, SEC, False,
     "Datumprikkers rondsturen en de data van de gesprekken vastleggen en communiceren",
     "Run date polls, fix the meeting dates and tell everyone"),
    ("hosts", 11, M, 0, SEC, False,
     "Bepalen bij welke netwerken de gesprekken gehouden worden (bij voorkeur niet bij de vorige gastnetwerken)",
     "Choose the host networks (preferably not the previous cycle's hosts)"),
    ("logistics", 11, M, 0, HOST, False,
     "Zaal vastleggen, catering inplannen en uitrijkaarten reserveren",
     "Book the room, plan the catering and reserve parking"),
    ("themes", 12, M, 0, SEC, False,
     "Thema's en bijlage van het schriftelijke voorbereidingsdocument actualiseren",
     "Update the themes and hints of the written preparation form"),
    ("preparation_send", 1, M, 0, SEC, False,
     "Schriftelijke voorbereiding naar de netwerken sturen, met de deadline 3 weken voor het gesprek",
     "Send the written preparation form to the networks, due 3 weeks before their meeting"),
    ("evaluation_update", 2, M, 0, SEC, True,
     "Eventueel: de evaluatie-enquête actualiseren",
     "Optional: update the evaluation survey"),
    ("preparation", None, BEFORE, -21, NET, False,
     "Schriftelijke voorbereiding insturen",
     "Submit the written preparation"),
    ("agenda", None, BEFORE, -21, SEC, False,
     "Agenda maken op basis van de voorbereidingen en versturen met voorbereidingen, deelnemerslijst en "
     "presentatie-format",
     "Draft the agenda from the preparations and send it with the preparations, participant list and "
     "presentation format"),
    ("chair_review", None, BEFORE, -21, CHAIR, False,
     "Agenda voorbespreken met de secretaris: opmerkingen maken of goedkeuren",
     "Pre-discuss the agenda with the secretary: comment or approve"),
    ("meeting_preparation", None, BEFORE, -1, NET, False,
     "Gesprek voorbereiden: agenda en voorbereidingen doornemen, korte presentaties maken",
     "Prepare the meeting: read the agenda and preparations, make short presentations"),
    ("meeting_materials", None, BEFORE, 0, SEC, False,
     "Meenemen: lege naambordjes en stiften, per deelnemer een uitdraai van agenda en deelnemerslijst",
     "Bring blank name cards and markers, and a printed agenda and participant list per person"),
    ("minutes", None, AFTER, 0, SEC, False,
     "Notulen maken van het gesprek",
     "Take the minutes of the meeting"),
    ("evaluation_send", None, AFTER, 1, SEC, True,
     "Eventueel: enquête versturen naar de gespreksdeelnemers",
     "Optional: send the evaluation survey to the participants"),
    ("follow_up_actions", None, AFTER, 14, NET, False,
     "Afspraken maken met andere netwerken voor vervolgoverleg en -acties",
     "Agree follow-up meetings and actions with the other networks"),
    ("draft_report", None, AFTER, 14, SEC, False,
     "Conceptverslag maken en naar de netwerken sturen voor feedback",
     "Write the draft report and send it to the networks for feedback"),
    ("draft_feedback", None, AFTER, 28, NET, True,
     "Eventueel feedback geven op het conceptverslag",
     "Optional: give feedback on the draft report"),
    ("evaluation_analysis", 5, M, 0, SEC, True,
     "Eventueel: enquêteresultaten analyseren en documenten aanpassen (na bespreking in de steunpuntenraad)",
     "Optional: analyse the survey results and adjust the documents (after the national council)"),
    ("report", 6, M, 0, SEC, False,
     "Rapportage maken en naar de netwerken sturen",
     "Write the report and send it to the networks"),
    ("report_ministry", 6, M, 0, SEC, False,
     "Afgeslankte rapportage (zonder bijlagen) naar onder andere OCW sturen",
     "Send the slim report (without appendices) to the ministry (OCW) and others"),
]  # fmt: skip
