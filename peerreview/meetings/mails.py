"""The kinds of e-mail the meetings app sends."""

from django.utils.translation import gettext_lazy as _

from peerreview.mail.kinds import MailKind, register

HOST_CHECKLIST_DUE = register(
    MailKind(
        key="meetings.host_checklist_due",
        label=_("Host checklist: item due soon"),
        placeholders={
            "name": _("the recipient's name"),
            "network": _("the host network's name"),
            "item": _("what is to be arranged"),
            "due_date": _("the date it is due"),
            "meeting": _("the meeting's name"),
            "meeting_date": _("the meeting's date"),
            "cycle": _("the cycle, e.g. 2018"),
            "link": _("the address of the host checklist"),
        },
        subject_nl="Herinnering: {{ item }} voor {{ meeting }} (uiterlijk {{ due_date }})",
        body_nl=(
            "Beste {{ name }},\n\n"
            "{{ network }} ontvangt het peer review gesprek '{{ meeting }}' op {{ meeting_date }}. "
            "Op de checklist van het ontvangende netwerk staat nog open:\n\n"
            "{{ item }} (uiterlijk {{ due_date }})\n\n"
            "Vink het af zodra het geregeld is, en vul ook het adres en de routebeschrijving in; "
            "die gaan mee in de uitnodigingen:\n{{ link }}\n\n"
            "Met vriendelijke groet,\nhet secretariaat van de peer review"
        ),
        subject_en="Reminder: {{ item }} for {{ meeting }} (due {{ due_date }})",
        body_en=(
            "Dear {{ name }},\n\n"
            "{{ network }} hosts the peer review meeting '{{ meeting }}' on {{ meeting_date }}. "
            "The host checklist still has this open:\n\n"
            "{{ item }} (due {{ due_date }})\n\n"
            "Please tick it off once it is arranged, and fill in the address and directions too; "
            "they go into the invitations:\n{{ link }}\n\n"
            "Kind regards,\nthe peer review secretariat"
        ),
    )
)
