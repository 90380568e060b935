"""The chair and the independent expert of a cycle (or a meeting) and their declarations of interests:
the accounts they get, the playbook's tasks, the warnings of ties the rule forbids, who may see and
fill in what, and the pages' query counts."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from networks.demo import CHAIR_EMAIL, EXPERT_EMAIL, load_registry
from networks.enums import Weekday
from peerreview.cycles.demo import load_cycle
from peerreview.cycles.enums import TaskState
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.cycles.services import cycle_create, meeting_save
from peerreview.meetings import selectors, services_panel
from peerreview.meetings.demo import load_panel_and_hosts
from peerreview.meetings.enums import TieKind
from peerreview.meetings.models import Declaration, PanelMember, PanelRole, Tie
from tests.factories import CycleFactory, NetworkFactory, UserFactory
from tests.factories.meetings import DeclarationFactory, PanelMemberFactory, TieFactory

pytestmark = pytest.mark.django_db

CHAIR, EXPERT = PanelRole.CHAIR.value, PanelRole.EXPERT.value


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def cycle(secretary, network, other_network) -> Cycle:
    return cycle_create(actor=secretary, cycle=Cycle(year=2018), networks=[network, other_network])


@pytest.fixture
def meeting(secretary, cycle, network, other_network) -> ReviewMeeting:
    return meeting_save(
        actor=secretary,
        meeting=ReviewMeeting(cycle=cycle, name="Gesprek Midden", date=date(2018, 4, 10)),
        networks=[network, other_network],
    )


@pytest.fixture
def second_meeting(secretary, cycle) -> ReviewMeeting:
    friesland = NetworkFactory(name="Netwerk Friesland", slug="friesland")
    cycle.networks.add(friesland)
    return meeting_save(
        actor=secretary,
        meeting=ReviewMeeting(cycle=cycle, name="Gesprek Noord", date=date(2018, 5, 15)),
        networks=[friesland],
    )


def _record(actor, cycle, role=CHAIR, meeting=None, email="henk@chair.example", name="Henk Mulder") -> PanelMember:
    return services_panel.panel_member_save(
        actor=actor,
        member=PanelMember(
            cycle=cycle, meeting=meeting, role=role, name=name, email=email, working_days=[Weekday.MONDAY.value]
        ),
    )


def _declare(actor, member, ties=()) -> Declaration:
    return services_panel.declaration_save(
        actor=actor, member=member, truthful=True, declared_on=date(2017, 10, 20), ties=list(ties)
    )


def _messages(cycle) -> list[str]:
    return [warning.message for warning in selectors.panel_warnings(cycle)]


# Recording the chair and the expert


def test_recording_makes_an_account_with_the_role_flag(secretary, cycle):
    member = _record(secretary, cycle, email="Henk@Chair.Example")

    user = get_user_model().objects.get(email="henk@chair.example")
    assert (member.user, user.full_name, user.is_chair, user.is_expert) == (user, "Henk Mulder", True, False)
    assert not user.has_usable_password()  # signs in by e-mailed code


def test_recording_links_an_existing_account_in_any_case(secretary, cycle):
    existing = UserFactory(email="ingrid@expert.example")

    member = _record(secretary, cycle, role=EXPERT, email="INGRID@expert.example", name="Ingrid")

    existing.refresh_from_db()
    assert (member.user, existing.is_expert, get_user_model().objects.count()) == (existing, True, 2)


def test_second_chair_for_the_whole_cycle_refused(secretary, cycle):
    _record(secretary, cycle)

    with pytest.raises(ValidationError) as error:
        _record(secretary, cycle, email="other@chair.example", name="Other")

    assert "This cycle already has someone in this role for all its meetings." in error.value.messages
    assert PanelMember.objects.count() == 1


def test_meeting_of_another_cycle_refused(secretary, cycle, meeting):
    other = cycle_create(actor=secretary, cycle=Cycle(year=2020))

    with pytest.raises(ValidationError) as error:
        _record(secretary, other, meeting=meeting)

    assert error.value.message_dict == {"meeting": ["Choose a meeting of this cycle."]}
    assert not PanelMember.objects.exists()


def test_replaced_account_loses_the_flag_unless_it_serves_elsewhere(secretary, cycle, meeting):
    member = _record(secretary, cycle, email="old@chair.example")
    old = member.user
    _record(secretary, cycle, meeting=meeting, email="both@chair.example", name="Both")
    both = get_user_model().objects.get(email="both@chair.example")

    member.email = "new@chair.example"
    services_panel.panel_member_save(actor=secretary, member=member)
    old.refresh_from_db()
    assert (old.is_chair, member.user.email, member.user.is_chair) == (False, "new@chair.example", True)

    member.email = "both@chair.example"  # now serves the cycle and the one meeting
    services_panel.panel_member_save(actor=secretary, member=member)
    services_panel.panel_member_delete(actor=secretary, member=PanelMember.objects.get(meeting=meeting))
    both.refresh_from_db()
    assert both.is_chair  # still the cycle's chair

    services_panel.panel_member_delete(actor=secretary, member=member)
    both.refresh_from_db()
    assert not both.is_chair


def test_panel_for_meeting_prefers_the_meetings_own_member(secretary, cycle, meeting, second_meeting):
    chair = _record(secretary, cycle)
    expert = _record(secretary, cycle, role=EXPERT, email="e@expert.example", name="Eva")
    own_chair = _record(secretary, cycle, meeting=meeting, email="own@chair.example", name="Own")

    assert selectors.panel_for_meeting(meeting) == [own_chair, expert]
    assert selectors.panel_for_meeting(second_meeting) == [chair, expert]


# The declaration


def test_declaration_without_the_statement_refused_and_nothing_kept(secretary, cycle, network):
    member = _record(secretary, cycle)

    with pytest.raises(ValidationError) as error:
        services_panel.declaration_save(
            actor=secretary,
            member=member,
            truthful=False,
            declared_on=date(2017, 10, 1),
            ties=[Tie(network=network, kind=TieKind.OTHER, description="x")],
        )

    assert error.value.message_dict == {
        "truthful": ["Confirm that you declare your ties with the networks truthfully and completely."]
    }
    assert (Declaration.objects.count(), Tie.objects.count()) == (0, 0)


def test_declaration_dated_in_the_future_refused(secretary, cycle):
    member = _record(secretary, cycle)

    with pytest.raises(ValidationError) as error:
        services_panel.declaration_save(
            actor=secretary, member=member, truthful=True, declared_on=timezone.localdate() + timedelta(days=1), ties=[]
        )

    assert "declared_on" in error.value.message_dict
    assert not Declaration.objects.exists()


def test_declaring_again_replaces_the_ties_and_records_who(secretary, cycle, network, other_network):
    member = _record(secretary, cycle)
    _declare(secretary, member, [Tie(network=network, kind=TieKind.OTHER, description="Guest lecture")])

    declaration = _declare(member.user, member, [Tie(network=other_network, kind=TieKind.BOARD, description="Board")])

    assert Declaration.objects.get() == declaration
    assert list(declaration.ties.values_list("network__slug", "kind")) == [("limburg", "board")]
    assert (declaration.declared_by, declaration.on_behalf) == (member.user, False)


def test_bad_tie_keeps_nothing_of_the_declaration(secretary, cycle, network):
    member = _record(secretary, cycle)

    with pytest.raises(ValidationError):
        _declare(secretary, member, [Tie(network=network, kind="unknown", description="x")])

    assert (Declaration.objects.count(), Tie.objects.count()) == (0, 0)


# The playbook's tasks


def test_role_task_ticked_once_filled_and_declared(secretary, cycle, meeting):
    chair = _record(secretary, cycle)
    assert cycle.tasks.get(key="chair").state == TaskState.OPEN  # no declaration yet

    _declare(chair.user, chair)

    task = cycle.tasks.get(key="chair")
    assert (task.state, task.completed_by) == (TaskState.DONE, chair.user)
    assert cycle.tasks.get(key="expert").state == TaskState.OPEN


def test_role_task_waits_for_every_meeting_when_recorded_per_meeting(secretary, cycle, meeting, second_meeting):
    first = _record(secretary, cycle, role=EXPERT, meeting=meeting, email="a@expert.example", name="A")
    _declare(secretary, first)
    assert cycle.tasks.get(key="expert").state == TaskState.OPEN

    second = _record(secretary, cycle, role=EXPERT, meeting=second_meeting, email="b@expert.example", name="B")
    assert cycle.tasks.get(key="expert").state == TaskState.OPEN  # B has not declared
    _declare(secretary, second)

    assert cycle.tasks.get(key="expert").state == TaskState.DONE


# Warnings


def test_expert_with_a_committee_seat_warned(secretary, cycle):
    expert = _record(secretary, cycle, role=EXPERT, email="e@expert.example", name="Eva")
    _declare(expert.user, expert, [Tie(kind=TieKind.COMMITTEE, description="Subsidy committee", years="2013")])

    assert _messages(cycle) == [
        "The expert Eva sat on an assessment committee of the networks (Subsidy committee); "
        "the independent expert must not have."
    ]


def test_expert_involved_with_any_network_warned(secretary, cycle):
    outside = NetworkFactory(name="Netwerk Twente", slug="twente")  # not taking part in this cycle
    expert = _record(secretary, cycle, role=EXPERT, email="e@expert.example", name="Eva")
    _declare(expert.user, expert, [Tie(network=outside, kind=TieKind.WORKS_AT, description="Teacher at a partner")])

    assert _messages(cycle) == [
        "The expert Eva is involved with Netwerk Twente (Teacher at a partner); "
        "the independent expert must not be involved with any network."
    ]


def test_clean_declarations_give_no_warning(secretary, cycle, meeting, network):
    chair = _record(secretary, cycle)
    expert = _record(secretary, cycle, role=EXPERT, email="e@expert.example", name="Eva")
    _declare(chair.user, chair)
    # An "other" tie is declared for the secretary to read, but is not against the expert's rule.
    _declare(expert.user, expert, [Tie(network=network, kind=TieKind.OTHER, description="Reads its newsletter")])

    assert selectors.panel_warnings(cycle) == []


def test_missing_declaration_warned(secretary, cycle):
    _record(secretary, cycle)

    assert _messages(cycle) == ["Henk Mulder (chair) has not declared their interests yet: declaration missing."]


def test_chair_warned_only_for_networks_of_meetings_they_chair(secretary, cycle, meeting, second_meeting, network):
    friesland = second_meeting.networks.get()
    chair = _record(secretary, cycle, meeting=second_meeting)
    _declare(chair.user, chair, [Tie(network=network, kind=TieKind.BOARD, description="Board member")])
    assert selectors.panel_warnings(cycle) == []  # Utrecht meets in the other meeting

    _declare(chair.user, chair, [Tie(network=friesland, kind=TieKind.OTHER, description="Guest lecture")])

    [warning] = selectors.panel_warnings(cycle)
    assert warning.message == (
        "The chair Henk Mulder has a tie with Netwerk Friesland (Guest lecture), a network of Gesprek Noord, "
        "which they chair."
    )
    assert (warning.member, warning.url) == (chair, "/meetings/2018/panel/")


def test_cycle_chair_warned_for_meetings_without_a_chair_of_their_own(secretary, cycle, meeting, second_meeting):
    friesland = second_meeting.networks.get()
    chair = _record(secretary, cycle)
    _record(secretary, cycle, meeting=second_meeting, email="own@chair.example", name="Own")
    _declare(chair.user, chair, [Tie(network=friesland, kind=TieKind.WORKS_AT, description="Works there")])

    # Friesland's meeting has its own chair, so the cycle's chair does not chair it.
    assert _messages(cycle) == ["Own (chair) has not declared their interests yet: declaration missing."]


@pytest.mark.parametrize("count", [1, 6])
def test_warnings_in_a_fixed_number_of_queries(secretary, cycle, network, django_assert_num_queries, count):
    PanelMemberFactory(cycle=cycle, role=CHAIR)
    for index in range(count):
        meeting = ReviewMeeting.objects.create(cycle=cycle, name=f"Gesprek {index}")
        meeting.networks.add(network)
        expert = PanelMemberFactory(cycle=cycle, meeting=meeting, role=EXPERT)
        TieFactory(declaration=DeclarationFactory(member=expert), network=network, kind=TieKind.COMMITTEE)

    with django_assert_num_queries(4):
        warnings = selectors.panel_warnings(cycle)

    assert len(warnings) == count + 1  # every expert's seat, and the chair's missing declaration


# Pages


def _url(name, **kwargs) -> str:
    return reverse(f"meetings:{name}", kwargs={"year": 2018, **kwargs})


def test_secretary_records_the_chair_on_the_page(as_secretary, cycle, meeting):
    response = as_secretary.post(
        _url("panel_member_create"),
        {"role": CHAIR, "meeting": meeting.pk, "name": "Henk", "email": "henk@chair.example", "working_days": ["mon"]},
    )

    assert response.status_code == 302
    member = PanelMember.objects.get()
    assert (member.meeting, member.user.is_chair, member.working_days) == (meeting, True, ["mon"])
    page = as_secretary.get(_url("panel")).content.decode()
    assert "Henk (chair) has not declared their interests yet" in page


def test_panel_member_form_refuses_a_second_cycle_chair(as_secretary, secretary, cycle):
    _record(secretary, cycle)

    response = as_secretary.post(_url("panel_member_create"), {"role": CHAIR, "name": "X", "email": "x@chair.example"})

    assert response.status_code == 200
    assert "This cycle already has someone in this role for all its meetings." in response.content.decode()
    assert PanelMember.objects.count() == 1


def test_member_fills_in_their_declaration_on_the_page(en_client, secretary, cycle, meeting, network):
    expert = _record(secretary, cycle, role=EXPERT, email="e@expert.example", name="Eva")
    en_client.force_login(expert.user)
    assert en_client.get(reverse("meetings:my_declarations")).status_code == 200
    url = _url("declaration", pk=expert.pk)
    form = {
        "ties-TOTAL_FORMS": "2",
        "ties-INITIAL_FORMS": "0",
        "ties-0-network": network.pk,
        "ties-0-kind": TieKind.COMMITTEE,
        "ties-0-description": "Assessed the subsidy applications",
        "ties-0-years": "2014",
        "declared_on": "2017-11-02",
    }

    refused = en_client.post(url, form)
    assert refused.status_code == 200 and not Declaration.objects.exists()
    assert "Confirm that you declare your ties" in refused.content.decode()

    saved = en_client.post(url, {**form, "truthful": "on"})

    assert (saved.status_code, saved.url) == (302, reverse("meetings:my_declarations"))
    declaration = Declaration.objects.get()
    assert (declaration.declared_on, declaration.declared_by) == (date(2017, 11, 2), expert.user)
    assert list(declaration.ties.values_list("kind", "years")) == [("committee", "2014")]
    assert "sat on an assessment committee" in _messages(cycle)[0]


def test_secretary_removes_a_tie_on_behalf_of_the_member(as_secretary, secretary, cycle, network):
    chair = _record(secretary, cycle)
    declaration = _declare(chair.user, chair, [Tie(network=network, kind=TieKind.OTHER, description="Old")])
    tie = declaration.ties.get()

    response = as_secretary.post(
        _url("declaration", pk=chair.pk),
        {
            "ties-TOTAL_FORMS": "1",
            "ties-INITIAL_FORMS": "1",
            "ties-0-id": tie.pk,
            "ties-0-network": network.pk,
            "ties-0-kind": TieKind.OTHER,
            "ties-0-description": "Old",
            "ties-0-DELETE": "on",
            "truthful": "on",
            "declared_on": "2017-10-25",
        },
    )

    assert (response.status_code, response.url) == (302, _url("panel"))
    declaration = Declaration.objects.get()
    assert (declaration.ties.count(), declaration.on_behalf) == (0, True)


def test_someone_else_may_not_see_or_fill_a_declaration(en_client, secretary, cycle, coordinator, chair):
    member = _record(secretary, cycle, role=EXPERT, email="e@expert.example", name="Eva")
    url = _url("declaration", pk=member.pk)
    form = {"ties-TOTAL_FORMS": "0", "ties-INITIAL_FORMS": "0", "truthful": "on", "declared_on": "2017-10-25"}

    statuses = []
    for user in (coordinator, chair):  # "the chair" of the permission tests is not this member
        en_client.force_login(user)
        statuses += [en_client.get(url).status_code, en_client.post(url, form).status_code]
        statuses.append(en_client.get(reverse("meetings:my_declarations")).status_code)

    assert statuses == [404] * 6
    assert not Declaration.objects.exists()


def test_panel_pages_are_the_secretarys(en_client, secretary, cycle, coordinator, chair):
    member = _record(secretary, cycle)
    form = {"role": EXPERT, "name": "X", "email": "x@expert.example"}

    statuses = []
    for user in (coordinator, member.user, chair):
        en_client.force_login(user)
        statuses += [
            en_client.get(_url("panel")).status_code,
            en_client.get(_url("panel_member_create")).status_code,
            en_client.post(_url("panel_member_create"), form).status_code,
            en_client.post(_url("panel_member_update", pk=member.pk), {**form, "name": "Y"}).status_code,
            en_client.post(_url("panel_member_delete", pk=member.pk)).status_code,
        ]

    assert statuses == [404] * 15
    assert list(PanelMember.objects.values_list("name", flat=True)) == ["Henk Mulder"]


def test_panel_page_anonymous_sent_to_sign_in(client, cycle):
    response = client.get(_url("panel"))

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("account_login"))


def test_panel_page_in_dutch_by_default(client, secretary, cycle):
    client.force_login(secretary)

    page = client.get(_url("panel")).content.decode()

    assert 'lang="nl"' in page


def test_names_and_ties_escaped(as_secretary, secretary, cycle):
    chair = _record(secretary, cycle, name="<b>Henk</b>")
    _declare(chair.user, chair, [Tie(kind=TieKind.COMMITTEE, description="<script>alert(1)</script>")])

    page = as_secretary.get(_url("panel")).content.decode()

    assert "<b>Henk</b>" not in page and "&lt;b&gt;Henk&lt;/b&gt;" in page
    assert "<script>alert(1)</script>" not in page


@pytest.mark.parametrize("count", [1, 8])
def test_panel_page_queries_do_not_grow(as_secretary, cycle, network, django_assert_num_queries, count):
    for index in range(count):
        meeting = ReviewMeeting.objects.create(cycle=cycle, name=f"Gesprek {index}", date=date(2018, 4, 1 + index))
        meeting.networks.add(network)
        for role in (CHAIR, EXPERT):
            member = PanelMemberFactory(cycle=cycle, meeting=meeting, role=role)
            TieFactory(declaration=DeclarationFactory(member=member), network=network)

    # Session, user, cycle; members with declarations, ties; meetings, their networks.
    with django_assert_num_queries(7):
        response = as_secretary.get(_url("panel"))

    assert len(response.context["overview"].meetings) == count
    assert len(response.context["warnings"]) == count  # each meeting's chair is tied to its network


# The demo


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (10, {"chair": False}),  # found, not declared yet; the expert is still sought
        (12, {"chair": True, "expert": True}),
    ],
)
def test_demo_panel_fits_the_month(settings, tmp_path, month, expected):
    settings.VAR_DIR = tmp_path
    secretary, _password = load_registry()
    cycle = load_cycle(actor=secretary, month=month)

    load_panel_and_hosts(actor=secretary, cycle=cycle, month=month)

    members = {m.role: m for m in PanelMember.objects.filter(cycle=cycle).select_related("user")}
    assert {role: selectors.declaration_of(m) is not None for role, m in members.items()} == expected
    # The demo's chair and expert are the registry's accounts, so they can sign in.
    assert members["chair"].user.email == CHAIR_EMAIL and members["chair"].user.is_chair
    if "expert" in members:
        assert members["expert"].user.email == EXPERT_EMAIL
    messages = _messages(cycle)
    if month == 10:
        assert messages == ["Hanneke Voorzitter (chair) has not declared their interests yet: declaration missing."]
    else:
        # The chair's one harmless tie is with a network of a meeting she chairs; the expert is clean.
        assert len(messages) == 1 and messages[0].startswith("The chair Hanneke Voorzitter has a tie with Leiden")
        assert cycle.tasks.get(key="expert").state == TaskState.DONE


@pytest.mark.parametrize("count", [1, 5])
def test_my_declarations_queries_do_not_grow(en_client, secretary, django_assert_num_queries, count):
    person = UserFactory(email="henk@chair.example", is_chair=True)
    for index in range(count):
        member = PanelMemberFactory(cycle=CycleFactory(year=2030 + 2 * index), email=person.email, user=person)
        if index % 2:
            DeclarationFactory(member=member)
    en_client.force_login(person)

    # Session, user; the permission's check; the memberships with their cycles and declarations; the
    # navigation's permission checks (3).
    with django_assert_num_queries(7):
        response = en_client.get(reverse("meetings:my_declarations"))

    assert [m.cycle.year for m in response.context["memberships"]] == [2030 + 2 * i for i in reversed(range(count))]
    assert response.content.decode().count("To be filled in") == (count + 1) // 2
