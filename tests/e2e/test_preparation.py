"""Coordinators write their preparation in the browser: entries save themselves, two coordinators
edit at the same time without losing each other's text, and a session that ends mid-edit loses
nothing."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from peerreview.cycles.models import Cycle
from peerreview.cycles.services import cycle_create
from surveys import services
from surveys.enums import PreparationState
from surveys.models import Bottleneck, GoodPractice, Preparation
from tests.e2e.conftest import TIMEOUT_MS, sign_in
from tests.factories import CoordinatorContactFactory, NetworkFactory, SecretaryFactory

PASSWORD = "a-good-test-password"  # the factories' password
PAGE = "/preparations/2018/utrecht/"


@pytest.fixture
def world(live_server):
    secretary = SecretaryFactory(email="sanne@vo-ho.example")
    utrecht = NetworkFactory(name="Utrecht", slug="utrecht")
    cycle = cycle_create(actor=secretary, cycle=Cycle(year=2018), networks=[utrecht])
    services.themes_install(cycle=cycle)
    anna = CoordinatorContactFactory(network=utrecht, name="Anna", email="anna@utrecht.example").user
    bram = CoordinatorContactFactory(network=utrecht, name="Bram", email="bram@utrecht.example").user
    return cycle, utrecht, anna, bram


def _theme(page, key):
    return page.get_by_test_id(f"theme-{key}")


def _saved(entry):
    expect(entry.get_by_test_id("entry-status")).to_have_attribute("data-tone", "success")


def _add_practice(page, theme_key, title, description, lessons=""):
    section = _theme(page, theme_key)
    section.get_by_test_id("add-good-practice").click()
    entry = section.locator('form.entry[data-kind="good-practice"]').last
    entry.locator('[name="title"]').fill(title)
    entry.locator('[name="description"]').fill(description)
    if lessons:
        entry.locator('[name="lessons"]').fill(lessons)
    entry.locator('[name="success_factors"]').focus()  # leaving the field saves
    _saved(entry)
    return entry


def _add_bottleneck(page, theme_key, description, question=""):
    section = _theme(page, theme_key)
    section.get_by_test_id("add-bottleneck").click()
    entry = section.locator('form.entry[data-kind="bottleneck"]').last
    entry.locator('[name="description"]').fill(description)
    if question:
        entry.locator('[name="want_to_discuss"]').check()
        entry.locator('[name="learning_question"]').fill(question)
    entry.locator(f'[name="{"description" if question else "learning_question"}"]').focus()  # leaving a field saves
    _saved(entry)
    return entry


def _entry(page, obj):
    kind = "good-practice" if isinstance(obj, GoodPractice) else "bottleneck"
    return page.locator(f"form#{kind}-{obj.pk}")


def test_two_coordinators_write_at_once_and_nothing_is_lost(browser, live_server, page, world):
    cycle, utrecht, anna, bram = world
    sign_in(page.context, live_server, anna)
    page.goto(PAGE)
    expect(page.get_by_test_id("preparation-state")).to_have_attribute("data-state", "draft")

    # Anna writes a good practice and three bottlenecks with learning questions.
    practice_form = _add_practice(page, "activities", "Lab-dagen", "Leerlingen doen onderzoek in het lab.")
    counter = practice_form.get_by_test_id("word-count")
    expect(counter).to_contain_text("6 / 200")
    practice_form.locator('[name="success_factors"]').fill(" ".join(["woord"] * 200))
    expect(counter).to_contain_text("206 / 200")
    expect(counter).to_have_class(re.compile(r"\btext-danger\b"))
    practice_form.locator('[name="title"]').focus()
    expect(practice_form.get_by_test_id("entry-status")).to_have_attribute("data-tone", "danger")
    practice_form.locator('[name="success_factors"]').fill("Vaste contactpersonen.")
    practice_form.locator('[name="title"]').focus()
    _saved(practice_form)
    expect(counter).not_to_have_class(re.compile(r"\btext-danger\b"))

    _add_bottleneck(page, "schools", "Scholen haken af als de subsidie stopt.", "Hoe houden we scholen vast?")
    _add_bottleneck(page, "finances", "Te weinig geld voor TOA's.", "Hoe betalen we TOA-uren?")
    _add_bottleneck(page, "communication", "De website is verouderd.")
    questions = page.get_by_test_id("learning-questions")
    expect(questions.locator(".question-text")).to_have_text(
        ["Hoe houden we scholen vast?", "Hoe betalen we TOA-uren?"]
    )

    # The second question is the most important: one place up.
    questions.locator("li").nth(1).locator('button[data-direction="up"]').click()
    expect(questions.locator(".question-text")).to_have_text(
        ["Hoe betalen we TOA-uren?", "Hoe houden we scholen vast?"]
    )
    preparation = Preparation.objects.get(cycle=cycle, network=utrecht)
    assert list(
        Bottleneck.objects.filter(preparation=preparation)
        .exclude(priority=None)
        .order_by("priority")
        .values_list("learning_question", flat=True)
    ) == ["Hoe betalen we TOA-uren?", "Hoe houden we scholen vast?"]

    practice = GoodPractice.objects.get(preparation=preparation)
    website = Bottleneck.objects.get(preparation=preparation, learning_question="")

    # Bram opens the same page in his own browser.
    other = browser.new_context(base_url=live_server.url, locale="nl-NL")
    other.set_default_timeout(TIMEOUT_MS)
    try:
        sign_in(other, live_server, bram)
        bram_page = other.new_page()
        bram_page.goto(PAGE)

        # At the same time: Bram edits the website bottleneck, Anna the lessons of the good practice.
        bram_website = _entry(bram_page, website)
        bram_website.locator('[name="description"]').fill("De website is verouderd; niemand beheert hem.")
        anna_practice = _entry(page, practice)
        anna_practice.locator('[name="lessons"]').fill("Begin met één school.")
        bram_website.locator('[name="description"]').blur()
        anna_practice.locator('[name="lessons"]').blur()
        _saved(bram_website)
        _saved(anna_practice)

        # Bram, still on the version he loaded, changes the description of the same good practice.
        bram_practice = _entry(bram_page, practice)
        bram_practice.locator('[name="description"]').fill("Leerlingen doen twee dagen onderzoek in het lab.")
        bram_practice.locator('[name="description"]').blur()
        panel = bram_practice.get_by_test_id("stale-panel")
        expect(panel).to_be_visible()
        lessons_row = panel.locator('tr[data-field="lessons"]')
        expect(lessons_row.locator(".stale-theirs")).to_have_text("Begin met één school.")
        expect(panel.locator('tr[data-field="description"] .stale-mine')).to_have_text(
            "Leerlingen doen twee dagen onderzoek in het lab."
        )
        # Nothing of Anna's was overwritten.
        assert GoodPractice.objects.get(pk=practice.pk).lessons == "Begin met één school."
        assert GoodPractice.objects.get(pk=practice.pk).description == "Leerlingen doen onderzoek in het lab."

        # Bram merges: his description, her lessons.
        panel.get_by_test_id("edit-merge").click()
        bram_practice.locator('[name="lessons"]').fill("Begin met één school.")
        bram_practice.locator('[name="lessons"]').blur()
        _saved(bram_practice)
        expect(panel).to_be_hidden()
    finally:
        other.close()

    merged = GoodPractice.objects.get(pk=practice.pk)
    assert (merged.title, merged.description, merged.lessons, merged.success_factors) == (
        "Lab-dagen",
        "Leerlingen doen twee dagen onderzoek in het lab.",
        "Begin met één school.",
        "Vaste contactpersonen.",
    )
    assert Bottleneck.objects.get(pk=website.pk).description == "De website is verouderd; niemand beheert hem."

    # Anna submits.
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("read-only")).to_be_visible()
    preparation.refresh_from_db()
    assert (preparation.state, preparation.submitted_by) == (PreparationState.SUBMITTED, anna)
    assert sorted(
        Bottleneck.objects.filter(preparation=preparation).values_list("description", "learning_question")
    ) == [
        ("De website is verouderd; niemand beheert hem.", ""),
        ("Scholen haken af als de subsidie stopt.", "Hoe houden we scholen vast?"),
        ("Te weinig geld voor TOA's.", "Hoe betalen we TOA-uren?"),
    ]


def test_submit_refused_shows_what_is_missing(live_server, page, world):
    _cycle, _utrecht, anna, _bram = world
    sign_in(page.context, live_server, anna)
    page.goto(PAGE)
    _add_bottleneck(page, "schools", "Scholen haken af.", "Hoe houden we scholen vast?")

    page.get_by_test_id("submit").click()

    problems = page.get_by_test_id("submit-problems")
    expect(problems).to_be_visible()
    expect(problems.locator("li")).to_have_count(1)
    assert Preparation.objects.get().submitted_at is None


def test_session_expiring_mid_edit_keeps_the_text(live_server, page, world):
    cycle, utrecht, anna, _bram = world
    preparation = services.preparation_for(cycle=cycle, network=utrecht)
    practice = services.entry_save(
        actor=anna,
        entry=GoodPractice(
            preparation=preparation,
            theme=cycle.themes.get(key="activities"),
            title="Lab-dagen",
            description="Leerlingen doen onderzoek.",
        ),
    )
    sign_in(page.context, live_server, anna)
    page.goto(PAGE)

    # The session ends (expired, or signed out elsewhere) while Anna is typing.
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    entry = _entry(page, practice)
    entry.locator('[name="description"]').fill("Leerlingen doen een week onderzoek <b>in het lab</b>.")
    entry.locator('[name="description"]').blur()
    alert = page.get_by_test_id("session-alert")
    expect(alert).to_be_visible()
    expect(entry.get_by_test_id("entry-status")).to_have_attribute("data-tone", "danger")
    # A new good practice typed meanwhile is kept too.
    section = _theme(page, "schools")
    section.get_by_test_id("add-good-practice").click()
    new = section.locator('form.entry[data-kind="good-practice"]').last
    new.locator('[name="title"]').fill("Schoolbezoeken")
    new.locator('[name="description"]').fill("Docenten van de universiteit bezoeken de scholen.")
    new.locator('[name="description"]').blur()
    assert GoodPractice.objects.get(pk=practice.pk).description == "Leerlingen doen onderzoek."
    assert GoodPractice.objects.count() == 1

    # Signing in again leads back to the page, which puts the text back and saves it.
    link = alert.get_by_test_id("sign-in-again")
    expect(link).to_have_attribute("href", f"/accounts/login/?next={PAGE}")
    link.click()
    page.locator('input[name="login"]').fill(anna.email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('input[name="password"]').press("Enter")
    expect(page).to_have_url(f"{live_server.url}{PAGE}")

    restored = _entry(page, practice)
    expect(restored.locator('[name="description"]')).to_have_value(
        "Leerlingen doen een week onderzoek <b>in het lab</b>."
    )
    _saved(restored)
    new_restored = _theme(page, "schools").locator('form.entry[data-kind="good-practice"]').last
    expect(new_restored.locator('[name="title"]')).to_have_value("Schoolbezoeken")
    _saved(new_restored)
    assert (
        GoodPractice.objects.get(pk=practice.pk).description == "Leerlingen doen een week onderzoek <b>in het lab</b>."
    )
    created = GoodPractice.objects.exclude(pk=practice.pk).get()
    assert (created.theme.key, created.title, created.description) == (
        "schools",
        "Schoolbezoeken",
        "Docenten van de universiteit bezoeken de scholen.",
    )

    # Once saved, nothing is kept in the browser: a reload restores nothing more.
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('preparation:')).length") == 0
    page.reload()
    expect(_entry(page, practice).get_by_test_id("entry-status")).to_have_text("")
    assert GoodPractice.objects.count() == 2
