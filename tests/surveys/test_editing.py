"""The coordinator's preparation page and its endpoints: entries saved one at a time (JSON for the
page's script, plain form posts without it), the learning questions, the own theme, submission.

Most requests ask for English (Accept-Language) so that the assertions read the msgids; the
refusals a coordinator reads are also checked in Dutch.
"""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerreview.cycles.models import Cycle
from peerreview.cycles.services import cycle_create
from surveys import services
from surveys.enums import MAX_WORDS, PreparationState
from surveys.models import Bottleneck, GoodPractice, Preparation, Theme, count_words
from tests.factories import BottleneckFactory, GoodPracticeFactory, UserFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def cycle(secretary, network, other_network) -> Cycle:
    return cycle_create(actor=secretary, cycle=Cycle(year=2018), networks=[network, other_network])


@pytest.fixture
def preparation(cycle, network) -> Preparation:
    return services.preparation_for(cycle=cycle, network=network)


def _theme(cycle, key="activities") -> Theme:
    return Theme.objects.get(cycle=cycle, key=key)


def _page(network=None, year=2018) -> str:
    return reverse("surveys:preparation", kwargs={"year": year, "slug": network.slug if network else "utrecht"})


def _url(name, kind=None, pk=None, slug="utrecht") -> str:
    kwargs = {"year": 2018, "slug": slug}
    if kind:
        kwargs["kind"] = kind
    if pk:
        kwargs["pk"] = pk
    return reverse(f"surveys:{name}", kwargs=kwargs)


def _practice(coordinator, preparation, **fields) -> GoodPractice:
    values = {"title": "Proeven in het lab", "description": "Leerlingen doen onderzoek.", **fields}
    entry = GoodPractice(preparation=preparation, theme=_theme(preparation.cycle), **values)
    return services.entry_save(actor=coordinator, entry=entry)


def _bottleneck(coordinator, preparation, question="Hoe houden we scholen vast?", **fields) -> Bottleneck:
    values = {"description": "Scholen haken af.", "learning_question": question, "want_to_discuss": bool(question)}
    entry = Bottleneck(preparation=preparation, theme=_theme(preparation.cycle, "schools"), **{**values, **fields})
    return services.entry_save(actor=coordinator, entry=entry)


def _practice_data(entry=None, **fields) -> dict:
    data = {
        "title": "Proeven in het lab",
        "description": "Leerlingen doen onderzoek.",
        "lessons": "",
        "success_factors": "",
    }
    if entry is not None:
        data = {
            "title": entry.title,
            "description": entry.description,
            "lessons": entry.lessons,
            "success_factors": entry.success_factors,
            "version": entry.updated_at.isoformat(),
        }
        if entry.want_to_present:
            data["want_to_present"] = "on"
    return {**data, **fields}


def _bottleneck_data(entry=None, **fields) -> dict:
    data = {"description": "Scholen haken af.", "learning_question": "", "want_to_discuss": ""}
    if entry is not None:
        data = {
            "description": entry.description,
            "learning_question": entry.learning_question,
            "version": entry.updated_at.isoformat(),
        }
        if entry.want_to_discuss:
            data["want_to_discuss"] = "on"
    data = {**data, **fields}
    return {key: value for key, value in data.items() if value != ""}


def _words(n: int) -> str:
    return " ".join(f"woord{i}" for i in range(n))


# The page


def test_page_first_visit_starts_the_preparation(as_coordinator, cycle, network):
    assert not Preparation.objects.filter(cycle=cycle, network=network).exists()

    response = as_coordinator.get(_page(network))

    assert response.status_code == 200
    preparation = Preparation.objects.get(cycle=cycle, network=network)
    assert response.context["preparation"] == preparation
    assert [s.theme.key for s in response.context["sections"]] == list(
        Theme.objects.filter(cycle=cycle, active=True).order_by("position").values_list("key", flat=True)
    )
    assert response.context["editable"] is True
    content = response.content.decode()
    assert "Before you start" in content
    assert 'src="/static/js/preparation.js"' in content


def test_page_renders_in_dutch_by_default(client, coordinator, cycle, network):
    client.force_login(coordinator)

    response = client.get(_page(network))

    assert (response.status_code, response.headers["Content-Language"]) == (200, "nl")


@pytest.mark.parametrize("who", ["other_coordinator", "chair", "expert"])
def test_page_of_another_network_is_not_found(en_client, request, cycle, network, who):
    user = UserFactory(email="expert@example.org", is_expert=True) if who == "expert" else request.getfixturevalue(who)
    en_client.force_login(user)

    response = en_client.get(_page(network))

    assert response.status_code == 404
    assert not Preparation.objects.filter(cycle=cycle, network=network).exists()


def test_page_anonymous_is_sent_to_sign_in(en_client, cycle, network):
    response = en_client.get(_page(network))

    assert response.status_code == 302
    assert response.headers["Location"] == f"{reverse('account_login')}?next={_page(network)}"


def test_page_of_a_network_outside_the_cycle_is_not_found(en_client, secretary, cycle):
    from tests.factories import NetworkFactory

    outsider = NetworkFactory(slug="friesland")
    en_client.force_login(secretary)

    assert en_client.get(_page(outsider)).status_code == 404
    assert en_client.get(_page(year=2031)).status_code == 404


def test_page_shows_entries_learning_questions_in_priority_order(as_coordinator, coordinator, preparation):
    _practice(coordinator, preparation, title="Lab-dagen")
    first = _bottleneck(coordinator, preparation, question="Eerste vraag?")
    second = _bottleneck(coordinator, preparation, question="Tweede vraag?")
    services.learning_questions_reorder(actor=coordinator, preparation=preparation, order=[second.pk, first.pk])

    response = as_coordinator.get(_page())

    assert [q.learning_question for q in response.context["learning_questions"]] == ["Tweede vraag?", "Eerste vraag?"]
    activities = response.context["sections"][0]
    assert [item.entry.title for item in activities.good_practices] == ["Lab-dagen"]
    assert 'id="good-practice-' in response.content.decode()


def test_page_escapes_what_was_typed(as_coordinator, en_client, coordinator, preparation):
    script = '<script>alert("x")</script><b>vet</b>'
    response = en_client.post(
        _url("entry_create", "good-practice"),
        _practice_data(title=script, description=script, theme=_theme(preparation.cycle).pk),
        **JSON,
    )
    assert response.status_code == 201
    entry = GoodPractice.objects.get()
    assert (entry.title, entry.description) == (script, script)

    content = en_client.get(_page()).content.decode()

    assert script not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;vet&lt;/b&gt;" in content


def test_page_read_only_once_submitted(as_coordinator, coordinator, preparation):
    _practice(coordinator, preparation)
    _bottleneck(coordinator, preparation, question="Eén?")
    _bottleneck(coordinator, preparation, question="Twee?")
    services.preparation_submit(actor=coordinator, preparation=preparation)

    response = as_coordinator.get(_page())

    content = response.content.decode()
    assert response.context["editable"] is False
    assert 'data-testid="read-only"' in content
    assert "Only the secretary can reopen it" in content
    assert "<textarea" not in content
    assert 'data-testid="submit"' not in content
    assert "js/preparation.js" not in content


# Saving entries


def test_entry_create_answers_json_with_version(as_coordinator, preparation):
    theme = _theme(preparation.cycle)

    response = as_coordinator.post(
        _url("entry_create", "good-practice"), _practice_data(theme=theme.pk, want_to_present="on"), **JSON
    )

    assert response.status_code == 201
    entry = GoodPractice.objects.get()
    body = response.json()
    assert (entry.preparation, entry.theme, entry.title, entry.want_to_present) == (
        preparation,
        theme,
        "Proeven in het lab",
        True,
    )
    assert body["id"] == entry.pk
    assert body["version"] == entry.updated_at.isoformat()
    assert body["word_count"] == 3
    assert body["urls"] == {
        "save": _url("entry_update", "good-practice", entry.pk),
        "delete": _url("entry_delete", "good-practice", entry.pk),
    }


def test_entry_save_changes_the_entry(as_coordinator, coordinator, preparation):
    entry = _practice(coordinator, preparation)

    response = as_coordinator.post(
        _url("entry_update", "good-practice", entry.pk), _practice_data(entry, lessons="Begin klein."), **JSON
    )

    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.lessons == "Begin klein."
    assert response.json()["version"] == entry.updated_at.isoformat()


def test_entry_save_without_script_redirects_to_the_entry(as_coordinator, coordinator, preparation):
    entry = _practice(coordinator, preparation)

    response = as_coordinator.post(
        _url("entry_update", "good-practice", entry.pk), _practice_data(entry, title="Nieuw")
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"{_page()}#good-practice-{entry.pk}"
    entry.refresh_from_db()
    assert entry.title == "Nieuw"


def test_entry_create_without_script_from_the_add_link(as_coordinator, preparation):
    theme = _theme(preparation.cycle, "schools")
    page = as_coordinator.get(_page(), {"add": "bottleneck", "theme": theme.pk})
    section = next(s for s in page.context["sections"] if s.theme == theme)
    assert [item.entry for item in section.bottlenecks] == [None]

    response = as_coordinator.post(
        _url("entry_create", "bottleneck"), _bottleneck_data(theme=theme.pk, description="Te weinig tijd.")
    )

    entry = Bottleneck.objects.get()
    assert response.headers["Location"] == f"{_page()}#bottleneck-{entry.pk}"
    assert (entry.theme, entry.description, entry.learning_question) == (theme, "Te weinig tijd.", "")


def test_entry_delete(as_coordinator, coordinator, preparation):
    entry = _bottleneck(coordinator, preparation)
    keep = _bottleneck(coordinator, preparation, question="Blijft?")

    response = as_coordinator.post(_url("entry_delete", "bottleneck", entry.pk), **JSON)

    assert response.status_code == 200
    assert response.json()["learning_questions"] == [{"id": keep.pk, "priority": 1, "text": "Blijft?"}]
    assert list(Bottleneck.objects.all()) == [keep]


def test_entry_of_another_preparation_is_404_and_not_touched(
    as_coordinator, coordinator, other_coordinator, cycle, preparation, other_network
):
    theirs = services.preparation_for(cycle=cycle, network=other_network)
    entry = _practice(other_coordinator, theirs, title="Van Limburg")

    save = as_coordinator.post(
        _url("entry_update", "good-practice", entry.pk), _practice_data(entry, title="Weg"), **JSON
    )
    delete = as_coordinator.post(_url("entry_delete", "good-practice", entry.pk), **JSON)

    assert (save.status_code, delete.status_code) == (404, 404)
    assert GoodPractice.objects.get(pk=entry.pk).title == "Van Limburg"


def test_entry_201_words_refused_nothing_stored(as_coordinator, coordinator, preparation):
    entry = _practice(coordinator, preparation)
    before = GoodPractice.objects.values().get(pk=entry.pk)

    response = as_coordinator.post(
        _url("entry_update", "good-practice", entry.pk),
        _practice_data(entry, description=_words(150), lessons=_words(51)),
        **JSON,
    )

    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == {"description": [f"At most {MAX_WORDS} words: this has 201 words."]}
    assert body["word_count"] == 201
    assert GoodPractice.objects.values().get(pk=entry.pk) == before


def test_entry_201_words_refused_in_dutch(client, coordinator, preparation):
    client.force_login(coordinator)

    response = client.post(
        _url("entry_create", "bottleneck"),
        _bottleneck_data(theme=_theme(preparation.cycle).pk, description=_words(201)),
        **JSON,
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"description": [f"Maximaal {MAX_WORDS} woorden: dit zijn er 201."]}
    assert not Bottleneck.objects.exists()


def test_entry_201_words_without_script_shows_the_form_again(as_coordinator, coordinator, preparation):
    entry = _practice(coordinator, preparation)

    response = as_coordinator.post(
        _url("entry_update", "good-practice", entry.pk), _practice_data(entry, description=_words(201))
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "At most 200 words: this has 201 words." in content
    assert _words(201) in content  # what was typed is not lost
    entry.refresh_from_db()
    assert entry.description == "Leerlingen doen onderzoek."


def test_entry_new_refused_without_script_stays_under_its_theme(as_coordinator, preparation):
    theme = _theme(preparation.cycle, "schools")

    response = as_coordinator.post(
        _url("entry_create", "good-practice"), _practice_data(theme=theme.pk, title="Alleen een titel", description="")
    )

    assert response.status_code == 400
    section = next(s for s in response.context["sections"] if s.theme == theme)
    (item,) = section.good_practices
    assert (item.entry, item.form["title"].value(), list(item.form.errors)) == (
        None,
        "Alleen een titel",
        ["description"],
    )
    assert not GoodPractice.objects.exists()


def test_entry_fifth_learning_question_refused(as_coordinator, coordinator, preparation):
    for number in range(4):
        _bottleneck(coordinator, preparation, question=f"Vraag {number}?")

    response = as_coordinator.post(
        _url("entry_create", "bottleneck"),
        _bottleneck_data(theme=_theme(preparation.cycle).pk, learning_question="Vijfde?", want_to_discuss="on"),
        **JSON,
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["learning_question"]
    assert "You already have 4 learning questions" in response.json()["message"]
    assert Bottleneck.objects.count() == 4
    assert not Bottleneck.objects.filter(learning_question="Vijfde?").exists()


def test_entry_learning_question_without_description_refused(as_coordinator, preparation):
    response = as_coordinator.post(
        _url("entry_create", "bottleneck"),
        _bottleneck_data(
            theme=_theme(preparation.cycle).pk, description="   ", learning_question="Hoe dan?", want_to_discuss="on"
        ),
        **JSON,
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["description"]
    assert not Bottleneck.objects.exists()


def test_entry_learning_question_without_want_to_discuss_refused(as_coordinator, coordinator, preparation):
    entry = _bottleneck(coordinator, preparation, question="")

    response = as_coordinator.post(
        _url("entry_update", "bottleneck", entry.pk), _bottleneck_data(entry, learning_question="Hoe dan?"), **JSON
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "want_to_discuss": ["A learning question is for a bottleneck you want to discuss; tick the box."]
    }
    entry.refresh_from_db()
    assert entry.learning_question == ""


def test_entry_stale_save_answers_409_with_current_values(as_coordinator, coordinator, preparation):
    entry = _practice(coordinator, preparation)
    loaded = entry.updated_at.isoformat()
    entry.title = "Door de ander"
    theirs = services.entry_save(actor=coordinator, entry=entry, version=loaded)
    saved = GoodPractice.objects.values().get(pk=entry.pk)

    response = as_coordinator.post(
        _url("entry_update", "good-practice", entry.pk),
        _practice_data(title="Van mij", description="Mijn tekst.", version=loaded),
        **JSON,
    )

    assert response.status_code == 409
    body = response.json()
    assert body["stale"] is True
    assert body["version"] == theirs.updated_at.isoformat()
    assert body["current"] == {
        "title": "Door de ander",
        "description": "Leerlingen doen onderzoek.",
        "lessons": "",
        "success_factors": "",
        "want_to_present": False,
    }
    assert body["labels"]["title"] == "Title"
    assert GoodPractice.objects.values().get(pk=entry.pk) == saved

    # Keeping one's own version: saving again with the version the 409 gave.
    again = as_coordinator.post(
        _url("entry_update", "good-practice", entry.pk),
        _practice_data(title="Van mij", description="Mijn tekst.", version=body["version"]),
        **JSON,
    )
    assert again.status_code == 200
    assert GoodPractice.objects.get(pk=entry.pk).title == "Van mij"


def test_entry_stale_without_script_shows_theirs_and_keeps_mine(as_coordinator, coordinator, preparation):
    entry = _practice(coordinator, preparation)
    loaded = entry.updated_at.isoformat()
    entry.title = "Door de ander"
    theirs = services.entry_save(actor=coordinator, entry=entry, version=loaded)

    response = as_coordinator.post(
        _url("entry_update", "good-practice", entry.pk), _practice_data(title="Van mij", version=loaded)
    )

    assert response.status_code == 409
    content = response.content.decode()
    assert 'data-testid="stale-changes"' in content
    assert "Door de ander" in content
    assert 'value="Van mij"' in content
    assert f'value="{theirs.updated_at.isoformat()}"' in content
    assert GoodPractice.objects.get(pk=entry.pk).title == "Door de ander"


def test_entry_deleted_meanwhile_answers_409(as_coordinator, coordinator, preparation):
    entry = _practice(coordinator, preparation)
    data, pk = _practice_data(entry), entry.pk
    services.entry_delete(actor=coordinator, entry=entry)

    response = as_coordinator.post(_url("entry_update", "good-practice", pk), data, **JSON)

    assert (response.status_code, response.json()["deleted"]) == (409, True)
    assert not GoodPractice.objects.exists()


def test_entry_unknown_kind_not_found(as_coordinator, preparation):
    assert as_coordinator.post(_url("entry_create", "remark"), {}, **JSON).status_code == 404


# Who may post


def test_endpoints_anonymous_fetch_gets_401_json(en_client, preparation):
    response = en_client.post(_url("entry_create", "good-practice"), _practice_data(), **JSON)

    assert response.status_code == 401
    assert response.json()["signed_out"] is True
    assert not GoodPractice.objects.exists()


def test_endpoints_anonymous_form_post_is_sent_to_sign_in_then_the_page(en_client, preparation):
    response = en_client.post(_url("entry_create", "good-practice"), _practice_data())

    assert response.headers["Location"] == f"{reverse('account_login')}?next={_page()}"


@pytest.mark.parametrize("who", ["other_coordinator", "chair"])
def test_endpoints_refuse_others_with_404(en_client, request, coordinator, preparation, who):
    entry = _practice(coordinator, preparation)
    en_client.force_login(request.getfixturevalue(who))

    responses = [
        en_client.post(_url("entry_create", "good-practice"), _practice_data(theme=entry.theme_id), **JSON),
        en_client.post(_url("entry_update", "good-practice", entry.pk), _practice_data(entry, title="X"), **JSON),
        en_client.post(_url("entry_delete", "good-practice", entry.pk), **JSON),
        en_client.post(_url("learning_questions"), {"order": []}, **JSON),
        en_client.post(_url("own_theme"), {"own_theme_name": "X"}, **JSON),
        en_client.post(_url("submit")),
    ]

    assert [r.status_code for r in responses] == [404] * 6
    assert list(GoodPractice.objects.values_list("title", flat=True)) == ["Proeven in het lab"]


def test_endpoints_get_not_allowed(as_coordinator, preparation):
    assert as_coordinator.get(_url("submit")).status_code == 405


def test_secretary_may_edit(en_client, secretary, coordinator, preparation):
    entry = _practice(coordinator, preparation)
    en_client.force_login(secretary)

    response = en_client.post(_url("entry_update", "good-practice", entry.pk), _practice_data(entry, title="S"), **JSON)

    assert response.status_code == 200
    assert GoodPractice.objects.get(pk=entry.pk).title == "S"


# Learning questions and the own theme


def test_learning_questions_reorder_whole_order(as_coordinator, coordinator, preparation):
    first, second, third = (_bottleneck(coordinator, preparation, question=f"V{n}?") for n in (1, 2, 3))

    response = as_coordinator.post(_url("learning_questions"), {"order": [third.pk, first.pk, second.pk]}, **JSON)

    assert response.status_code == 200
    assert [q["id"] for q in response.json()["learning_questions"]] == [third.pk, first.pk, second.pk]
    assert list(Bottleneck.objects.order_by("priority").values_list("pk", flat=True)) == [third.pk, first.pk, second.pk]


def test_learning_questions_move_without_script(as_coordinator, coordinator, preparation):
    first, second = (_bottleneck(coordinator, preparation, question=f"V{n}?") for n in (1, 2))

    response = as_coordinator.post(_url("learning_questions"), {"move": second.pk, "direction": "up"})

    assert response.headers["Location"] == f"{_page()}#learning-questions"
    assert list(Bottleneck.objects.order_by("priority").values_list("pk", flat=True)) == [second.pk, first.pk]


def test_learning_questions_reorder_with_a_changed_list_refused(as_coordinator, coordinator, preparation):
    first, second = (_bottleneck(coordinator, preparation, question=f"V{n}?") for n in (1, 2))

    response = as_coordinator.post(_url("learning_questions"), {"order": [second.pk]}, **JSON)

    assert response.status_code == 400
    assert list(Bottleneck.objects.order_by("priority").values_list("pk", flat=True)) == [first.pk, second.pk]


def test_own_theme_named(as_coordinator, preparation):
    response = as_coordinator.post(_url("own_theme"), {"own_theme_name": "  Onderzoek   in de klas "}, **JSON)

    assert response.status_code == 200
    preparation.refresh_from_db()
    assert preparation.own_theme_name == "Onderzoek in de klas"
    own = next(s for s in as_coordinator.get(_page()).context["sections"] if s.theme.is_own)
    assert own.title == "Onderzoek in de klas"


# Submission


def test_submit_with_one_question_shows_what_is_missing(as_coordinator, coordinator, preparation):
    _practice(coordinator, preparation)
    _bottleneck(coordinator, preparation, question="Eén?")

    response = as_coordinator.post(_url("submit"))

    assert response.status_code == 400
    assert response.context["problems"] == [
        "Formulate at least 2 learning questions (with the bottlenecks you want to discuss); you have 1."
    ]
    assert 'data-testid="submit-problems"' in response.content.decode()
    preparation.refresh_from_db()
    assert preparation.submitted_at is None


def test_submit_with_two_questions(as_coordinator, coordinator, preparation):
    _bottleneck(coordinator, preparation, question="Eén?")
    _bottleneck(coordinator, preparation, question="Twee?")

    response = as_coordinator.post(_url("submit"))

    assert response.headers["Location"] == _page()
    preparation.refresh_from_db()
    assert (preparation.state, preparation.submitted_by) == (PreparationState.SUBMITTED, coordinator)


def test_after_submission_saves_are_refused(as_coordinator, coordinator, preparation):
    entry = _practice(coordinator, preparation)
    _bottleneck(coordinator, preparation, question="Eén?")
    _bottleneck(coordinator, preparation, question="Twee?")
    services.preparation_submit(actor=coordinator, preparation=preparation)
    before = {
        "good_practices": list(GoodPractice.objects.values()),
        "bottlenecks": list(Bottleneck.objects.order_by("pk").values()),
    }

    responses = [
        as_coordinator.post(_url("entry_update", "good-practice", entry.pk), _practice_data(entry, title="Na"), **JSON),
        as_coordinator.post(_url("entry_create", "good-practice"), _practice_data(theme=entry.theme_id), **JSON),
        as_coordinator.post(_url("entry_delete", "good-practice", entry.pk), **JSON),
    ]

    assert [r.status_code for r in responses] == [400, 400, 400]
    assert responses[0].json()["errors"] == {
        "__all__": ["This preparation has been submitted; only the secretary can reopen it."]
    }
    assert {
        "good_practices": list(GoodPractice.objects.values()),
        "bottlenecks": list(Bottleneck.objects.order_by("pk").values()),
    } == before


def test_submit_late_after_the_deadline(as_coordinator, coordinator, secretary, cycle, network, preparation):
    from peerreview.cycles.models import ReviewMeeting
    from peerreview.cycles.services import meeting_save

    meeting = ReviewMeeting(cycle=cycle, name="Gesprek", date=timezone.localdate() + timedelta(days=5), location="U")
    meeting_save(actor=secretary, meeting=meeting, networks=[network])
    _bottleneck(coordinator, preparation, question="Eén?")
    _bottleneck(coordinator, preparation, question="Twee?")

    as_coordinator.post(_url("submit"))
    response = as_coordinator.get(_page())

    assert response.context["preparation"].state == PreparationState.LATE
    assert response.context["deadline"] == meeting.date - timedelta(days=cycle.preparation_deadline_days)


# Query counts


def _fill(preparation, per_theme: int = 3) -> int:
    themes = list(Theme.objects.filter(cycle=preparation.cycle, active=True))
    for theme in themes:
        for number in range(per_theme):
            if number % 2:
                BottleneckFactory(preparation=preparation, theme=theme, position=number)
            else:
                GoodPracticeFactory(preparation=preparation, theme=theme, position=number)
    questions = Bottleneck.objects.filter(preparation=preparation)[:4]
    for priority, bottleneck in enumerate(questions, start=1):
        Bottleneck.objects.filter(pk=bottleneck.pk).update(
            learning_question=f"Vraag {priority}?", want_to_discuss=True, priority=priority
        )
    return len(themes)


@pytest.mark.parametrize("size", ["small", "full"])
def test_page_query_count(as_coordinator, coordinator, preparation, django_assert_num_queries, size):
    if size == "small":
        _practice(coordinator, preparation)
    else:
        assert _fill(preparation) == 10
    as_coordinator.get(_page())  # fills per-process caches (content types, translations)

    with django_assert_num_queries(11):
        response = as_coordinator.get(_page())

    assert response.status_code == 200
    entries = sum(len(s.good_practices) + len(s.bottlenecks) for s in response.context["sections"])
    assert entries == (1 if size == "small" else 30)


def test_word_count_matches_the_server(as_coordinator, coordinator, preparation):
    entry = _practice(coordinator, preparation, description="havo-hbo TOA's, en—verder: 3 woorden!")

    content = as_coordinator.get(_page()).content.decode()

    assert count_words(entry.description) == 6
    assert '<span class="word-count-value">6</span>' in content
    config = json.loads(content.split('id="preparation-config" type="application/json">')[1].split("</script>")[0])
    assert config["maxWords"] == MAX_WORDS
