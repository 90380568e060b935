"""A meeting whose networks' preparations hold learning questions and the good practices that answer them."""

from types import SimpleNamespace

from peerreview.meetings.models import PanelMember, PanelRole
from tests.factories import (
    AttendeeFactory,
    BottleneckFactory,
    CycleFactory,
    GoodPracticeFactory,
    NetworkFactory,
    PreparationFactory,
    ReviewMeetingFactory,
    ThemeFactory,
    UserFactory,
)


def meeting_with_preparations(network, other_network, chair, secretary) -> SimpleNamespace:
    """A meeting of three networks with preparations whose questions and practices match by theme and words."""
    third = NetworkFactory(name="Netwerk Zeeland", slug="zeeland")
    cycle = CycleFactory(year=2031)
    meeting = ReviewMeetingFactory(cycle=cycle, name="Gesprek Zuid")
    meeting.networks.set([network, other_network, third])
    pupils = ThemeFactory(cycle=cycle, key="activiteiten", name="Activiteiten voor leerlingen")
    schools = ThemeFactory(
        cycle=cycle, key="vo-scholen", name="Samenwerking met VO-scholen", name_en="Collaboration with schools"
    )
    money = ThemeFactory(cycle=cycle, key="financien", name="Financiële middelen")
    preparations = {n.slug: PreparationFactory(cycle=cycle, network=n) for n in (network, other_network, third)}
    questions = {
        "utrecht-1": BottleneckFactory(
            preparation=preparations["utrecht"],
            theme=schools,
            priority=1,
            learning_question="Hoe houden we docenten van partnerscholen betrokken bij het profielwerkstuk?",
        ),
        "utrecht-2": BottleneckFactory(
            preparation=preparations["utrecht"],
            theme=money,
            priority=2,
            learning_question="Hoe financieren we het netwerk na afloop van de subsidie?",
        ),
        "limburg-1": BottleneckFactory(
            preparation=preparations["limburg"],
            theme=pupils,
            priority=1,
            learning_question="Hoe bereiken we meer meisjes met de masterclasses techniek?",
        ),
    }
    practices = {
        "limburg-pws": GoodPracticeFactory(
            preparation=preparations["limburg"],
            theme=schools,
            title="Docentennetwerk profielwerkstuk",
            description="Docenten van partnerscholen begeleiden samen met promovendi het profielwerkstuk.",
        ),
        "zeeland-money": GoodPracticeFactory(
            preparation=preparations["zeeland"],
            theme=money,
            title="Bijdrage per partnerschool",
            description="Partnerscholen betalen een jaarlijkse bijdrage zodat het netwerk zonder subsidie verder kan.",
        ),
        "utrecht-girls": GoodPracticeFactory(
            preparation=preparations["utrecht"],
            theme=pupils,
            title="Meidenmasterclass techniek",
            description="Een masterclass techniek alleen voor meisjes, met rolmodellen uit de universiteit.",
        ),
    }
    chair_member = PanelMember.objects.create(
        cycle=cycle, role=PanelRole.CHAIR, name="Carla Voorzitter", email=chair.email, user=chair, working_days=[]
    )
    attendee = AttendeeFactory(meeting=meeting, network=network, name="Anna Aanwezig", email="anna@utrecht.example")
    return SimpleNamespace(
        cycle=cycle,
        meeting=meeting,
        networks=(network, other_network, third),
        questions=questions,
        practices=practices,
        chair=chair,
        chair_member=chair_member,
        secretary=secretary,
        attendee=attendee,
        other_chair=UserFactory(email="other-chair@example.org", is_chair=True),
    )
