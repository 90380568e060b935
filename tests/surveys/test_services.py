"""The rules of the preparation, enforced by the services whatever page or import calls them."""

from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from peerreview.cycles.enums import ReminderKind, ReminderState, TaskState
from peerreview.cycles.models import Cycle, Reminder, ReviewMeeting
from peerreview.cycles.reminders import SEND_AT, reminder_dispatch, reminders_plan
from peerreview.cycles.services import cycle_create, meeting_save
from surveys import services
from surveys.enums import MAX_WORDS, PreparationState
from surveys.models import Bottleneck, GoodPractice, Preparation, Theme
from surveys.themes import DEFAULT_THEMES, OWN_THEME
from tests.factories import CoordinatorContactFactory

pytestmark = pytest.mark.django_db


def _link(network) -> str:
    return settings.SITE_URL + reverse("surveys:preparation", kwargs={"year": 2018, "slug": network.slug})


@pytest.fixture(autouse=True)
def _english():
    """The services' messages are checked in English here; the pages' Dutch is checked in the view tests."""
    with translation.override("en"):
        yield


@pytest.fixture
def cycle(secretary, network, other_network) -> Cycle:
    return cycle_create(actor=secretary, cycle=Cycle(year=2018), networks=[network, other_network])


def _meeting(secretary, cycle, networks, meeting_date) -> ReviewMeeting:
    meeting = ReviewMeeting(cycle=cycle, name=f"Gesprek {meeting_date}", date=meeting_date, location="Utrecht")
    return meeting_save(actor=secretary, meeting=meeting, networks=list(networks))


@pytest.fixture
def preparation(cycle, network) -> Preparation:
    return services.preparation_for(cycle=cycle, network=network)


def _theme(cycle, key="activities") -> Theme:
    return Theme.objects.get(cycle=cycle, key=key)


def _practice(preparation, **fields) -> GoodPractice:
    values = {"title": "Proeven in het lab", "description": "Leerlingen doen onderzoek.", **fields}
    return GoodPractice(preparation=preparation, theme=_theme(preparation.cycle), **values)


def _bottleneck(preparation, question="Hoe houden we scholen vast?", **fields) -> Bottleneck:
    values = {
        "description": "Scholen haken af.",
        "learning_question": question,
        "want_to_discuss": bool(question),
        **fields,
    }
    return Bottleneck(preparation=preparation, theme=_theme(preparation.cycle, "schools"), **values)


def _save(actor, entry, version=None):
    return services.entry_save(actor=actor, entry=entry, version=version)


def _ready(coordinator, preparation, questions=2) -> Preparation:
    """A preparation that can be submitted: one good practice and ``questions`` learning questions."""
    _save(coordinator, _practice(preparation))
    for number in range(questions):
        _save(coordinator, _bottleneck(preparation, question=f"Leervraag {number + 1}?"))
    return preparation


def _words(n: int) -> str:
    return " ".join(f"woord{i}" for i in range(n))


def _messages(error: ValidationError) -> list[str]:
    return error.value.messages


# 200 words


def test_entry_save_200_words_accepted_counting_hyphenated_words_once(coordinator, preparation):
    # 197 + "havo-hbo" + "TOA's" + "vo-ho-netwerken": 200 words as a reader counts them.
    description = _words(197) + " havo-hbo TOA's vo-ho-netwerken."
    entry = _save(coordinator, _practice(preparation, description=description))

    assert entry.word_count == MAX_WORDS
    assert GoodPractice.objects.get(pk=entry.pk).description == description


def test_entry_save_201_words_refused(coordinator, preparation):
    with pytest.raises(ValidationError) as error:
        _save(coordinator, _practice(preparation, description=_words(199) + " havo-hbo", lessons="nog"))

    assert error.value.message_dict == {"description": ["At most 200 words: this has 201 words."]}
    assert not GoodPractice.objects.exists()


def test_entry_save_bottleneck_counts_description_and_question_together(coordinator, preparation):
    with pytest.raises(ValidationError) as error:
        _save(coordinator, _bottleneck(preparation, description=_words(150), question=_words(51)))

    assert error.value.message_dict == {"description": ["At most 200 words: this has 201 words."]}


# Learning questions


def test_entry_save_fifth_learning_question_refused(coordinator, preparation):
    _ready(coordinator, preparation, questions=4)

    with pytest.raises(ValidationError) as error:
        _save(coordinator, _bottleneck(preparation, question="Een vijfde vraag?"))

    assert list(error.value.message_dict) == ["learning_question"]
    assert "You already have 4 learning questions" in error.value.message_dict["learning_question"][0]
    assert list(Bottleneck.objects.order_by("priority").values_list("learning_question", "priority")) == [
        ("Leervraag 1?", 1),
        ("Leervraag 2?", 2),
        ("Leervraag 3?", 3),
        ("Leervraag 4?", 4),
    ]


def test_entry_save_fifth_bottleneck_without_question_accepted(coordinator, preparation):
    _ready(coordinator, preparation, questions=4)

    entry = _save(coordinator, _bottleneck(preparation, question=""))

    assert (entry.learning_question, entry.priority) == ("", None)


def test_preparation_submit_one_learning_question_refused_with_what_is_missing(coordinator, preparation):
    _ready(coordinator, preparation, questions=1)

    with pytest.raises(ValidationError) as error:
        services.preparation_submit(actor=coordinator, preparation=preparation)

    assert _messages(error) == [
        "Formulate at least 2 learning questions (with the bottlenecks you want to discuss); you have 1."
    ]
    preparation.refresh_from_db()
    assert preparation.submitted_at is None


def test_entry_save_learning_question_without_description_refused(coordinator, preparation):
    with pytest.raises(ValidationError) as error:
        _save(coordinator, _bottleneck(preparation, description="   "))

    assert list(error.value.message_dict) == ["description"]
    assert not Bottleneck.objects.exists()


def test_entry_save_learning_question_without_want_to_discuss_refused(coordinator, preparation):
    with pytest.raises(ValidationError) as error:
        _save(coordinator, _bottleneck(preparation, want_to_discuss=False))

    assert error.value.message_dict == {
        "want_to_discuss": ["A learning question is for a bottleneck you want to discuss; tick the box."]
    }


# What is typed is stored as typed


def test_entry_save_html_and_script_stored_as_typed(coordinator, preparation):
    typed = "<script>alert('x')</script> & <b>vet</b> =SUM(A1)"
    entry = _save(coordinator, _practice(preparation, title=typed, description=typed, lessons=typed))

    stored = GoodPractice.objects.get(pk=entry.pk)
    assert (stored.title, stored.description, stored.lessons) == (typed, typed, typed)


@pytest.mark.parametrize("title", ["x" * 201, "", "   "])
def test_entry_save_long_or_empty_title_refused(coordinator, preparation, title):
    with pytest.raises(ValidationError) as error:
        _save(coordinator, _practice(preparation, title=title))

    assert list(error.value.message_dict) == ["title"]
    assert not GoodPractice.objects.exists()


def test_entry_save_200_character_title_accepted(coordinator, preparation):
    entry = _save(coordinator, _practice(preparation, title="x" * 200))

    assert len(GoodPractice.objects.get(pk=entry.pk).title) == 200


# Concurrent editing


def test_entry_save_stale_version_raises_and_changes_nothing(coordinator, preparation, network):
    colleague = CoordinatorContactFactory(network=network, email="colleague@utrecht.example").user
    entry = _save(coordinator, _practice(preparation, description="Eerste versie."))
    loaded = entry.updated_at.isoformat()
    theirs = GoodPractice.objects.get(pk=entry.pk)
    theirs.description = "Versie van de collega."
    _save(colleague, theirs, version=loaded)

    mine = GoodPractice.objects.get(pk=entry.pk)
    mine.description = "Mijn versie."
    with pytest.raises(services.StaleEntry) as stale:
        _save(coordinator, mine, version=loaded)

    assert stale.value.current.description == "Versie van de collega."
    stored = GoodPractice.objects.get(pk=entry.pk)
    assert (stored.description, stored.updated_at) == ("Versie van de collega.", stale.value.current.updated_at)


def test_entry_save_deleted_meanwhile_raises_stale_with_nothing_current(coordinator, preparation):
    entry = _save(coordinator, _practice(preparation))
    loaded = entry.updated_at.isoformat()
    services.entry_delete(actor=coordinator, entry=GoodPractice.objects.get(pk=entry.pk))

    entry.description = "Toch nog iets."
    with pytest.raises(services.StaleEntry) as stale:
        _save(coordinator, entry, version=loaded)

    assert stale.value.current is None
    assert not GoodPractice.objects.exists()


# Submission, lateness and reopening


def test_preparation_submit_before_deadline_not_late(secretary, coordinator, cycle, network, preparation):
    _meeting(secretary, cycle, [network], timezone.localdate() + timedelta(days=21))  # deadline: today
    _ready(coordinator, preparation)

    submitted = services.preparation_submit(actor=coordinator, preparation=preparation)

    assert (submitted.state, submitted.submitted_by, submitted.late) == (PreparationState.SUBMITTED, coordinator, False)


def test_preparation_submit_after_deadline_marked_late(secretary, coordinator, cycle, network, preparation):
    _meeting(secretary, cycle, [network], timezone.localdate() + timedelta(days=20))  # deadline: yesterday
    _ready(coordinator, preparation)

    submitted = services.preparation_submit(actor=coordinator, preparation=preparation)

    preparation.refresh_from_db()
    assert (submitted.state, preparation.late) == (PreparationState.LATE, True)
    assert preparation.submitted_at is not None


def test_entry_save_after_submission_refused(coordinator, preparation):
    _ready(coordinator, preparation)
    services.preparation_submit(actor=coordinator, preparation=preparation)
    entry = GoodPractice.objects.get()
    entry.description = "Na het insturen."

    with pytest.raises(ValidationError) as error:
        _save(coordinator, entry, version=entry.updated_at.isoformat())
    with pytest.raises(ValidationError):
        _save(coordinator, _practice(preparation))
    with pytest.raises(ValidationError):
        services.entry_delete(actor=coordinator, entry=entry)

    assert _messages(error) == ["This preparation has been submitted; only the secretary can reopen it."]
    assert GoodPractice.objects.get().description == "Leerlingen doen onderzoek."


def test_preparation_submit_after_reopen_by_secretary(secretary, coordinator, cycle, network, preparation):
    _meeting(secretary, cycle, [network], timezone.localdate() + timedelta(days=20))
    _ready(coordinator, preparation)
    services.preparation_submit(actor=coordinator, preparation=preparation)

    services.preparation_reopen(actor=secretary, preparation=preparation)
    preparation.refresh_from_db()
    reopened = (preparation.state, preparation.late, preparation.reopened_by)
    _save(coordinator, _bottleneck(preparation, question="Een derde vraag?"))
    submitted = services.preparation_submit(actor=coordinator, preparation=preparation)

    assert reopened == (PreparationState.DRAFT, False, secretary)
    assert (submitted.state, submitted.submitted_by) == (PreparationState.LATE, coordinator)
    assert list(Bottleneck.objects.order_by("priority").values_list("priority", flat=True)) == [1, 2, 3]


def test_preparation_submit_all_networks_of_meeting_ticks_the_meeting_task(
    secretary, coordinator, cycle, network, preparation
):
    meeting = _meeting(secretary, cycle, [network], timezone.localdate() + timedelta(days=40))
    _ready(coordinator, preparation)

    services.preparation_submit(actor=coordinator, preparation=preparation)

    assert meeting.tasks.get(key="preparation").state == TaskState.DONE


# Themes


def test_themes_install_without_previous_cycle_gives_the_ten_defaults(cycle):
    themes = services.themes_install(cycle=cycle)

    assert [t.key for t in themes] == [*(row[0] for row in DEFAULT_THEMES), OWN_THEME[0]]
    assert len(themes) == 10
    assert [t.is_own for t in themes] == [False] * 9 + [True]
    assert themes[0].hint_list[0] == "Activiteiten voor leerlingen, docenten, TOA's en schoolleiders."


def test_themes_install_copies_the_previous_cycles_active_themes(secretary):
    earlier = cycle_create(actor=secretary, cycle=Cycle(year=2016))
    services.themes_install(cycle=earlier)
    renamed = _theme(earlier, "finances")
    renamed.name, renamed.hints = "Geld", "Subsidies.\nBijdragen van scholen."
    services.theme_save(actor=secretary, theme=renamed)
    retired = _theme(earlier, "communication")
    retired.active = False
    services.theme_save(actor=secretary, theme=retired)
    cycle = cycle_create(actor=secretary, cycle=Cycle(year=2018))

    themes = services.themes_install(cycle=cycle)

    assert cycle.previous == earlier
    assert len(themes) == 9
    assert "communication" not in [t.key for t in themes]
    copied = _theme(cycle, "finances")
    assert (copied.name, copied.hint_list, copied.pk != renamed.pk) == (
        "Geld",
        ["Subsidies.", "Bijdragen van scholen."],
        True,
    )


def test_themes_install_twice_changes_nothing(cycle):
    first = services.themes_install(cycle=cycle)

    assert services.themes_install(cycle=cycle) == first
    assert Theme.objects.filter(cycle=cycle).count() == 10


def test_theme_delete_refused_for_a_theme_in_use(secretary, coordinator, preparation):
    _save(coordinator, _practice(preparation))
    theme = _theme(preparation.cycle)

    with pytest.raises(ValidationError):
        services.theme_delete(actor=secretary, theme=theme)

    assert Theme.objects.filter(pk=theme.pk).exists()


# Sending the form


def test_preparation_invite_send_mails_each_coordinator_their_link(
    secretary, cycle, network, other_network, coordinator, other_coordinator, django_capture_on_commit_callbacks
):
    colleague = CoordinatorContactFactory(network=network, email="colleague@utrecht.example").user
    colleague.language = "en"
    colleague.save()
    _meeting(secretary, cycle, [network, other_network], date(2031, 3, 31))

    with django_capture_on_commit_callbacks(execute=True):
        count = services.preparation_invite_send(actor=secretary, cycle=cycle)

    assert count == 3
    sent = {message.to[0]: message for message in mail.outbox}
    assert sorted(sent) == sorted([coordinator.email, colleague.email, other_coordinator.email])
    utrecht, limburg = _link(network), _link(other_network)
    assert utrecht in sent[coordinator.email].body
    assert utrecht in sent[colleague.email].body
    assert limburg in sent[other_coordinator.email].body
    assert limburg not in sent[coordinator.email].body
    assert sent[coordinator.email].subject == "Schriftelijke voorbereiding peer review 2018: Netwerk Utrecht"
    assert "10 maart 2031" in sent[coordinator.email].body  # three weeks before the meeting
    assert sent[colleague.email].subject == "Written preparation for the 2018 peer review: Netwerk Utrecht"
    assert "10 March 2031" in sent[colleague.email].body
    task = cycle.tasks.get(key="preparation_send")
    assert (task.state, task.completed_by) == (TaskState.DONE, secretary)
    assert Preparation.objects.filter(cycle=cycle).count() == 2


# The preparation reminder


def test_preparation_reminder_only_to_networks_that_have_not_submitted(
    secretary,
    cycle,
    network,
    other_network,
    coordinator,
    other_coordinator,
    preparation,
    django_capture_on_commit_callbacks,
):
    _meeting(secretary, cycle, [network, other_network], timezone.localdate() + timedelta(days=60))
    reminders_plan(cycle=cycle)
    planned = Reminder.objects.filter(kind=ReminderKind.PREPARATION)
    before = sorted(planned.values_list("recipient__email", "due_at"))
    _ready(coordinator, preparation)
    services.preparation_submit(actor=coordinator, preparation=preparation)
    planned.update(due_at=timezone.now() - timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        reminder_dispatch()

    # 14 days before the deadline, which is 21 days before the meeting, in the morning.
    due = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=60 - 21 - 14), SEND_AT))
    assert before == [(other_coordinator.email, due), (coordinator.email, due)]
    assert dict(planned.values_list("recipient__email", "state")) == {
        coordinator.email: ReminderState.CANCELLED,
        other_coordinator.email: ReminderState.SENT,
    }
    reminders = [m for m in mail.outbox if "Herinnering" in m.subject]
    assert [m.to for m in reminders] == [[other_coordinator.email]]
    assert _link(other_network) in reminders[0].body


def test_preparation_reminder_cancelled_by_planning_once_submitted(secretary, cycle, network, coordinator, preparation):
    _meeting(secretary, cycle, [network], timezone.localdate() + timedelta(days=60))
    reminders_plan(cycle=cycle)
    reminder = Reminder.objects.get(kind=ReminderKind.PREPARATION, recipient=coordinator)
    _ready(coordinator, preparation)
    services.preparation_submit(actor=coordinator, preparation=preparation)

    reminders_plan(cycle=cycle)

    reminder.refresh_from_db()
    assert reminder.state == ReminderState.CANCELLED


@pytest.mark.parametrize("extra", [0, 12])
def test_preparation_problems_query_count_constant(django_assert_num_queries, coordinator, preparation, extra):
    _ready(coordinator, preparation)
    for index in range(extra):
        _save(coordinator, _practice(preparation, title=f"Praktijk {index}"))
    preparation.refresh_from_db()

    with django_assert_num_queries(5):
        problems = services.preparation_problems(preparation)

    assert problems == []
