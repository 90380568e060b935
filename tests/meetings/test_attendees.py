"""Attendees per network per meeting: the rule (every HO institution represented, a VO teacher or
school leader), adding from contacts or as a new person, handing in, the secretary's exception, the
playbook task, who may, the pages' Dutch, their query counts, and escaping.

Most requests ask for English (Accept-Language) so that the assertions read the msgids; the pages'
default language is checked separately.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from networks.enums import ContactRole, InstitutionKind, Weekday
from networks.models import Contact
from peerreview.cycles import progress
from peerreview.cycles.enums import TaskState
from peerreview.cycles.models import Cycle, ReviewMeeting, Task
from peerreview.cycles.services import cycle_create, meeting_save
from peerreview.meetings import services
from peerreview.meetings.models import Attendee, AttendeeList
from tests.factories import (
    AttendeeFactory,
    ContactFactory,
    CycleFactory,
    InstitutionFactory,
    NetworkFactory,
)

pytestmark = pytest.mark.django_db

COORDINATOR_ROLE = ContactRole.COORDINATOR.value
HO_ROLE = ContactRole.HO_REPRESENTATIVE.value
VO_ROLE = ContactRole.VO_TEACHER.value
LEADER_ROLE = ContactRole.SCHOOL_LEADER.value


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def cycle(secretary, network, other_network) -> Cycle:
    return cycle_create(actor=secretary, cycle=Cycle(year=2018), networks=[network, other_network])


@pytest.fixture
def meeting(secretary, cycle, network, other_network) -> ReviewMeeting:
    meeting = ReviewMeeting(cycle=cycle, name="Gesprek Midden", date=date(2018, 4, 10))
    return meeting_save(actor=secretary, meeting=meeting, networks=[network, other_network])


@pytest.fixture
def university(network):
    institution = InstitutionFactory(name="Universiteit Utrecht", kind=InstitutionKind.UNIVERSITY)
    institution.networks.add(network)
    return institution


@pytest.fixture
def applied(network):
    institution = InstitutionFactory(name="Hogeschool Utrecht", kind=InstitutionKind.APPLIED_SCIENCES)
    institution.networks.add(network)
    return institution


def _attendee(meeting, network, **fields) -> Attendee:
    return AttendeeFactory(meeting=meeting, network=network, **fields)


def _complete(meeting, network, institutions=()) -> None:
    """A list meeting the rule: one coordinator per HO institution and a VO teacher."""
    for institution in institutions:
        _attendee(meeting, network, roles=[COORDINATOR_ROLE], institution=institution, organisation=institution.name)
    _attendee(meeting, network, roles=[VO_ROLE])


def _url(name, slug="utrecht", **kwargs) -> str:
    return reverse(f"meetings:{name}", kwargs={"year": 2018, "slug": slug, **kwargs})


def _attendees_task(cycle) -> Task:
    return cycle.tasks.get(key="attendees")


# The rule


def test_check_names_the_ho_institution_without_representative(meeting, network, university, applied):
    _attendee(meeting, network, roles=[COORDINATOR_ROLE], institution=university)
    _attendee(meeting, network, roles=[VO_ROLE])

    assert services.attendees_check(meeting, network) == [
        "Nobody yet who coordinates or represents Hogeschool Utrecht."
    ]


def test_check_missing_vo_teacher_or_school_leader(meeting, network, university):
    _attendee(meeting, network, roles=[HO_ROLE], institution=university)

    assert services.attendees_check(meeting, network) == ["No VO teacher or school leader yet."]


def test_check_empty_list_names_everything(meeting, network, university, applied):
    assert services.attendees_check(meeting, network) == [
        "Nobody yet who coordinates or represents Hogeschool Utrecht.",
        "Nobody yet who coordinates or represents Universiteit Utrecht.",
        "No VO teacher or school leader yet.",
    ]


def test_check_satisfied_by_representatives_and_a_school_leader(meeting, network, university, applied):
    _attendee(meeting, network, roles=[COORDINATOR_ROLE], institution=university)
    _attendee(meeting, network, roles=[HO_ROLE, VO_ROLE], institution=applied)
    _attendee(meeting, network, roles=[LEADER_ROLE])
    # A company partner is not higher education: it need not send anyone.
    InstitutionFactory(name="Bedrijf BV", kind=InstitutionKind.COMPANY).networks.add(network)

    assert services.attendees_check(meeting, network) == []


def test_check_needs_the_ho_role_and_the_institution(meeting, network, university):
    # Linked to the institution but only a VO teacher; an HO representative linked to no institution.
    _attendee(meeting, network, roles=[VO_ROLE], institution=university)
    _attendee(meeting, network, roles=[HO_ROLE], organisation="Universiteit Utrecht")

    assert services.attendees_check(meeting, network) == [
        "Nobody yet who coordinates or represents Universiteit Utrecht."
    ]


def test_check_counts_only_this_meeting_and_network(meeting, network, other_network, university):
    _complete(meeting, other_network)
    other_meeting = ReviewMeeting.objects.create(cycle=CycleFactory(year=2020), name="Elders")
    _complete(other_meeting, network, [university])

    assert len(services.attendees_check(meeting, network)) == 2


# Adding people


def test_add_from_contact_copies_details_and_finds_the_institution(coordinator, meeting, network, university):
    contact = ContactFactory(
        network=network,
        name="Ans de Wit",
        email="Ans@UU.example",
        organisation="universiteit utrecht ",
        roles=[HO_ROLE],
        working_days=[Weekday.WEDNESDAY.value],
    )

    attendee = services.attendee_add_from_contact(actor=coordinator, meeting=meeting, contact=contact)

    attendee.refresh_from_db()
    assert (
        attendee.contact,
        attendee.name,
        attendee.email,
        attendee.institution,
        attendee.roles,
        attendee.working_days,
    ) == (contact, "Ans de Wit", "ans@uu.example", university, [HO_ROLE], ["wed"])
    assert AttendeeList.objects.filter(meeting=meeting, network=network).count() == 1


def test_add_from_contact_without_email_refused(coordinator, meeting, network):
    # Imported before e-mail addresses were required.
    contact = ContactFactory(network=network, name="Piet Zonderpost", email="")

    with pytest.raises(ValidationError) as refused:
        services.attendee_add_from_contact(actor=coordinator, meeting=meeting, contact=contact)

    assert refused.value.messages == [
        "Piet Zonderpost has no e-mail address. Add it to the contact first, or add them as a new person."
    ]
    assert Attendee.objects.count() == 0


def test_duplicate_email_refused_in_any_case(coordinator, meeting, network):
    _attendee(meeting, network, email="jan@school.example")
    duplicate = Attendee(meeting=meeting, network=network, name="Jan", email="JAN@school.example", roles=[VO_ROLE])

    with pytest.raises(ValidationError) as refused:
        services.attendee_add(actor=coordinator, attendee=duplicate)

    assert refused.value.messages == ["This person is already on the list (same e-mail address)."]
    assert Attendee.objects.count() == 1


def test_same_person_may_attend_for_two_networks(coordinator, meeting, network, other_network):
    _attendee(meeting, other_network, email="jan@school.example")
    attendee = Attendee(meeting=meeting, network=network, name="Jan", email="jan@school.example", roles=[VO_ROLE])

    services.attendee_add(actor=coordinator, attendee=attendee)

    assert Attendee.objects.filter(email="jan@school.example").count() == 2


def test_add_new_person_also_saved_as_contact(coordinator, meeting, network, university):
    attendee = Attendee(
        meeting=meeting,
        network=network,
        name="Karin Hoek",
        email="karin@uu.example",
        organisation="Universiteit Utrecht",
        roles=[HO_ROLE],
        working_days=["thu"],
    )

    services.attendee_add(actor=coordinator, attendee=attendee, save_as_contact=True)

    contact = Contact.objects.get(network=network, email="karin@uu.example")
    attendee.refresh_from_db()
    assert (attendee.contact, attendee.institution, contact.roles, contact.working_days) == (
        contact,
        university,
        [HO_ROLE],
        ["thu"],
    )


def test_add_new_person_already_a_contact_is_linked_not_duplicated(coordinator, meeting, network):
    existing = ContactFactory(network=network, name="Karin Hoek", email="karin@school.example", roles=[LEADER_ROLE])
    attendee = Attendee(meeting=meeting, network=network, name="K. Hoek", email="Karin@School.example", roles=[VO_ROLE])

    services.attendee_add(actor=coordinator, attendee=attendee, save_as_contact=True)

    existing.refresh_from_db()
    assert (attendee.contact, existing.name, existing.roles) == (existing, "Karin Hoek", [LEADER_ROLE])
    assert Contact.objects.filter(network=network, email__iexact="karin@school.example").count() == 1


def test_institution_must_be_one_of_the_networks(coordinator, meeting, network, other_network):
    elsewhere = InstitutionFactory(name="Universiteit Maastricht")
    elsewhere.networks.add(other_network)
    attendee = Attendee(
        meeting=meeting, network=network, name="X", email="x@um.example", roles=[HO_ROLE], institution=elsewhere
    )

    with pytest.raises(ValidationError) as refused:
        services.attendee_add(actor=coordinator, attendee=attendee)

    assert refused.value.message_dict == {"institution": ["Choose one of the network's HO institutions."]}


def test_network_outside_the_meeting_refused(coordinator, meeting, secretary):
    stranger = NetworkFactory(name="Netwerk Friesland", slug="friesland")
    attendee = Attendee(meeting=meeting, network=stranger, name="X", email="x@fr.example", roles=[VO_ROLE])

    with pytest.raises(ValidationError) as refused:
        services.attendee_add(actor=secretary, attendee=attendee)

    assert refused.value.messages == ["This network is not in this meeting."]


# Handing in, the exception, the task


def test_submit_refused_with_reasons_then_exception_accepted(
    coordinator, secretary, cycle, meeting, network, university
):
    _attendee(meeting, network, roles=[VO_ROLE])

    with pytest.raises(ValidationError) as refused:
        services.attendees_submit(actor=coordinator, meeting=meeting, network=network)
    assert refused.value.messages == ["Nobody yet who coordinates or represents Universiteit Utrecht."]

    with pytest.raises(ValidationError) as no_reason:
        services.attendees_accept_exception(actor=secretary, meeting=meeting, network=network, reason="  ")
    assert no_reason.value.message_dict == {"exception_reason": ["Give the reason for the exception."]}

    with pytest.raises(PermissionDenied):
        services.attendees_accept_exception(actor=coordinator, meeting=meeting, network=network, reason="Ik mag")

    services.attendees_accept_exception(
        actor=secretary, meeting=meeting, network=network, reason="De coördinator van de UU is met verlof."
    )
    attendee_list = services.attendees_submit(actor=coordinator, meeting=meeting, network=network)

    attendee_list.refresh_from_db()
    assert (
        attendee_list.is_submitted,
        attendee_list.submitted_by,
        attendee_list.exception_accepted,
        attendee_list.exception_reason,
        attendee_list.exception_by,
    ) == (True, coordinator, True, "De coördinator van de UU is met verlof.", secretary)


def test_change_that_breaks_a_handed_in_list_refused(coordinator, meeting, network, university):
    _complete(meeting, network, [university])
    services.attendees_submit(actor=coordinator, meeting=meeting, network=network)
    teacher = Attendee.objects.get(roles__contains=[VO_ROLE])

    with pytest.raises(ValidationError) as refused:
        services.attendee_remove(actor=coordinator, attendee=teacher)

    assert refused.value.messages == [
        "This list has been handed in, and after this change it would no longer meet the rule:",
        "No VO teacher or school leader yet.",
    ]
    assert Attendee.objects.filter(pk=teacher.pk).exists()
    # A change that keeps the rule is fine after handing in.
    _attendee(meeting, network, roles=[LEADER_ROLE])
    services.attendee_remove(actor=coordinator, attendee=teacher)
    assert not Attendee.objects.filter(pk=teacher.pk).exists()


def test_task_ticks_off_when_every_network_of_the_meeting_is_in(
    coordinator, other_coordinator, secretary, cycle, meeting, network, other_network, university
):
    _complete(meeting, network, [university])
    services.attendees_submit(actor=coordinator, meeting=meeting, network=network)
    assert _attendees_task(cycle).state == TaskState.OPEN

    # The other network is excused without handing in: it counts as in.
    services.attendees_accept_exception(actor=secretary, meeting=meeting, network=other_network, reason="Nieuw")

    task = _attendees_task(cycle)
    assert (task.state, task.completed_by) == (TaskState.DONE, secretary)


def test_task_waits_for_networks_of_the_cycle_without_a_meeting(
    coordinator, secretary, cycle, network, other_network, university
):
    meeting = meeting_save(
        actor=secretary, meeting=ReviewMeeting(cycle=cycle, name="Alleen Utrecht"), networks=[network]
    )
    _complete(meeting, network, [university])

    services.attendees_submit(actor=coordinator, meeting=meeting, network=network)

    assert _attendees_task(cycle).state == TaskState.OPEN


# Pages: who may


def test_page_anonymous_sent_to_sign_in(client, meeting):
    response = client.get(_url("attendees"))

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("account_login"))


def test_page_other_networks_coordinator_gets_404_and_posts_change_nothing(
    en_client, other_coordinator, meeting, network, university
):
    teacher = _attendee(meeting, network, roles=[VO_ROLE], name="Jan")
    contact = ContactFactory(network=network)
    en_client.force_login(other_coordinator)
    pk = {"pk": teacher.pk}

    statuses = [
        en_client.get(_url("attendees")).status_code,
        en_client.get(_url("attendee_create")).status_code,
        en_client.get(_url("attendee_update", **pk)).status_code,
        en_client.get(_url("attendees_exception")).status_code,
        en_client.post(_url("attendee_add_contacts"), {"contacts": [contact.pk]}).status_code,
        en_client.post(_url("attendee_create"), {"name": "Y", "email": "y@x.example", "roles": [VO_ROLE]}).status_code,
        en_client.post(_url("attendee_update", **pk), {"name": "Gewijzigd", "email": teacher.email}).status_code,
        en_client.post(_url("attendee_delete", **pk)).status_code,
        en_client.post(_url("attendees_submit")).status_code,
        en_client.post(_url("attendees_exception"), {"reason": "x"}).status_code,
    ]

    assert statuses == [404] * 10
    assert list(Attendee.objects.values_list("name", flat=True)) == ["Jan"]
    assert not AttendeeList.objects.exists()


def test_coordinator_may_not_accept_an_exception(as_coordinator, meeting):
    assert as_coordinator.get(_url("attendees_exception")).status_code == 404
    assert as_coordinator.post(_url("attendees_exception"), {"reason": "x"}).status_code == 404
    assert not AttendeeList.objects.exists()


def test_overview_for_the_secretary_only(as_coordinator, meeting):
    assert as_coordinator.get(reverse("meetings:attendee_overview", kwargs={"year": 2018})).status_code == 404


def test_page_404_for_a_network_outside_the_cycle(as_secretary, meeting):
    NetworkFactory(name="Netwerk Friesland", slug="friesland")

    assert as_secretary.get(_url("attendees", slug="friesland")).status_code == 404


def test_page_says_not_grouped_yet(as_coordinator, cycle):
    response = as_coordinator.get(_url("attendees"))

    assert (response.status_code, response.context["meeting"]) == (200, None)
    assert "has not been placed in a peer review meeting" in response.content.decode()
    assert as_coordinator.get(_url("attendee_create")).status_code == 404


# Pages: what they do


def test_page_shows_list_and_what_is_missing(as_coordinator, meeting, network, university):
    _attendee(meeting, network, name="Jan Leraar", roles=[VO_ROLE], working_days=["mon", "fri"])
    ContactFactory(network=network, name="Ans de Wit", email="ans@uu.example")

    response = as_coordinator.get(_url("attendees"))

    page = response.content.decode()
    assert response.context["problems"] == ["Nobody yet who coordinates or represents Universiteit Utrecht."]
    offered = [c.email for c in response.context["add_contacts_form"].fields["contacts"].queryset]
    assert sorted(offered) == ["ans@uu.example", "coordinator@utrecht.example"]
    assert "ans@uu.example" in page
    assert "Jan Leraar" in page and "Monday, Friday" in page
    assert response.context["can_submit"] is False


def test_add_contacts_from_the_page(as_coordinator, coordinator, meeting, network):
    ans = ContactFactory(network=network, name="Ans", email="ans@school.example")
    nobody = ContactFactory(network=network, name="Piet", email="")

    response = as_coordinator.post(_url("attendee_add_contacts"), {"contacts": [ans.pk, nobody.pk]}, follow=True)

    assert list(Attendee.objects.values_list("name", flat=True)) == ["Ans"]
    shown = [str(m) for m in response.context["messages"]]
    assert shown == [
        "Piet: Piet has no e-mail address. Add it to the contact first, or add them as a new person.",
        "Added to the list: 1.",
    ]
    # Already added contacts are no longer offered.
    offered = list(response.context["add_contacts_form"].fields["contacts"].queryset)
    assert ans not in offered and nobody in offered


def test_add_new_person_page_refuses_duplicate(as_coordinator, meeting, network):
    _attendee(meeting, network, email="jan@school.example")

    response = as_coordinator.post(
        _url("attendee_create"),
        {"name": "Jan", "email": "Jan@School.example", "roles": [VO_ROLE], "working_days": ["mon"]},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"email": ["This person is already on the list (same e-mail address)."]}


def test_edit_and_remove_from_the_page(as_coordinator, meeting, network):
    teacher = _attendee(meeting, network, name="Jan", email="jan@school.example", roles=[VO_ROLE])

    as_coordinator.post(
        _url("attendee_update", pk=teacher.pk),
        {
            "name": "Jan Jansen",
            "email": "jan@school.example",
            "roles": [LEADER_ROLE],
            "working_days": ["tue"],
            "version": teacher.updated_at.isoformat(),
        },
    )
    teacher.refresh_from_db()
    assert (teacher.name, teacher.roles, teacher.working_days) == ("Jan Jansen", [LEADER_ROLE], ["tue"])

    response = as_coordinator.post(_url("attendee_delete", pk=teacher.pk))
    assert (response.status_code, Attendee.objects.count()) == (302, 0)
    assert as_coordinator.get(_url("attendee_delete", pk=teacher.pk)).status_code == 405  # POST only


def test_submit_from_the_page_refused_then_accepted(as_coordinator, meeting, network, university):
    _attendee(meeting, network, roles=[VO_ROLE])

    refused = as_coordinator.post(_url("attendees_submit"), follow=True)
    assert [str(m) for m in refused.context["messages"]] == [
        "The list was not handed in. Still missing:",
        "Nobody yet who coordinates or represents Universiteit Utrecht.",
    ]

    _attendee(meeting, network, roles=[HO_ROLE], institution=university)
    accepted = as_coordinator.post(_url("attendees_submit"), follow=True)
    assert [str(m) for m in accepted.context["messages"]] == ["The list was handed in. Thank you!"]
    assert accepted.context["attendee_list"].is_submitted


def test_secretary_accepts_exception_on_the_page_reason_required(as_secretary, secretary, meeting, network, university):
    assert as_secretary.get(_url("attendees")).context["may_excuse"] is True

    blank = as_secretary.post(_url("attendees_exception"), {"reason": " "})
    assert blank.context["form"].errors == {"reason": ["This field is required."]}

    as_secretary.post(_url("attendees_exception"), {"reason": "Nieuw netwerk"})
    attendee_list = AttendeeList.objects.get(network=network)
    assert (attendee_list.exception_accepted, attendee_list.exception_reason, attendee_list.exception_by) == (
        True,
        "Nieuw netwerk",
        secretary,
    )
    assert as_secretary.get(_url("attendees")).context["can_submit"] is True


def test_overview_counts_attendees_per_weekday(as_secretary, meeting, network, other_network):
    _attendee(meeting, network, working_days=["mon", "tue"])
    _attendee(meeting, network, working_days=["tue"])
    _attendee(meeting, other_network, working_days=["tue", "fri"])

    response = as_secretary.get(reverse("meetings:attendee_overview", kwargs={"year": 2018}))

    [item] = response.context["meetings"]
    assert item.weekday_counts == [("Monday", 1), ("Tuesday", 3), ("Wednesday", 0), ("Thursday", 0), ("Friday", 1)]
    assert [(row.network.name, row.state, len(row.attendees)) for row in item.networks] == [
        ("Netwerk Limburg", "nominating", 1),
        ("Netwerk Utrecht", "nominating", 2),
    ]


def test_dashboard_column_per_network(coordinator, secretary, cycle, meeting, network, other_network, university):
    third = NetworkFactory(name="Netwerk Zeeland", slug="zeeland")
    cycle.networks.add(third)  # not in a meeting yet: no cell
    _complete(meeting, network, [university])
    services.attendees_submit(actor=coordinator, meeting=meeting, network=network)

    [column] = [c for c in progress.columns() if c.key == "attendees"]
    cells = column.cells(cycle)

    submitted_at = AttendeeList.objects.get(network=network).submitted_at
    assert {network_id: (cell.label, cell.tone) for network_id, cell in cells.items()} == {
        network.pk: (f"Submitted {date_format(timezone.localtime(submitted_at), 'j M')}", "success"),
        other_network.pk: ("Not started", "secondary"),
    }
    assert cells[network.pk].url == _url("attendees")
    _attendee(meeting, other_network)
    assert column.cells(cycle)[other_network.pk].label == "1 nominated"
    services.attendees_accept_exception(actor=secretary, meeting=meeting, network=other_network, reason="Klein")
    assert column.cells(cycle)[other_network.pk].label == "Exception accepted"


# Language, escaping, query counts


def test_pages_in_dutch_by_default(client, coordinator, meeting, network, university):
    client.force_login(coordinator)
    _attendee(meeting, network, roles=[VO_ROLE])

    response = client.get(_url("attendees"))
    refused = client.post(_url("attendees_submit"), follow=True)

    assert response.headers["Content-Language"] == "nl"
    assert "Werkdagen" in response.content.decode() and "Verwijderen" in response.content.decode()
    with translation.override("nl"):
        expected = [
            gettext("The list was not handed in. Still missing:"),
            gettext("Nobody yet who coordinates or represents %(institution)s.")
            % {"institution": "Universiteit Utrecht"},
        ]
    assert [str(m) for m in refused.context["messages"]] == expected


def test_html_in_names_escaped(as_secretary, meeting, network):
    _attendee(meeting, network, name="<script>alert(1)</script>", organisation="<b>Lyceum</b>")
    evil = InstitutionFactory(name="<i>Uni</i>", kind=InstitutionKind.UNIVERSITY)
    evil.networks.add(network)
    ContactFactory(network=network, name="<img src=x onerror=alert(2)>")

    pages = [
        as_secretary.get(_url("attendees")).content.decode(),
        as_secretary.get(reverse("meetings:attendee_overview", kwargs={"year": 2018})).content.decode(),
    ]

    for page in pages:
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<b>Lyceum</b>" not in page
    assert "<i>Uni</i>" not in pages[0] and "&lt;i&gt;Uni&lt;/i&gt;" in pages[0]
    assert "<img src=x" not in pages[0] and "&lt;img src=x onerror=alert(2)&gt;" in pages[0]


def _fill(meeting, network, count: int) -> None:
    for index in range(count):
        institution = InstitutionFactory(kind=InstitutionKind.UNIVERSITY)
        institution.networks.add(network)
        _attendee(meeting, network, roles=[HO_ROLE], institution=institution, working_days=["mon"])
        ContactFactory(network=network, name=f"Contact {index}")


@pytest.mark.parametrize("count", [1, 25])
def test_attendee_page_queries_do_not_grow(
    as_coordinator, coordinator, meeting, network, django_assert_num_queries, count
):
    _fill(meeting, network, count)
    url = _url("attendees")

    with django_assert_num_queries(13):
        response = as_coordinator.get(url)

    assert len(response.context["attendees"]) == count


@pytest.mark.parametrize("count", [1, 25])
def test_overview_queries_do_not_grow(as_secretary, meeting, network, other_network, django_assert_num_queries, count):
    _fill(meeting, network, count)
    _fill(meeting, other_network, count)
    url = reverse("meetings:attendee_overview", kwargs={"year": 2018})

    with django_assert_num_queries(7):
        response = as_secretary.get(url)

    assert response.context["meetings"][0].attendee_count == 2 * count
