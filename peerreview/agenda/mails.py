"""The kinds of e-mail the agenda sends: to the chair for review, to the secretaries, and the pack."""

from django.utils.translation import gettext_lazy as _

from peerreview.mail.kinds import MailKind, register

_PLACEHOLDERS = {
    "name": _("the recipient's name"),
    "meeting": _("the meeting's name"),
    "date": _("the meeting's date"),
    "comment": _("the chair's comment (may be empty)"),
    "link": _("the address of the agenda in the product"),
}
_SIGNATURE_NL = "Met vriendelijke groet,\nhet secretariaat van de peer review"
_SIGNATURE_EN = "Kind regards,\nthe peer review secretariat"

AGENDA_REVIEW = register(
    MailKind(
        key="agenda.review_requested",
        label=_("Agenda: the chair is asked to review it"),
        placeholders=_PLACEHOLDERS,
        subject_nl="Agenda ter goedkeuring: {{ meeting }} ({{ date }})",
        body_nl=(
            "Beste {{ name }},\n\n"
            "De concept-agenda van {{ meeting }} op {{ date }} staat voor u klaar. U kunt hem lezen naast de "
            "schriftelijke voorbereidingen van de netwerken, opmerkingen maken bij de onderdelen en hem "
            "goedkeuren of om wijzigingen vragen:\n{{ link }}\n\n"
            "{{ comment }}\n\n" + _SIGNATURE_NL
        ),
        subject_en="Agenda for approval: {{ meeting }} ({{ date }})",
        body_en=(
            "Dear {{ name }},\n\n"
            "The draft agenda of {{ meeting }} on {{ date }} is ready for you. You can read it beside the "
            "networks' written preparations, comment on its items, and approve it or ask for changes:\n"
            "{{ link }}\n\n{{ comment }}\n\n" + _SIGNATURE_EN
        ),
    )
)

AGENDA_APPROVED = register(
    MailKind(
        key="agenda.approved",
        label=_("Agenda: the chair approved it"),
        placeholders=_PLACEHOLDERS,
        subject_nl="Agenda goedgekeurd: {{ meeting }}",
        body_nl=(
            "Beste {{ name }},\n\nDe voorzitter heeft de agenda van {{ meeting }} ({{ date }}) goedgekeurd. "
            "U kunt nu het agendapakket versturen:\n{{ link }}\n\n{{ comment }}\n\n" + _SIGNATURE_NL
        ),
        subject_en="Agenda approved: {{ meeting }}",
        body_en=(
            "Dear {{ name }},\n\nThe chair approved the agenda of {{ meeting }} ({{ date }}). You can now send "
            "the agenda pack:\n{{ link }}\n\n{{ comment }}\n\n" + _SIGNATURE_EN
        ),
    )
)

AGENDA_CHANGES_REQUESTED = register(
    MailKind(
        key="agenda.changes_requested",
        label=_("Agenda: the chair asks for changes"),
        placeholders=_PLACEHOLDERS,
        subject_nl="Wijzigingen gevraagd in de agenda van {{ meeting }}",
        body_nl=(
            "Beste {{ name }},\n\nDe voorzitter vraagt om wijzigingen in de agenda van {{ meeting }} "
            "({{ date }}):\n\n{{ comment }}\n\nDe agenda en alle opmerkingen:\n{{ link }}\n\n" + _SIGNATURE_NL
        ),
        subject_en="Changes requested in the agenda of {{ meeting }}",
        body_en=(
            "Dear {{ name }},\n\nThe chair asks for changes in the agenda of {{ meeting }} ({{ date }}):\n\n"
            "{{ comment }}\n\nThe agenda and all comments:\n{{ link }}\n\n" + _SIGNATURE_EN
        ),
    )
)

_PACK_PLACEHOLDERS = {key: _PLACEHOLDERS[key] for key in ("name", "meeting", "date")} | {
    "time": _("the meeting's start and end time"),
    "location": _("where the meeting takes place"),
}

AGENDA_PACK = register(
    MailKind(
        key="agenda.pack",
        label=_("Agenda pack: agenda, preparations, participants and presentation format"),
        placeholders=_PACK_PLACEHOLDERS,
        subject_nl="Agenda en stukken peer review gesprek {{ meeting }} ({{ date }})",
        body_nl=(
            "Beste {{ name }},\n\n"
            "Hierbij de stukken voor het peer review gesprek {{ meeting }} op {{ date }}, {{ time }}, "
            "{{ location }}:\n"
            "- de agenda;\n- de schriftelijke voorbereidingen van de netwerken;\n- de deelnemerslijst;\n"
            "- het format voor de korte presentaties.\n\n"
            "Wilt u de agenda en de voorbereidingen vooraf doornemen en, waar de agenda dat vraagt, een korte "
            "presentatie voorbereiden volgens het format?\n\n" + _SIGNATURE_NL
        ),
        subject_en="Agenda and papers for the peer review meeting {{ meeting }} ({{ date }})",
        body_en=(
            "Dear {{ name }},\n\n"
            "Attached are the papers for the peer review meeting {{ meeting }} on {{ date }}, {{ time }}, "
            "{{ location }}:\n"
            "- the agenda;\n- the networks' written preparations;\n- the participant list;\n"
            "- the format for the short presentations.\n\n"
            "Please read the agenda and the preparations beforehand and, where the agenda asks for it, prepare "
            "a short presentation following the format.\n\n" + _SIGNATURE_EN
        ),
    )
)
