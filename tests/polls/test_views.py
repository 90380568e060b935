"""The poll's pages: the secretary's (only theirs; 404 for anyone else), and the personal link, which
shows on GET, records only on POST, answers only for its own person, and refuses closed polls and
dates of other polls. Query counts of the results grid do not grow with the people asked."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format

from peerreview.mail.models import OutboxMessage
from peerreview.polls import selectors, services
from peerreview.polls.enums import AnswerChoice, ParticipantKind
from peerreview.polls.models import Answer, CandidateDate, DatePoll, Participant
from tests.factories import AttendeeFactory, UserFactory
from tests.factories.polls import CandidateDateFactory, ParticipantFactory, issue_token
from tests.polls.conftest import weekday_ahead

pytestmark = pytest.mark.django_db

YES, MAYBE, NO = AnswerChoice.YES.value, AnswerChoice.IF_NEED_BE.value, AnswerChoice.NO.value


def _url(name, meeting, **kwargs) -> str:
    return reverse(f"polls:{name}", kwargs={"year": meeting.cycle.year, "pk": meeting.pk, **kwargs})


def _link(token: str) -> str:
    return reverse("polls:answer", kwargs={"token": token})


def _answers(participant) -> dict[int, str]:
    return dict(Answer.objects.filter(participant=participant).values_list("candidate_id", "choice"))


def _texts(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# The secretary's pages


def test_poll_pages_are_the_secretarys_alone(client, meeting, poll, coordinator, chair):
    urls = [
        reverse("polls:overview", kwargs={"year": meeting.cycle.year}),
        _url("poll", meeting),
        _url("results", meeting),
    ]
    # An inactive account signs in as nobody: sent to the sign-in page like an anonymous visitor.
    for user in (None, UserFactory(is_staff=True, is_active=False)):
        if user is not None:
            client.force_login(user)
        refused = [client.get(url) for url in urls]
        assert {r.status_code for r in refused} == {302}
        assert all(r.url.startswith(reverse("account_login")) for r in refused)
    for user in (coordinator, chair):
        client.force_login(user)
        assert {client.get(url).status_code for url in urls} == {404}
    # Nor may they change anything.
    client.force_login(coordinator)
    assert client.post(_url("create", meeting)).status_code == 404
    assert client.post(_url("close", meeting)).status_code == 404
    poll.refresh_from_db()
    assert poll.is_open


def test_a_meeting_of_another_cycle_answers_404(as_secretary, meeting, poll):
    assert (
        as_secretary.get(reverse("polls:poll", kwargs={"year": meeting.cycle.year - 1, "pk": meeting.pk})).status_code
        == 404
    )
    assert (
        as_secretary.get(reverse("polls:poll", kwargs={"year": meeting.cycle.year, "pk": meeting.pk + 99})).status_code
        == 404
    )


def test_secretary_starts_a_poll_and_everyone_nominated_is_asked(as_secretary, meeting, attendees, chair_member):
    page = as_secretary.get(_url("poll", meeting))
    assert page.status_code == 200
    assert "Start a date poll" in page.content.decode()

    response = as_secretary.post(_url("create", meeting), follow=True)

    poll = DatePoll.objects.get(meeting=meeting)
    assert poll.participants.count() == 4
    assert _texts(response) == ["The date poll was started with 4 people to ask. Add the candidate dates."]


def test_poll_page_shows_per_date_how_many_attendees_work_that_weekday(as_secretary, meeting, poll, candidates):
    page = as_secretary.get(_url("poll", meeting))
    html = page.content.decode()
    assert "2 of 3 work on Tuesday" in html
    assert "0 of 3 work on Thursday" in html
    rows = {c.date: day for c, day in page.context["candidates"]}
    assert [(d.attendees_working, [works for _r, _n, works in d.panel]) for d in rows.values()] == [
        (2, [True, False]),
        (0, [False, True]),
    ]


def test_adding_a_bad_date_shows_why_and_stores_nothing(as_secretary, meeting, poll, tuesday):
    saturday = weekday_ahead(5)
    response = as_secretary.post(_url("poll", meeting), {"date": saturday.isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "date": [f"{date_format(saturday, 'l j F Y')} falls in a weekend; choose a weekday."]
    }
    assert not CandidateDate.objects.exists()

    response = as_secretary.post(
        _url("poll", meeting), {"date": tuesday.isoformat(), "start_time": "10:00"}, follow=True
    )
    assert list(poll.candidates.values_list("date", "start_time")) == [(tuesday, meeting.start_time.replace(hour=10))]
    assert _texts(response) == [f"{date_format(tuesday, 'l j F Y')} was added to the poll."]


def test_removing_a_date(as_secretary, meeting, poll, candidates):
    response = as_secretary.post(_url("candidate_remove", meeting, candidate=candidates[0].pk), follow=True)
    assert list(poll.candidates.all()) == [candidates[1]]
    assert _texts(response) == [f"{date_format(candidates[0].date, 'l j F Y')} was taken out of the poll."]
    other = CandidateDateFactory()
    assert as_secretary.post(_url("candidate_remove", meeting, candidate=other.pk)).status_code == 404
    assert CandidateDate.objects.filter(pk=other.pk).exists()


def test_refresh_and_sending_the_links(as_secretary, meeting, network, poll, candidates):
    AttendeeFactory(meeting=meeting, network=network, name="Fenna Laat", email="fenna@utrecht.example")
    response = as_secretary.post(_url("participants_refresh", meeting), follow=True)
    assert _texts(response) == ["1 person added: Fenna Laat. Send them their link."]

    response = as_secretary.post(_url("links_send", meeting), follow=True)

    assert _texts(response) == ["6 personal links are in the outbox."]
    assert OutboxMessage.objects.filter(template_key="polls.poll_invite").count() == 6
    fenna = poll.participants.get(email="fenna@utrecht.example")
    response = as_secretary.post(_url("link_resend", meeting, participant=fenna.pk), follow=True)
    assert _texts(response) == ["A new link for Fenna Laat is in the outbox; the link sent before no longer works."]
    assert OutboxMessage.objects.filter(template_key="polls.poll_invite", to=fenna.email).count() == 2


def test_fixing_the_date_tells_the_secretary_what_moved(as_secretary, meeting, poll, candidates):
    tuesday = candidates[0]
    response = as_secretary.post(_url("fix", meeting), {"candidate": tuesday.pk}, follow=True)

    meeting.refresh_from_db()
    assert meeting.date == tuesday.date
    moved = meeting.tasks.exclude(anchor="month").count()
    assert _texts(response) == [
        f"The date is fixed: {date_format(tuesday.date, 'l j F Y')}. {moved} tasks of the meeting moved to match it; "
        f"the preparation is now due {date_format(meeting.preparation_deadline, 'j F Y')}. "
        "5 invitations with a calendar file are in the outbox."
    ]
    assert response.context["grid"].poll.fixed_candidate == tuesday


def test_fixing_a_date_of_another_poll_is_refused(as_secretary, meeting, poll, candidates):
    other = CandidateDateFactory()
    response = as_secretary.post(_url("fix", meeting), {"candidate": other.pk}, follow=True)
    assert _texts(response) == ["Choose one of the poll's dates."]
    meeting.refresh_from_db()
    assert meeting.date is None


@pytest.mark.parametrize("people", [2, 12])
def test_results_grid_query_count_is_constant(as_secretary, meeting, poll, candidates, people,
                                              django_assert_num_queries):  # fmt: skip
    for index in range(people):
        participant = ParticipantFactory(poll=poll, email=f"extra{index}@school.example")
        services.answers_save(participant=participant, answers={c.pk: YES for c in candidates})
    with django_assert_num_queries(12):
        response = as_secretary.get(_url("results", meeting))
    assert len(response.context["grid"].rows) == 5 + people


@pytest.mark.parametrize("people", [2, 12])
def test_poll_page_query_count_is_constant(as_secretary, meeting, poll, candidates, people, django_assert_num_queries):
    for index in range(people):
        ParticipantFactory(poll=poll, email=f"extra{index}@school.example")
    with django_assert_num_queries(10):
        response = as_secretary.get(_url("poll", meeting))
    assert len(response.context["participants"]) == 5 + people


@pytest.mark.parametrize("meetings", [1, 4])
def test_overview_query_count_is_constant(as_secretary, secretary, cycle, network, meetings, django_assert_num_queries):
    from peerreview.cycles.models import ReviewMeeting
    from peerreview.cycles.services import meeting_save

    for index in range(meetings):
        meeting = meeting_save(
            actor=secretary, meeting=ReviewMeeting(cycle=cycle, name=f"Gesprek {index}"), networks=[network]
        )
        poll = services.poll_create(actor=secretary, meeting=meeting)
        ParticipantFactory(poll=poll)
        CandidateDateFactory(poll=poll)
    with django_assert_num_queries(7):
        response = as_secretary.get(reverse("polls:overview", kwargs={"year": cycle.year}))
    assert [(m.candidate_count, m.participant_count, m.answered_count) for m in response.context["meetings"]] == [
        (1, 1, 0)
    ] * meetings


# The personal link


@pytest.fixture
def anna(poll):
    return poll.participants.get(email="anna@utrecht.example")


@pytest.fixture
def anna_token(anna):
    return issue_token(anna)


def _form(candidates, *choices) -> dict[str, str]:
    return {f"answer-{c.pk}": choice for c, choice in zip(candidates, choices, strict=True)}


def test_opening_the_link_shows_the_poll_and_records_nothing(en_client, poll, candidates, anna, anna_token):
    before = Participant.objects.get(pk=anna.pk).updated_at

    response = en_client.get(_link(anna_token))

    assert response.status_code == 200
    html = response.content.decode()
    assert "You are answering as <strong>Anna Aalders</strong>." in html
    assert [c for c, _field in response.context["form"].rows()] == candidates
    assert not Answer.objects.exists()
    assert Participant.objects.get(pk=anna.pk).updated_at == before
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_posting_records_and_answering_again_replaces_with_the_new_time(poll, candidates, anna, anna_token):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(_link(anna_token))
    csrf = page.context["csrf_token"]

    response = client.post(
        _link(anna_token), {"csrfmiddlewaretoken": csrf, **_form(candidates, YES, MAYBE)}, follow=True
    )

    assert _answers(anna) == {candidates[0].pk: YES, candidates[1].pk: MAYBE}
    first_time = Answer.objects.filter(participant=anna).first().answered_at
    assert response.context["answered_at"] == first_time
    assert "Last answered on" in response.content.decode()

    client.post(_link(anna_token), {"csrfmiddlewaretoken": csrf, **_form(candidates, NO, YES)})

    assert _answers(anna) == {candidates[0].pk: NO, candidates[1].pk: YES}
    assert Answer.objects.filter(participant=anna).count() == 2
    assert Answer.objects.filter(participant=anna).first().answered_at > first_time


def test_posting_without_csrf_is_refused(poll, candidates, anna, anna_token):
    client = Client(enforce_csrf_checks=True)
    assert client.post(_link(anna_token), _form(candidates, YES, YES)).status_code == 403
    assert not Answer.objects.exists()


def test_a_date_of_another_poll_is_refused_and_nothing_stored(en_client, poll, candidates, anna, anna_token):
    foreign = CandidateDateFactory()
    data = {**_form(candidates, YES, YES), f"answer-{foreign.pk}": NO}

    response = en_client.post(_link(anna_token), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The answers name a date that is not in your poll, so nothing was saved. Please answer the dates shown."
    ]
    assert not Answer.objects.exists()


def test_an_incomplete_answer_is_refused(en_client, poll, candidates, anna, anna_token):
    response = en_client.post(_link(anna_token), {f"answer-{candidates[0].pk}": YES})
    assert response.context["form"].errors == {
        f"answer-{candidates[1].pk}": ["Choose yes, if need be or no for this date."]
    }
    assert not Answer.objects.exists()


def test_a_closed_poll_shows_its_state_and_refuses_answers(en_client, secretary, poll, candidates, anna, anna_token):
    services.answers_save(participant=anna, answers={c.pk: YES for c in candidates})
    services.poll_close(actor=secretary, poll=poll)

    page = en_client.get(_link(anna_token))
    assert "This poll is closed: no more answers are taken." in page.content.decode()
    response = en_client.post(_link(anna_token), _form(candidates, NO, NO), follow=True)

    assert _texts(response) == ["This poll is closed; your answers can no longer be changed."]
    assert _answers(anna) == {c.pk: YES for c in candidates}


def test_a_fixed_date_is_shown_on_the_link(en_client, secretary, poll, candidates, anna, anna_token):
    services.poll_fix_date(actor=secretary, poll=poll, candidate=candidates[1])
    html = en_client.get(_link(anna_token)).content.decode()
    assert f"The date is fixed: {date_format(candidates[1].date, 'l j F Y')}, 13:00–16:00." in html
    assert "Hogeschool Utrecht, Heidelberglaan 15" in html


@pytest.mark.parametrize("token", ["unknown-token", "x" * 300, "%00"])
def test_an_unknown_or_garbled_link_answers_404_with_a_clear_message(en_client, poll, anna_token, token):
    for response in (en_client.get(_link(token)), en_client.post(_link(token), {})):
        assert response.status_code == 404
        assert "This link does not open a date poll" in response.content.decode()
    assert not Answer.objects.exists()


def test_a_link_neither_reads_nor_answers_another_persons_poll(client, poll, candidates, anna, anna_token):
    bram = poll.participants.get(email="bram@utrecht.example")
    issue_token(bram)
    services.answers_save(participant=bram, answers={candidates[0].pk: NO, candidates[1].pk: NO})

    # Reading: Anna's page names nobody else and shows none of Bram's answers.
    html = client.get(_link(anna_token)).content.decode()
    for other in poll.participants.exclude(pk=anna.pk):
        assert other.name not in html
        assert other.email not in html
    assert "checked" not in html

    # Answering: whatever is posted, Anna's link writes Anna's answers only.
    client.post(
        _link(anna_token),
        {**_form(candidates, YES, YES), "participant": bram.pk, "token": "", "email": bram.email},
    )
    assert _answers(anna) == {c.pk: YES for c in candidates}
    assert _answers(bram) == {candidates[0].pk: NO, candidates[1].pk: NO}


def test_a_link_of_another_meetings_poll_answers_only_that_poll(client, secretary, poll, candidates, cycle, network):
    from peerreview.cycles.models import ReviewMeeting
    from peerreview.cycles.services import meeting_save

    other_meeting = meeting_save(
        actor=secretary, meeting=ReviewMeeting(cycle=cycle, name="Gesprek Zuid"), networks=[network]
    )
    other_poll = services.poll_create(actor=secretary, meeting=other_meeting)
    other_date = services.candidate_add(actor=secretary, poll=other_poll, day=candidates[0].date)
    stranger = ParticipantFactory(poll=other_poll, kind=ParticipantKind.ATTENDEE, email="zoe@zuid.example")
    token = issue_token(stranger)

    # The other poll's link posting this poll's dates is refused.
    response = client.post(_link(token), {**_form(candidates, YES, YES), f"answer-{other_date.pk}": YES})

    assert response.context["form"].non_field_errors()
    assert not Answer.objects.exists()
    assert selectors.participant_by_token(token).poll == other_poll


ACTIONS = ["create", "participants_refresh", "links_send", "close", "reopen", "fix", "invitations_send"]


def _action_urls(meeting, poll, candidates):
    participant = poll.participants.first()
    return [_url(name, meeting) for name in ACTIONS] + [
        _url("candidate_remove", meeting, candidate=candidates[0].pk),
        _url("link_resend", meeting, participant=participant.pk),
    ]


def _state(poll):
    return (
        DatePoll.objects.filter(pk=poll.pk).values_list("state", "fixed_candidate", "invitation_sequence").get(),
        CandidateDate.objects.filter(poll=poll).count(),
        Participant.objects.filter(poll=poll, invited_at__isnull=False).count(),
        OutboxMessage.objects.count(),
    )


def test_actions_are_post_only_and_refused_to_everyone_but_the_secretary(
    client, secretary, coordinator, other_coordinator, chair, meeting, poll, candidates
):
    urls = _action_urls(meeting, poll, candidates)
    before = _state(poll)
    for url in urls:
        response = client.post(url, {"candidate": candidates[0].pk})
        assert (response.status_code, response.url.split("?")[0]) == (302, reverse("account_login"))
    for user in (coordinator, other_coordinator, chair, UserFactory(is_expert=True)):
        client.force_login(user)
        assert {client.post(url, {"candidate": candidates[0].pk}).status_code for url in urls} == {404}
        assert {client.get(url).status_code for url in urls} == {404}
    assert _state(poll) == before
    client.force_login(secretary)
    assert {client.get(url).status_code for url in urls} == {405}
    assert _state(poll) == before
