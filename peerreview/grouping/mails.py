"""The kind of e-mail the grouping sends: the proposal, to every coordinator of every network in it."""

from django.utils.translation import gettext_lazy as _

from peerreview.mail.kinds import MailKind, register

PROPOSAL_SENT = register(
    MailKind(
        key="grouping.proposal_sent",
        label=_("Grouping: the proposal for the networks' approval"),
        placeholders={
            "name": _("the recipient's name"),
            "network": _("the network's name"),
            "cycle": _("the cycle, e.g. 2018"),
            "groups": _("the proposed groups, one meeting a line"),
            "link": _("the address where the network approves or objects"),
        },
        subject_nl="Voorstel indeling peer review gesprekken {{ cycle }}: graag uw akkoord",
        body_nl=(
            "Beste {{ name }},\n\n"
            "Hierbij het voorstel voor de indeling van de netwerken over de peer review gesprekken {{ cycle }}:\n\n"
            "{{ groups }}\n\n"
            "Op de pagina hieronder leest u per gesprek waarom de netwerken bij elkaar zijn gezet. Wilt u "
            "daar namens {{ network }} laten weten of u akkoord gaat, of waarom niet?\n{{ link }}\n\n"
            "Met vriendelijke groet,\nhet secretariaat van de peer review"
        ),
        subject_en="Proposed grouping for the {{ cycle }} peer review meetings: your approval, please",
        body_en=(
            "Dear {{ name }},\n\n"
            "Here is the proposal for dividing the networks over the {{ cycle }} peer review meetings:\n\n"
            "{{ groups }}\n\n"
            "The page below explains for each meeting why its networks were put together. Please let us "
            "know there whether {{ network }} approves, or why not:\n{{ link }}\n\n"
            "Kind regards,\nthe peer review secretariat"
        ),
        example={
            "name": "Anna de Vries",
            "network": "Utrecht",
            "cycle": "2018",
            "groups": "Meeting 1: Limburg, Utrecht, Zuid-Holland, Leiden\nMeeting 2: Amsterdam, Oost, Zeeland",
            "link": "https://peerreview.example/grouping/2018/utrecht/",
        },
    )
)
