"""The follow-up questionnaire's rules, enforced by the services whatever page, import or demo calls them."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from peerreview.cycles.enums import TaskState
from peerreview.cycles.models import Cycle
from peerreview.cycles.services import cycle_create
from surveys import services_followup as services
from surveys.followup import ActionPointSeed, register_action_point_source, unregister_action_point_source
from surveys.forms_followup import FollowUpExchangeForm, FollowUpItemForm
from surveys.models import FollowUp, FollowUpItem, FollowUpSettings, PreviousActionPoint
from surveys.selectors_followup import followup_results
from tests.factories import CoordinatorContactFactory, NetworkFactory
from tests.factories.surveys import FollowUpFactory, FollowUpItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The services' messages are checked in English here; the pages' Dutch is checked in the view tests."""
    with translation.override("en"):
        yield


@pytest.fixture
def cycle(secretary, network, other_network) -> Cycle:
    return cycle_create(actor=secretary, cycle=Cycle(year=2018), networks=[network, other_network])


@pytest.fixture
def linked_cycle(secretary, network, other_network) -> Cycle:
    """Cycle 2018 whose previous cycle, 2016, was run in the product."""
    cycle_create(actor=secretary, cycle=Cycle(year=2016), networks=[network, other_network])
    return cycle_create(actor=secretary, cycle=Cycle(year=2018), networks=[network, other_network])


@pytest.fixture
def minutes():
    """A source of action points as the minutes of the meetings app will register it: the calls are recorded."""
    calls = []

    def source(previous, network):
        calls.append((previous.year, network.slug))
        if network.slug != "utrecht":
            return []
        return [
            ActionPointSeed("Effectmeting docentenprogramma ontwikkelen", "Coördinator", date(2017, 6, 30)),
            ActionPointSeed("Ervaringen delen over het partnermodel"),
        ]

    register_action_point_source(source)
    yield calls
    unregister_action_point_source(source)


def _point(secretary, cycle, network, text="Stuurgroep oprichten", **fields) -> PreviousActionPoint:
    return services.action_point_save(
        actor=secretary, point=PreviousActionPoint(cycle=cycle, network=network, text=text, **fields)
    )


def _items(follow_up) -> list[tuple]:
    return list(follow_up.items.order_by("position").values_list("text", "who", "due", "state", "comment"))


def _answer_all(actor, follow_up, state="done") -> FollowUp:
    items = list(follow_up.items.all())
    for item in items:
        item.state, item.comment = state, "Gedaan."
    return services.followup_save(
        actor=actor, follow_up=follow_up, items=items, exchange=("partly", "Met Limburg, over havo-talent.")
    )


def _deadline(cycle, day) -> FollowUpSettings:
    return FollowUpSettings.objects.update_or_create(cycle=cycle, defaults={"deadline": day})[0]


# Prefill


def test_followup_for_prefills_from_a_registered_source(secretary, linked_cycle, network, minutes):
    _point(secretary, linked_cycle, network, text="Door de secretaris ingevoerd")

    follow_up = services.followup_for(cycle=linked_cycle, network=network)

    assert minutes == [(2016, "utrecht")]
    assert _items(follow_up) == [
        ("Effectmeting docentenprogramma ontwikkelen", "Coördinator", date(2017, 6, 30), "", ""),
        ("Ervaringen delen over het partnermodel", "", None, "", ""),
    ]
    assert not follow_up.items.filter(action_point__isnull=False).exists()


def test_followup_for_uses_the_secretarys_entries_when_the_source_gives_nothing(
    secretary, linked_cycle, other_network, minutes
):
    point = _point(secretary, linked_cycle, other_network, text="Stuurgroep oprichten", who="Stuurgroep")

    follow_up = services.followup_for(cycle=linked_cycle, network=other_network)

    assert minutes == [(2016, "limburg")]
    assert _items(follow_up) == [("Stuurgroep oprichten", "Stuurgroep", None, "", "")]
    assert follow_up.items.get().action_point == point


def test_followup_for_without_previous_cycle_asks_no_source(secretary, cycle, network, minutes):
    _point(secretary, cycle, network, text="Eerste", due=date(2017, 3, 1))
    _point(secretary, cycle, network, text="Tweede")

    follow_up = services.followup_for(cycle=cycle, network=network)

    assert minutes == []
    assert _items(follow_up) == [("Eerste", "", date(2017, 3, 1), "", ""), ("Tweede", "", None, "", "")]


def test_followup_for_twice_prefills_once(secretary, cycle, network):
    _point(secretary, cycle, network)

    first = services.followup_for(cycle=cycle, network=network)
    second = services.followup_for(cycle=cycle, network=network)

    assert first.pk == second.pk
    assert FollowUpItem.objects.count() == 1


# The secretary's action points reach open follow-ups


def test_action_point_added_after_opening_is_asked_last(secretary, cycle, network):
    _point(secretary, cycle, network, text="Eerste")
    follow_up = services.followup_for(cycle=cycle, network=network)

    _point(secretary, cycle, network, text="Later gevonden in het verslag")

    assert [text for text, *_rest in _items(follow_up)] == ["Eerste", "Later gevonden in het verslag"]


def test_action_point_corrected_corrects_the_question_but_not_the_answers_version(secretary, cycle, network):
    point = _point(secretary, cycle, network, text="Stuurgroep oprichen")
    follow_up = services.followup_for(cycle=cycle, network=network)
    item = follow_up.items.get()
    version = item.updated_at

    point.text, point.who = "Stuurgroep oprichten", "Netwerkcoördinator"
    services.action_point_save(actor=secretary, point=point)

    item.refresh_from_db()
    assert (item.text, item.who, item.updated_at) == ("Stuurgroep oprichten", "Netwerkcoördinator", version)


def test_action_point_deleted_is_no_longer_asked(secretary, cycle, network):
    keep = _point(secretary, cycle, network, text="Blijft")
    gone = _point(secretary, cycle, network, text="Vervalt")
    follow_up = services.followup_for(cycle=cycle, network=network)

    services.action_point_delete(actor=secretary, point=gone)

    assert list(follow_up.items.values_list("action_point", flat=True)) == [keep.pk]
    assert list(PreviousActionPoint.objects.values_list("text", flat=True)) == ["Blijft"]


def test_action_point_of_a_submitted_followup_refused_until_reopened(secretary, coordinator, cycle, network):
    point = _point(secretary, cycle, network, text="Oorspronkelijk")
    follow_up = _answer_all(coordinator, services.followup_for(cycle=cycle, network=network))
    services.followup_submit(actor=coordinator, follow_up=follow_up)

    point.text = "Gewijzigd"
    with pytest.raises(ValidationError) as error:
        services.action_point_save(actor=secretary, point=point)
    with pytest.raises(ValidationError):
        services.action_point_delete(actor=secretary, point=point)
    with pytest.raises(ValidationError):
        _point(secretary, cycle, network, text="Nieuw")

    assert error.value.messages == [
        "The follow-up of Netwerk Utrecht has been submitted; reopen it first, so that the network sees the change."
    ]
    assert list(PreviousActionPoint.objects.values_list("text", flat=True)) == ["Oorspronkelijk"]
    assert [text for text, *_rest in _items(follow_up)] == ["Oorspronkelijk"]


def test_action_point_not_added_to_a_followup_prefilled_from_the_minutes(secretary, linked_cycle, network, minutes):
    follow_up = services.followup_for(cycle=linked_cycle, network=network)

    _point(secretary, linked_cycle, network, text="Dubbel ingevoerd")

    assert follow_up.items.count() == 2
    assert PreviousActionPoint.objects.count() == 1


def test_action_point_for_a_network_outside_the_cycle_refused(secretary, cycle):
    outsider = NetworkFactory(name="Netwerk Brabant", slug="brabant")

    with pytest.raises(ValidationError) as error:
        _point(secretary, cycle, outsider)

    assert error.value.message_dict == {"network": ["Netwerk Brabant does not take part in this cycle."]}
    assert not PreviousActionPoint.objects.exists()


@pytest.mark.parametrize("text", ["", "   "])
def test_action_point_without_text_refused(secretary, cycle, network, text):
    with pytest.raises(ValidationError) as error:
        _point(secretary, cycle, network, text=text)

    assert list(error.value.message_dict) == ["text"]
    assert not PreviousActionPoint.objects.exists()


# Answering and submitting


def test_followup_save_stores_answers_given(secretary, coordinator, cycle, network):
    _point(secretary, cycle, network, text="Eerste")
    _point(secretary, cycle, network, text="Tweede")
    follow_up = services.followup_for(cycle=cycle, network=network)
    first = follow_up.items.get(text="Eerste")
    first.state, first.comment = "in_progress", "  Loopt nog.  "

    services.followup_save(actor=coordinator, follow_up=follow_up, items=[first], exchange=("no", "Nog niet."))

    follow_up.refresh_from_db()
    assert _items(follow_up) == [("Eerste", "", None, "in_progress", "Loopt nog."), ("Tweede", "", None, "", "")]
    assert (follow_up.exchange, follow_up.exchange_explanation) == ("no", "Nog niet.")


def test_followup_save_unknown_state_refused_and_nothing_saved(secretary, coordinator, cycle, network):
    _point(secretary, cycle, network)
    follow_up = services.followup_for(cycle=cycle, network=network)
    item = follow_up.items.get()
    item.state = "forgotten"

    with pytest.raises(ValidationError):
        services.followup_save(actor=coordinator, follow_up=follow_up, items=[item], exchange=("yes", "Veel meer."))

    follow_up.refresh_from_db()
    assert (follow_up.exchange, follow_up.items.get().state) == ("", "")


def test_followup_save_item_of_another_followup_refused(secretary, coordinator, cycle, network, other_network):
    _point(secretary, cycle, other_network)
    follow_up = services.followup_for(cycle=cycle, network=network)
    foreign = services.followup_for(cycle=cycle, network=other_network).items.get()
    foreign.state = "done"

    with pytest.raises(ValidationError):
        services.followup_save(actor=coordinator, follow_up=follow_up, items=[foreign])

    assert FollowUpItem.objects.get(pk=foreign.pk).state == ""


def test_followup_submit_refused_with_everything_missing(secretary, coordinator, cycle, network):
    _point(secretary, cycle, network, text="Stuurgroep oprichten")
    _point(secretary, cycle, network, text="Nieuwsbrief uitbrengen")
    follow_up = services.followup_for(cycle=cycle, network=network)
    first = follow_up.items.get(text="Stuurgroep oprichten")
    first.state = "done"
    services.followup_save(actor=coordinator, follow_up=follow_up, items=[first], exchange=("yes", "   "))

    with pytest.raises(ValidationError) as error:
        services.followup_submit(actor=coordinator, follow_up=follow_up)

    assert error.value.messages == [
        "Action point 2 has no answer yet: Nieuwsbrief uitbrengen",
        "Explain your answer about exchange with other networks.",
    ]
    follow_up.refresh_from_db()
    assert follow_up.submitted_at is None


def test_followup_submit_without_exchange_answer_refused(coordinator, cycle, network):
    follow_up = services.followup_for(cycle=cycle, network=network)

    with pytest.raises(ValidationError) as error:
        services.followup_submit(actor=coordinator, follow_up=follow_up)

    assert error.value.messages == [
        "Say whether exchange with other networks has grown since the last review.",
        "Explain your answer about exchange with other networks.",
    ]


def test_followup_submit_complete_before_the_deadline_is_on_time(secretary, coordinator, cycle, network):
    _deadline(cycle, timezone.localdate() + timedelta(days=10))
    _point(secretary, cycle, network)
    follow_up = _answer_all(coordinator, services.followup_for(cycle=cycle, network=network))

    services.followup_submit(actor=coordinator, follow_up=follow_up)

    follow_up.refresh_from_db()
    assert (follow_up.is_submitted, follow_up.submitted_by, follow_up.late, follow_up.state) == (
        True,
        coordinator,
        False,
        "submitted",
    )


def test_followup_submit_after_the_deadline_is_late(secretary, coordinator, cycle, network):
    _deadline(cycle, timezone.localdate() - timedelta(days=1))
    follow_up = _answer_all(coordinator, services.followup_for(cycle=cycle, network=network))

    services.followup_submit(actor=coordinator, follow_up=follow_up)

    follow_up.refresh_from_db()
    assert (follow_up.late, follow_up.state) == (True, "late")


def test_followup_submitted_refuses_further_answers(secretary, coordinator, cycle, network):
    _point(secretary, cycle, network)
    follow_up = _answer_all(coordinator, services.followup_for(cycle=cycle, network=network))
    services.followup_submit(actor=coordinator, follow_up=follow_up)
    item = follow_up.items.get()
    item.state = "dropped"

    with pytest.raises(ValidationError) as error:
        services.followup_save(actor=coordinator, follow_up=follow_up, items=[item])
    with pytest.raises(ValidationError):
        services.followup_submit(actor=coordinator, follow_up=follow_up)

    assert error.value.messages == ["This follow-up has been submitted; only the secretary can reopen it."]
    assert follow_up.items.get().state == "done"


def test_followup_task_ticked_when_the_last_network_submits(
    secretary, coordinator, other_coordinator, cycle, network, other_network
):
    task = cycle.tasks.get(key="follow_up")
    first = _answer_all(coordinator, services.followup_for(cycle=cycle, network=network))
    services.followup_submit(actor=coordinator, follow_up=first)
    task.refresh_from_db()
    assert task.state == TaskState.OPEN

    last = _answer_all(other_coordinator, services.followup_for(cycle=cycle, network=other_network))
    services.followup_submit(actor=other_coordinator, follow_up=last)

    task.refresh_from_db()
    assert (task.state, task.completed_by) == (TaskState.DONE, other_coordinator)


def test_followup_reopen_lets_the_network_answer_again(secretary, coordinator, cycle, network):
    _point(secretary, cycle, network)
    follow_up = _answer_all(coordinator, services.followup_for(cycle=cycle, network=network))
    services.followup_submit(actor=coordinator, follow_up=follow_up)

    services.followup_reopen(actor=secretary, follow_up=follow_up)
    item = follow_up.items.get()
    item.state = "in_progress"
    services.followup_save(actor=coordinator, follow_up=follow_up, items=[item])

    follow_up.refresh_from_db()
    assert (follow_up.submitted_at, follow_up.late, follow_up.reopened_by) == (None, False, secretary)
    assert follow_up.reopened_at is not None
    assert follow_up.items.get().state == "in_progress"


# Two coordinators at once: the page's forms carry the version they were opened with


def _item_data(item, version, state, comment="") -> dict:
    prefix = f"item-{item.pk}"
    return {f"{prefix}-version": version, f"{prefix}-state": state, f"{prefix}-comment": comment}


def test_stale_answer_to_the_same_action_point_refused_with_what_the_other_saved(
    secretary, coordinator, cycle, network
):
    _point(secretary, cycle, network)
    follow_up = services.followup_for(cycle=cycle, network=network)
    item = follow_up.items.get()
    opened = item.updated_at.isoformat()  # both coordinators open the page now
    anna = FollowUpItemForm(_item_data(item, opened, "done", "Gelukt."), instance=item)
    assert anna.is_valid()
    services.followup_save(actor=coordinator, follow_up=follow_up, items=[anna.instance])

    bram = FollowUpItemForm(_item_data(item, opened, "dropped", "Vervallen."), instance=FollowUpItem.objects.get())

    assert not bram.is_valid()
    assert bram.non_field_errors().as_data()[0].code == "stale"
    assert bram.stale_changes == [("What became of it", "done"), ("Comment", "Gelukt.")]
    assert FollowUpItem.objects.values_list("state", "comment").get() == ("done", "Gelukt.")


def test_stale_part_posted_unchanged_is_left_alone(secretary, coordinator, cycle, network):
    _point(secretary, cycle, network)
    follow_up = services.followup_for(cycle=cycle, network=network)
    item = follow_up.items.get()
    opened = item.updated_at.isoformat()
    item.state = "done"
    services.followup_save(actor=coordinator, follow_up=follow_up, items=[item])

    # Bram answered only the exchange question; his page still carries Anna's answer as she saved it.
    form = FollowUpItemForm(_item_data(item, opened, "done"), instance=FollowUpItem.objects.get())
    exchange = FollowUpExchangeForm(
        {"exchange-version": follow_up.updated_at.isoformat(), "exchange-exchange": "yes"},
        instance=FollowUp.objects.get(),
    )

    assert form.is_valid() and exchange.is_valid()
    assert (form.changed, exchange.changed) == (False, True)


# Sending the questionnaire


def test_followup_invite_send_mails_each_coordinator_their_link(
    secretary, cycle, network, other_network, coordinator, other_coordinator, django_capture_on_commit_callbacks
):
    colleague = CoordinatorContactFactory(network=network, email="colleague@utrecht.example").user
    colleague.language = "en"
    colleague.save()
    _deadline(cycle, date(2031, 10, 31))
    _point(secretary, cycle, network)

    with django_capture_on_commit_callbacks(execute=True):
        count = services.followup_invite_send(actor=secretary, cycle=cycle)

    assert count == 3
    sent = {message.to[0]: message for message in mail.outbox}
    assert sorted(sent) == sorted([coordinator.email, colleague.email, other_coordinator.email])
    link = settings.SITE_URL + reverse("surveys:followup", kwargs={"year": 2018, "slug": "utrecht"})
    assert link in sent[coordinator.email].body
    assert link not in sent[other_coordinator.email].body
    assert sent[coordinator.email].subject == (
        "Peer review 2018: wat heeft Netwerk Utrecht gedaan met de actiepunten van 2016?"
    )
    assert "31 oktober 2031" in sent[coordinator.email].body
    assert "31 October 2031" in sent[colleague.email].body
    assert FollowUp.objects.filter(cycle=cycle).count() == 2
    assert FollowUpItem.objects.filter(follow_up__network=network).count() == 1
    assert FollowUpSettings.objects.get(cycle=cycle).sent_by == secretary


@pytest.mark.parametrize("deadline", [None, date(2017, 10, 31)])
def test_followup_invite_send_without_a_future_deadline_refused(secretary, cycle, coordinator, deadline):
    _deadline(cycle, deadline)

    with pytest.raises(ValidationError):
        services.followup_invite_send(actor=secretary, cycle=cycle)

    assert mail.outbox == []
    assert FollowUpSettings.objects.get(cycle=cycle).sent_at is None
    assert not FollowUp.objects.exists()


# Results for the final report


def _results_data(cycle, networks, items_each):
    for index, network in enumerate(networks):
        follow_up = FollowUpFactory(
            cycle=cycle, network=network, exchange=["yes", "partly", "no"][index % 3], exchange_explanation="Uitleg."
        )
        for number in range(items_each):
            FollowUpItemFactory(follow_up=follow_up, state=["done", "dropped", ""][number % 3], comment=f"C{number}")


@pytest.mark.parametrize("size", [1, 4])
def test_followup_results_per_network_in_three_queries(cycle, network, other_network, django_assert_num_queries, size):
    extra = [NetworkFactory(name=f"Netwerk {index:02d}") for index in range(size)]
    cycle.networks.add(*extra)
    _results_data(cycle, [network, *extra], items_each=size + 2)

    with django_assert_num_queries(3):
        results = followup_results(cycle)
        rows = [
            (row.network.pk, [i.comment for i in row.items], row.totals.total, row.exchange) for row in results.rows
        ]

    assert [row[0] for row in rows] == [n.pk for n in sorted([network, other_network, *extra], key=lambda n: n.name)]
    assert results.totals.total == (size + 1) * (size + 2)
    assert next(row for row in results.rows if row.network == other_network).follow_up is None


def test_followup_results_totals_and_answers(secretary, coordinator, cycle, network, other_network):
    _point(secretary, cycle, network, text="Eerste")
    _point(secretary, cycle, network, text="Tweede")
    _point(secretary, cycle, network, text="Derde")
    follow_up = services.followup_for(cycle=cycle, network=network)
    first, second, _third = follow_up.items.order_by("position")
    first.state, first.comment = "done", "Gelukt."
    second.state = "dropped"
    services.followup_save(actor=coordinator, follow_up=follow_up, items=[first, second], exchange=("partly", "Soms."))

    results = followup_results(cycle)

    utrecht = next(row for row in results.rows if row.network == network)
    assert [(item.text, item.state, item.comment) for item in utrecht.items] == [
        ("Eerste", "done", "Gelukt."),
        ("Tweede", "dropped", ""),
        ("Derde", "", ""),
    ]
    assert (utrecht.exchange, utrecht.exchange_label, utrecht.explanation) == ("partly", "partly", "Soms.")
    assert utrecht.totals.as_list() == [
        ("done", "done", 1),
        ("in_progress", "in progress", 0),
        ("not_started", "not started", 0),
        ("dropped", "dropped", 1),
        ("unanswered", "no answer yet", 1),
    ]
    assert (utrecht.state, results.submitted_count, results.exchange_totals) == ("draft", 0, {"partly": 1})
