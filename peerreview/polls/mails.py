"""The kinds of e-mail the date polls send: the personal link, and the invitation once the date is fixed."""

from django.utils.translation import gettext_lazy as _

from peerreview.mail.kinds import MailKind, register

POLL_INVITE = register(
    MailKind(
        key="polls.poll_invite",
        label=_("Date poll: personal link"),
        placeholders={
            "name": _("the recipient's name"),
            "meeting": _("the meeting's name"),
            "cycle": _("the cycle, e.g. 2018"),
            "networks": _("the networks meeting, separated by commas"),
            "dates": _("the candidate dates, one per line"),
            "link": _("the recipient's personal link to the poll"),
        },
        subject_nl="Datumprikker peer review {{ cycle }}: {{ meeting }}",
        body_nl=(
            "Beste {{ name }},\n\n"
            "Voor het peer review gesprek van {{ networks }} zoeken we een datum. Dit zijn de mogelijke data:\n"
            "{{ dates }}\n\n"
            "Wilt u per datum aangeven of u kunt (ja, zo nodig, nee)? Dat kan via deze persoonlijke link, "
            "zonder account:\n{{ link }}\n\n"
            "De link is alleen voor u; stuur hem niet door. U kunt uw antwoorden later nog aanpassen.\n\n"
            "Met vriendelijke groet,\nhet secretariaat van de peer review"
        ),
        subject_en="Date poll for the {{ cycle }} peer review: {{ meeting }}",
        body_en=(
            "Dear {{ name }},\n\n"
            "We are looking for a date for the peer review meeting of {{ networks }}. These are the possible "
            "dates:\n{{ dates }}\n\n"
            "Please tell us for each date whether you can come (yes, if need be, no) through this personal "
            "link; no account is needed:\n{{ link }}\n\n"
            "The link is yours alone; please do not pass it on. You can change your answers later.\n\n"
            "Kind regards,\nthe peer review secretariat"
        ),
        # The link answers for its holder; the outbox must not keep a usable copy once it is sent.
        sensitive=True,
        example={
            "name": "Anna de Vries",
            "meeting": "Peer review gesprek 1",
            "cycle": "2018",
            "networks": "Netwerk Utrecht, Netwerk Limburg",
            "dates": "dinsdag 3 april 2018, 13:00–16:00\ndonderdag 5 april 2018, 13:00–16:00",
            "link": "https://peerreview.example/polls/answer/…/",
        },
    )
)

MEETING_INVITATION = register(
    MailKind(
        key="polls.meeting_invitation",
        label=_("Date poll: invitation to the meeting (with calendar file)"),
        placeholders={
            "name": _("the recipient's name"),
            "meeting": _("the meeting's name"),
            "cycle": _("the cycle, e.g. 2018"),
            "networks": _("the networks meeting, separated by commas"),
            "date": _("the meeting's date"),
            "time": _("the meeting's start and end time"),
            "venue": _("where the meeting takes place, with directions (may be empty while the host is arranging it)"),
            "change_note": _("a line saying that this invitation replaces an earlier one (empty the first time)"),
        },
        subject_nl="Uitnodiging peer review gesprek {{ cycle }}: {{ date }}",
        body_nl=(
            "Beste {{ name }},\n\n"
            "{{ change_note }}"
            "Het peer review gesprek van {{ networks }} ({{ meeting }}) vindt plaats op {{ date }}, "
            "{{ time }}.\n\n"
            "Locatie:\n{{ venue|default:'volgt nog' }}\n\n"
            "In de bijlage vindt u een agenda-item (.ics) om in uw agenda te zetten.\n\n"
            "Met vriendelijke groet,\nhet secretariaat van de peer review"
        ),
        subject_en="Invitation to the {{ cycle }} peer review meeting: {{ date }}",
        body_en=(
            "Dear {{ name }},\n\n"
            "{{ change_note }}"
            "The peer review meeting of {{ networks }} ({{ meeting }}) takes place on {{ date }}, {{ time }}.\n\n"
            "Venue:\n{{ venue|default:'to follow' }}\n\n"
            "The attached calendar file (.ics) puts the meeting in your calendar.\n\n"
            "Kind regards,\nthe peer review secretariat"
        ),
        example={
            "name": "Anna de Vries",
            "meeting": "Peer review gesprek 1",
            "cycle": "2018",
            "networks": "Netwerk Utrecht, Netwerk Limburg",
            "date": "dinsdag 3 april 2018",
            "time": "13:00–16:00",
            "venue": "Hogeschool Zeeland, Edisonweg 4, Vlissingen",
            "change_note": "",
        },
    )
)
