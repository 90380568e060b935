"""The kinds of e-mail the preparation and the follow-up questionnaire send."""

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


# The follow-up questionnaire (October)

_FOLLOWUP_PLACEHOLDERS = {
    "name": _("the recipient's name"),
    "network": _("the network's name"),
    "cycle": _("the cycle, e.g. 2018"),
    "previous": _("the previous cycle, e.g. 2016"),
    "deadline": _("the date the answers are due"),
    "link": _("the address of the network's follow-up questionnaire"),
}

FOLLOWUP_INVITE = register(
    MailKind(
        key="surveys.followup_invite",
        label=_("Follow-up: the questionnaire is open"),
        placeholders=_FOLLOWUP_PLACEHOLDERS,
        subject_nl="Peer review {{ cycle }}: wat heeft {{ network }} gedaan met de actiepunten van {{ previous }}?",
        body_nl=(
            "Beste {{ name }},\n\n"
            "Ter voorbereiding op de peer review {{ cycle }} vragen we elk netwerk wat het gedaan heeft met de "
            "actiepunten van het peer review gesprek van {{ previous }}, en of de uitwisseling met andere netwerken "
            "sindsdien is toegenomen.\n\n"
            "De actiepunten van {{ network }} staan al klaar in de vragenlijst; geef per actiepunt aan of het "
            "gedaan is, loopt, nog niet gestart is of vervallen is, met een korte toelichting. Alle coördinatoren "
            "van het netwerk kunnen eraan werken.\n"
            "Graag uiterlijk {{ deadline }} insturen:\n{{ link }}\n\n"
            "Met vriendelijke groet,\nhet secretariaat van de peer review"
        ),
        subject_en="Peer review {{ cycle }}: what did {{ network }} do with the action points of {{ previous }}?",
        body_en=(
            "Dear {{ name }},\n\n"
            "To prepare the {{ cycle }} peer review we ask every network what it did with the action points of "
            "the {{ previous }} review meeting, and whether its exchange with other networks has grown since.\n\n"
            "The action points of {{ network }} are already in the questionnaire; for each one, say whether it "
            "is done, in progress, not started or dropped, with a short comment. Every coordinator of the "
            "network can work on it.\n"
            "Please submit it by {{ deadline }}:\n{{ link }}\n\n"
            "Kind regards,\nthe peer review secretariat"
        ),
    )
)

FOLLOWUP_REMINDER = register(
    MailKind(
        key="surveys.followup_reminder",
        label=_("Follow-up: reminder before the deadline"),
        placeholders=_FOLLOWUP_PLACEHOLDERS,
        subject_nl="Herinnering: vervolgvragenlijst {{ network }} uiterlijk {{ deadline }}",
        body_nl=(
            "Beste {{ name }},\n\n"
            "De vragenlijst over de actiepunten van {{ previous }} is voor {{ network }} nog niet ingestuurd. "
            "De deadline is {{ deadline }}:\n{{ link }}\n\n"
            "Met vriendelijke groet,\nhet secretariaat van de peer review"
        ),
        subject_en="Reminder: follow-up questionnaire of {{ network }} due {{ deadline }}",
        body_en=(
            "Dear {{ name }},\n\n"
            "The questionnaire about the action points of {{ previous }} has not been submitted for {{ network }} "
            "yet. It is due on {{ deadline }}:\n{{ link }}\n\n"
            "Kind regards,\nthe peer review secretariat"
        ),
    )
)
