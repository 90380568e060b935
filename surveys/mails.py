"""The kinds of e-mail the preparation sends."""

from django.utils.translation import gettext_lazy as _

from peerreview.mail.kinds import MailKind, register

_PLACEHOLDERS = {
    "name": _("the recipient's name"),
    "network": _("the network's name"),
    "cycle": _("the cycle, e.g. 2018"),
    "deadline": _("the date the preparation is due (may be empty before the meeting has a date)"),
    "link": _("the address of the network's preparation"),
}

PREPARATION_INVITE = register(
    MailKind(
        key="surveys.preparation_invite",
        label=_("Preparation: the form is open"),
        placeholders=_PLACEHOLDERS,
        subject_nl="Schriftelijke voorbereiding peer review {{ cycle }}: {{ network }}",
        body_nl=(
            "Beste {{ name }},\n\n"
            "De schriftelijke voorbereiding voor het peer review gesprek {{ cycle }} staat voor {{ network }} "
            "klaar. Noteer per thema, indien van toepassing, één of meer good practices of knelpunten "
            "(maximaal 200 woorden elk), en formuleer bij minstens twee en hoogstens vier knelpunten een "
            "heldere leervraag, in volgorde van belang.\n\n"
            "Alle coördinatoren van het netwerk kunnen eraan werken; wat u typt wordt vanzelf bewaard.\n"
            "Graag uiterlijk {{ deadline }} insturen (drie weken voor het gesprek):\n{{ link }}\n\n"
            "Met vriendelijke groet,\nhet secretariaat van de peer review"
        ),
        subject_en="Written preparation for the {{ cycle }} peer review: {{ network }}",
        body_en=(
            "Dear {{ name }},\n\n"
            "The written preparation for the {{ cycle }} peer review meeting is open for {{ network }}. Per "
            "theme, note one or more good practices or bottlenecks where they apply (at most 200 words each), "
            "and give at least two and at most four bottlenecks a clear learning question, in order of "
            "priority.\n\n"
            "Every coordinator of the network can work on it; what you type is saved as you go.\n"
            "Please submit it by {{ deadline }} (three weeks before the meeting):\n{{ link }}\n\n"
            "Kind regards,\nthe peer review secretariat"
        ),
    )
)

PREPARATION_REMINDER = register(
    MailKind(
        key="surveys.preparation_reminder",
        label=_("Preparation: reminder before the deadline"),
        placeholders=_PLACEHOLDERS,
        subject_nl="Herinnering: schriftelijke voorbereiding {{ network }} uiterlijk {{ deadline }}",
        body_nl=(
            "Beste {{ name }},\n\n"
            "De schriftelijke voorbereiding van {{ network }} voor de peer review {{ cycle }} is nog niet "
            "ingestuurd. De deadline is {{ deadline }}, drie weken voor het gesprek:\n{{ link }}\n\n"
            "Met vriendelijke groet,\nhet secretariaat van de peer review"
        ),
        subject_en="Reminder: written preparation of {{ network }} due {{ deadline }}",
        body_en=(
            "Dear {{ name }},\n\n"
            "The written preparation of {{ network }} for the {{ cycle }} peer review has not been submitted "
            "yet. It is due on {{ deadline }}, three weeks before the meeting:\n{{ link }}\n\n"
            "Kind regards,\nthe peer review secretariat"
        ),
    )
)
