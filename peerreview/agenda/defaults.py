"""The agenda of the 2016 meetings (Tabel 2) and the presentation format, as the product's defaults."""

from peerreview.agenda.enums import SlotKind

_BLOCK_NL = "Korte presentaties door de netwerken over knelpunten en good practices, gevolgd door dialogen"
_BLOCK_EN = "Short presentations by the networks on bottlenecks and good practices, followed by dialogue"

# (kind, minutes, Dutch, English)
DEFAULT_SLOTS = [
    (SlotKind.OPENING, 10, "Kennismaking, doelstelling, toelichting agenda", "Introductions, aims, the agenda"),
    (SlotKind.BLOCK, 70, _BLOCK_NL, _BLOCK_EN),
    (SlotKind.BREAK, 20, "Pauze", "Break"),
    (SlotKind.BLOCK, 70, _BLOCK_NL, _BLOCK_EN),
    (SlotKind.CLOSING, 10, "Afronding: leeropbrengsten inventariseren", "Closing: what did we learn?"),
]

PRESENTATION_FORMAT_NL = """Korte presentatie (maximaal 5 minuten, hoogstens 5 dia's)

Bij een knelpunt en leervraag:
- Wat is het knelpunt, en in welke situatie doet het zich voor?
- Wat heeft uw netwerk al geprobeerd, en met welk resultaat?
- Wat is precies uw leervraag aan de andere netwerken?

Bij een good practice:
- Wat is de good practice: doel, doelgroep, opzet?
- Wat zijn de resultaten, en hoe weet u dat?
- Wat zijn de succesfactoren, en wat ging minder goed?
- Wat kunnen andere netwerken ervan overnemen, en wat hebben zij daarvoor nodig?

Na elke presentatie volgt een dialoog: de andere netwerken stellen vragen en delen hun ervaringen."""

PRESENTATION_FORMAT_EN = """Short presentation (at most 5 minutes, no more than 5 slides)

For a bottleneck and learning question:
- What is the bottleneck, and in which situation does it arise?
- What has your network tried already, and with what result?
- What exactly is your learning question to the other networks?

For a good practice:
- What is the good practice: its aim, audience and set-up?
- What are its results, and how do you know?
- What made it succeed, and what went less well?
- What can other networks take from it, and what would they need?

Each presentation is followed by dialogue: the other networks ask questions and share their experience."""
