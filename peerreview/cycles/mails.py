"""The kinds of e-mail the timeline sends."""

from django.utils.translation import gettext_lazy as _

from peerreview.mail.kinds import MailKind, register

_TASK_PLACEHOLDERS = {
    "name": _("the recipient's name"),
    "task": _("what is to be done"),
    "due_date": _("the date it is due"),
    "meeting": _("the meeting it belongs to (may be empty)"),
    "cycle": _("the cycle, e.g. 2018"),
    "link": _("the address of the page to act on"),
}

TASK_DUE = register(
    MailKind(
        key="cycles.task_due",
        label=_("Reminder: task due soon"),
        placeholders=_TASK_PLACEHOLDERS,
        subject_nl="Herinnering: {{ task }} (uiterlijk {{ due_date }})",
        body_nl=(
            "Beste {{ name }},\n\n"
            "In het draaiboek van de peer review {{ cycle }} staat voor u:\n\n"
            "{{ task }} {{ meeting }}\n\n"
            "Dit moet uiterlijk {{ due_date }} klaar zijn. U vindt het hier:\n{{ link }}\n\n"
            "Met vriendelijke groet,\nhet secretariaat van de peer review"
        ),
        subject_en="Reminder: {{ task }} (due {{ due_date }})",
        body_en=(
            "Dear {{ name }},\n\n"
            "The playbook of the {{ cycle }} peer review has this for you:\n\n"
            "{{ task }} {{ meeting }}\n\n"
            "It is due on {{ due_date }}. You will find it here:\n{{ link }}\n\n"
            "Kind regards,\nthe peer review secretariat"
        ),
    )
)

TASK_OVERDUE = register(
    MailKind(
        key="cycles.task_overdue",
        label=_("Reminder: task overdue"),
        placeholders=_TASK_PLACEHOLDERS,
        subject_nl="Verlopen: {{ task }} (was {{ due_date }})",
        body_nl=(
            "Beste {{ name }},\n\n"
            "Deze taak uit het draaiboek van de peer review {{ cycle }} had op {{ due_date }} klaar moeten zijn:\n\n"
            "{{ task }} {{ meeting }}\n\n"
            "Wilt u haar afronden of laten weten wanneer dat lukt? U vindt haar hier:\n{{ link }}\n\n"
            "Met vriendelijke groet,\nhet secretariaat van de peer review"
        ),
        subject_en="Overdue: {{ task }} (was due {{ due_date }})",
        body_en=(
            "Dear {{ name }},\n\n"
            "This task of the {{ cycle }} peer review playbook was due on {{ due_date }}:\n\n"
            "{{ task }} {{ meeting }}\n\n"
            "Could you complete it, or let us know when you can? You will find it here:\n{{ link }}\n\n"
            "Kind regards,\nthe peer review secretariat"
        ),
    )
)
