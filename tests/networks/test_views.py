"""The registry pages: what the secretary and a coordinator create, edit and delete, and bad input.

Requests ask for English (Accept-Language); Dutch is the default and would translate Django's own
messages. The form errors are read both from the form and from the rendered page.
"""

from datetime import date
from decimal import Decimal
from html import escape

import pytest
from django.urls import reverse
from django.utils import translation

from networks import services
from networks.enums import ContactRole, InstitutionKind
from networks.models import Contact, Institution, Network, PartnerSchool, School
from tests.factories import (
    ContactFactory,
    CoordinatorContactFactory,
    InstitutionFactory,
    NetworkFactory,
    PartnerSchoolFactory,
    SchoolFactory,
)

BRIN_ERROR = "A BRIN code is two digits and two letters, such as 12AB (optionally followed by two digits)."
DUPLICATE_EMAIL_ERROR = "This network already has a contact with this e-mail address."
DUPLICATE_SCHOOL_ERROR = "This school is already a partner school of this network."


def form_errors(response) -> dict[str, list[str]]:
    """The form's errors as plain English strings; the page must show each one too."""
    assert response.status_code == 200
    with translation.override("en"):
        errors = {field: list(messages) for field, messages in response.context["form"].errors.items()}
    page = response.content.decode()
    for messages in errors.values():
        for message in messages:
            assert escape(message) in page
    return errors


def registry_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Network, Institution, School, PartnerSchool, Contact)}


def contact_data(**overrides):
    return {
        "name": "Piet Pieterse",
        "email": "Piet.Pieterse@Lyceum.Example",
        "organisation": "Stedelijk Lyceum",
        "roles": [ContactRole.SCHOOL_LEADER, ContactRole.VO_TEACHER],
        "working_days": ["wed", "mon"],
        **overrides,
    }


def partner_school_data(**overrides):
    return {
        "school_name": "Stedelijk Gymnasium",
        "brin_code": "12ab",
        "town": "Utrecht",
        "offers_vwo": "on",
        "tier": "Connectie",
        "yearly_contribution": "2500.50",
        "agreement_since": "2024-09-01",
        **overrides,
    }


def contacts_url(network):
    return reverse("networks:contacts", kwargs={"slug": network.slug})


def partner_schools_url(network):
    return reverse("networks:partner_schools", kwargs={"slug": network.slug})


# --- The secretary's registry --------------------------------------------------------------------


def test_network_create_by_secretary_saves_and_redirects_to_detail(as_secretary):
    response = as_secretary.post(
        reverse("networks:create"),
        {
            "name": "Netwerk Gelderland",
            "slug": "gelderland",
            "region": "Gelderland",
            "founded_year": "2012",
            "website": "gelderland.example",
            "latitude": "52.0",
            "longitude": "5.9",
            "active": "on",
        },
    )

    assert response.headers["Location"] == "/networks/gelderland/"
    network = Network.objects.get(slug="gelderland")
    assert (
        network.name,
        network.region,
        network.founded_year,
        network.website,
        network.latitude,
        network.longitude,
        network.active,
    ) == ("Netwerk Gelderland", "Gelderland", 2012, "https://gelderland.example", Decimal("52"), Decimal("5.9"), True)


@pytest.mark.parametrize("slug", ["new", "institutions", "schools"])
def test_network_create_reserved_slug_is_refused(as_secretary, slug):
    before = registry_counts()

    response = as_secretary.post(reverse("networks:create"), {"name": "Netwerk X", "slug": slug})

    assert form_errors(response) == {"slug": ["This short name is reserved; choose another."]}
    assert registry_counts() == before


def test_institution_create_by_secretary_links_networks(as_secretary, network, other_network):
    response = as_secretary.post(
        reverse("networks:institution_create"),
        {
            "name": "Hogeschool Utrecht",
            "kind": InstitutionKind.APPLIED_SCIENCES,
            "town": "Utrecht",
            "networks": [network.pk, other_network.pk],
        },
    )

    assert response.headers["Location"] == reverse("networks:institutions")
    institution = Institution.objects.get(name="Hogeschool Utrecht")
    assert (institution.kind, institution.town) == (InstitutionKind.APPLIED_SCIENCES, "Utrecht")
    assert sorted(institution.networks.values_list("slug", flat=True)) == ["limburg", "utrecht"]


def test_school_create_by_secretary_upper_cases_brin(as_secretary):
    response = as_secretary.post(
        reverse("networks:school_create"),
        {"name": "Het Lyceum", "brin_code": " 34cd ", "town": "Zeist", "offers_havo": "on"},
    )

    assert response.headers["Location"] == reverse("networks:schools")
    school = School.objects.get()
    assert (school.name, school.brin_code, school.town, school.offers_havo, school.offers_vwo) == (
        "Het Lyceum",
        "34CD",
        "Zeist",
        True,
        False,
    )


@pytest.mark.parametrize("brin", ["ABCD", "1234", "1AB", "12ABC"])
def test_school_create_invalid_brin_is_refused(as_secretary, brin):
    before = registry_counts()

    response = as_secretary.post(
        reverse("networks:school_create"), {"name": "Het Lyceum", "brin_code": brin, "offers_vwo": "on"}
    )

    assert form_errors(response) == {"brin_code": [BRIN_ERROR]}
    assert registry_counts() == before


def test_school_create_without_level_is_refused(as_secretary):
    before = registry_counts()

    response = as_secretary.post(reverse("networks:school_create"), {"name": "Het Lyceum", "brin_code": "34CD"})

    assert form_errors(response) == {"__all__": ["A school in the registry offers havo, vwo or both."]}
    assert registry_counts() == before


# --- A coordinator's own network ---------------------------------------------------------------------


def test_contact_create_by_coordinator_saves_normalised_values(as_coordinator, network):
    response = as_coordinator.post(reverse("networks:contact_create", kwargs={"slug": network.slug}), contact_data())

    assert response.headers["Location"] == contacts_url(network)
    contact = Contact.objects.get(network=network, name="Piet Pieterse")
    assert (contact.email, contact.organisation, contact.roles, contact.working_days, contact.user) == (
        "piet.pieterse@lyceum.example",
        "Stedelijk Lyceum",
        ["vo_teacher", "school_leader"],
        ["mon", "wed"],
        None,
    )


def test_contact_update_by_coordinator_changes_values(as_coordinator, network):
    contact = ContactFactory(network=network, email="piet@lyceum.example")
    url = reverse("networks:contact_update", kwargs={"slug": network.slug, "pk": contact.pk})

    response = as_coordinator.post(
        url, contact_data(email="piet@lyceum.example", name="Piet de Vries", working_days=["fri"])
    )

    assert response.headers["Location"] == contacts_url(network)
    contact.refresh_from_db()
    assert (contact.name, contact.email, contact.working_days) == ("Piet de Vries", "piet@lyceum.example", ["fri"])


def test_contact_update_keeping_own_email_in_other_case_is_allowed(as_coordinator, network):
    contact = ContactFactory(network=network, email="piet@lyceum.example")
    url = reverse("networks:contact_update", kwargs={"slug": network.slug, "pk": contact.pk})

    response = as_coordinator.post(url, contact_data(email="PIET@lyceum.example"))

    assert response.headers["Location"] == contacts_url(network)
    contact.refresh_from_db()
    assert contact.email == "piet@lyceum.example"


def test_contact_delete_by_coordinator_removes_only_that_contact(as_coordinator, network, coordinator):
    contact = ContactFactory(network=network)
    url = reverse("networks:contact_delete", kwargs={"slug": network.slug, "pk": contact.pk})

    response = as_coordinator.post(url)

    assert response.headers["Location"] == contacts_url(network)
    assert list(Contact.objects.filter(network=network).values_list("user", flat=True)) == [coordinator.pk]


def test_partner_school_create_by_coordinator_adds_school(as_coordinator, network):
    url = reverse("networks:partner_school_create", kwargs={"slug": network.slug})

    response = as_coordinator.post(url, partner_school_data())

    assert response.headers["Location"] == partner_schools_url(network)
    partner_school = PartnerSchool.objects.select_related("school").get(network=network)
    school = partner_school.school
    assert (school.name, school.brin_code, school.town, school.offers_havo, school.offers_vwo) == (
        "Stedelijk Gymnasium",
        "12AB",
        "Utrecht",
        False,
        True,
    )
    assert (partner_school.tier, partner_school.yearly_contribution, partner_school.agreement_since) == (
        "Connectie",
        Decimal("2500.50"),
        date(2024, 9, 1),
    )


def test_partner_school_create_known_brin_links_existing_school(as_coordinator, network, other_network):
    school = SchoolFactory(name="Bestaand College", brin_code="12AB", town="Zeist")
    PartnerSchoolFactory(network=other_network, school=school)

    response = as_coordinator.post(
        reverse("networks:partner_school_create", kwargs={"slug": network.slug}),
        partner_school_data(school_name="Other name", town="Elsewhere"),
    )

    assert response.headers["Location"] == partner_schools_url(network)
    assert PartnerSchool.objects.get(network=network).school_id == school.pk
    assert list(School.objects.values_list("name", "brin_code", "town")) == [("Bestaand College", "12AB", "Zeist")]


def test_partner_school_update_by_coordinator_changes_partnership(as_coordinator, network):
    partner_school = PartnerSchoolFactory(network=network, tier="Open", yearly_contribution=Decimal("100"))
    url = reverse("networks:partner_school_update", kwargs={"slug": network.slug, "pk": partner_school.pk})

    response = as_coordinator.post(url, {"tier": "Ambitie", "yearly_contribution": "1000000"})

    assert response.headers["Location"] == partner_schools_url(network)
    partner_school.refresh_from_db()
    assert (partner_school.tier, partner_school.yearly_contribution) == ("Ambitie", Decimal("1000000.00"))


def test_partner_school_delete_by_coordinator_keeps_registry_school(as_coordinator, network):
    partner_school = PartnerSchoolFactory(network=network)
    url = reverse("networks:partner_school_delete", kwargs={"slug": network.slug, "pk": partner_school.pk})

    response = as_coordinator.post(url)

    assert response.headers["Location"] == partner_schools_url(network)
    assert PartnerSchool.objects.filter(network=network).count() == 0
    assert School.objects.filter(pk=partner_school.school_id).count() == 1


# --- Bad input: a clear error, nothing saved ---------------------------------------------------------


@pytest.mark.parametrize("brin", ["ABCD", "1234"])
def test_partner_school_create_invalid_brin_is_refused(as_coordinator, network, brin):
    before = registry_counts()

    response = as_coordinator.post(
        reverse("networks:partner_school_create", kwargs={"slug": network.slug}), partner_school_data(brin_code=brin)
    )

    assert form_errors(response) == {"brin_code": [BRIN_ERROR]}
    assert registry_counts() == before


@pytest.mark.parametrize(
    ("contribution", "error"),
    [
        ("-1", "Ensure this value is greater than or equal to 0."),
        ("1000001", "Ensure this value is less than or equal to 1000000."),
    ],
)
def test_partner_school_create_contribution_out_of_range_is_refused(as_coordinator, network, contribution, error):
    before = registry_counts()

    response = as_coordinator.post(
        reverse("networks:partner_school_create", kwargs={"slug": network.slug}),
        partner_school_data(yearly_contribution=contribution),
    )

    assert form_errors(response) == {"yearly_contribution": [error]}
    assert registry_counts() == before


@pytest.mark.parametrize("contribution", ["0", "1000000"])
def test_partner_school_create_contribution_at_bounds_is_saved(as_coordinator, network, contribution):
    response = as_coordinator.post(
        reverse("networks:partner_school_create", kwargs={"slug": network.slug}),
        partner_school_data(yearly_contribution=contribution),
    )

    assert response.headers["Location"] == partner_schools_url(network)
    assert PartnerSchool.objects.get(network=network).yearly_contribution == Decimal(contribution)


@pytest.mark.parametrize("brin", ["12AB", "12ab"])
def test_partner_school_create_same_school_twice_is_refused(as_coordinator, network, brin):
    PartnerSchoolFactory(network=network, school=SchoolFactory(brin_code="12AB"))
    before = registry_counts()

    response = as_coordinator.post(
        reverse("networks:partner_school_create", kwargs={"slug": network.slug}), partner_school_data(brin_code=brin)
    )

    assert form_errors(response) == {"brin_code": [DUPLICATE_SCHOOL_ERROR]}
    assert registry_counts() == before


def test_contact_create_invalid_email_is_refused(as_coordinator, network):
    before = registry_counts()

    response = as_coordinator.post(
        reverse("networks:contact_create", kwargs={"slug": network.slug}), contact_data(email="piet@@lyceum")
    )

    assert form_errors(response) == {"email": ["Enter a valid email address."]}
    assert registry_counts() == before


def test_contact_create_weekend_working_day_is_refused(as_coordinator, network):
    before = registry_counts()

    response = as_coordinator.post(
        reverse("networks:contact_create", kwargs={"slug": network.slug}), contact_data(working_days=["mon", "sat"])
    )

    assert form_errors(response) == {
        "working_days": ["Select a valid choice. sat is not one of the available choices."]
    }
    assert registry_counts() == before


@pytest.mark.parametrize("email", ["piet@lyceum.example", "PIET@Lyceum.EXAMPLE"])
def test_contact_create_duplicate_email_in_network_is_refused(as_coordinator, network, email):
    ContactFactory(network=network, email="piet@lyceum.example")
    before = registry_counts()

    response = as_coordinator.post(
        reverse("networks:contact_create", kwargs={"slug": network.slug}), contact_data(email=email)
    )

    assert form_errors(response) == {"email": [DUPLICATE_EMAIL_ERROR]}
    assert registry_counts() == before


def test_contact_update_to_other_contacts_email_is_refused(as_coordinator, network):
    ContactFactory(network=network, email="piet@lyceum.example")
    contact = ContactFactory(network=network, email="kees@lyceum.example")
    url = reverse("networks:contact_update", kwargs={"slug": network.slug, "pk": contact.pk})

    response = as_coordinator.post(url, contact_data(email="Piet@Lyceum.example"))

    assert form_errors(response) == {"email": [DUPLICATE_EMAIL_ERROR]}
    contact.refresh_from_db()
    assert contact.email == "kees@lyceum.example"


def test_contact_create_same_email_in_other_network_is_allowed(as_secretary, network, other_network):
    ContactFactory(network=other_network, email="piet@lyceum.example")

    response = as_secretary.post(
        reverse("networks:contact_create", kwargs={"slug": network.slug}), contact_data(email="piet@lyceum.example")
    )

    assert response.headers["Location"] == contacts_url(network)
    assert sorted(Contact.objects.filter(email="piet@lyceum.example").values_list("network__slug", flat=True)) == [
        "limburg",
        "utrecht",
    ]


def test_error_messages_are_dutch_by_default(client, coordinator, network):
    client.force_login(coordinator)

    response = client.post(
        reverse("networks:contact_create", kwargs={"slug": network.slug}), contact_data(email="piet@@lyceum")
    )

    assert response.headers["Content-Language"] == "nl"
    assert "Voer een geldig e-mailadres in." in response.content.decode()


# --- Lists and the home page -------------------------------------------------------------------------


def test_network_list_for_coordinator_shows_only_own_networks(as_coordinator, network, other_network, coordinator):
    third = NetworkFactory(name="Netwerk Zeeland", slug="zeeland")
    CoordinatorContactFactory(network=third, email=coordinator.email, user=coordinator)
    NetworkFactory(name="Netwerk Brabant", slug="brabant")

    response = as_coordinator.get(reverse("networks:list"))

    assert [n.slug for n in response.context["networks"]] == ["utrecht", "zeeland"]
    page = response.content.decode()
    assert ("Netwerk Limburg" in page, "Netwerk Brabant" in page) == (False, False)


def test_network_list_for_secretary_shows_all_with_counts(as_secretary, network, other_network):
    ContactFactory.create_batch(2, network=network)
    PartnerSchoolFactory(network=network)
    InstitutionFactory().networks.add(network, other_network)

    response = as_secretary.get(reverse("networks:list"))

    rows = [
        (n.slug, n.contact_count, n.partner_school_count, n.institution_count) for n in response.context["networks"]
    ]
    assert rows == [("limburg", 0, 0, 1), ("utrecht", 2, 1, 1)]


def test_home_for_secretary_shows_registry_count_and_todos(as_secretary, network, other_network, coordinator):
    response = as_secretary.get(reverse("home"))

    page = response.content.decode()
    assert '<a href="/networks/">2 networks</a>' in page
    assert [(t["network"].slug, t["text"]) for t in response.context["todos"]] == [
        ("limburg", "Name a network coordinator."),
        ("limburg", "Add at least one VO teacher or school leader."),
        ("limburg", "Register the network's partner schools."),
        ("utrecht", "Add at least one VO teacher or school leader."),
        ("utrecht", "Register the network's partner schools."),
    ]
    assert "Secretary: you run the cycle and keep the registry." in page


def test_home_for_coordinator_shows_own_network_and_todos(as_coordinator, network, other_network):
    ContactFactory(network=network, working_days=[])

    response = as_coordinator.get(reverse("home"))

    page = response.content.decode()
    assert [n.slug for n in response.context["networks"]] == ["utrecht"]
    assert "Coordinator of Netwerk Utrecht" in page
    assert [t["text"] for t in response.context["todos"]] == [
        "Fill in the working days of 1 contact.",
        "Register the network's partner schools.",
    ]
    assert escape("Register the network's partner schools.") in page
    assert ("Netwerk Limburg" in page, "Registry" in page) == (False, False)


def test_home_for_coordinator_without_vo_contact_asks_for_one(as_coordinator, network):
    PartnerSchoolFactory(network=network)

    response = as_coordinator.get(reverse("home"))

    assert [t["text"] for t in response.context["todos"]] == ["Add at least one VO teacher or school leader."]
    assert "Add at least one VO teacher or school leader." in response.content.decode()


def test_home_for_chair_shows_role_and_no_networks(en_client, chair, network):
    en_client.force_login(chair)

    response = en_client.get(reverse("home"))

    page = response.content.decode()
    assert (response.context["networks"], response.context["todos"]) == ([], [])
    assert "Chair: you review the agendas of your meetings." in page
    assert "Nothing to do right now." in page


STALE_ERROR = (
    "Someone else saved this while you were editing. The saved values that differ from yours are listed below; "
    "check them and save again to keep your version."
)


def test_contact_update_stale_save_refused_then_kept_on_resubmit(as_coordinator, network, secretary):
    contact = ContactFactory(network=network, name="Anna Jansen", email="anna@school.example", working_days=["mon"])
    url = reverse("networks:contact_update", kwargs={"slug": network.slug, "pk": contact.pk})
    opened_version = as_coordinator.get(url).context["form"]["version"].value()
    # The secretary saves the same contact while the coordinator is still typing.
    contact.name = "Anna de Vries"
    services.contact_save(actor=secretary, contact=contact)
    mine = {
        "name": "Anna Jansen-Bakker",
        "email": "anna@school.example",
        "organisation": "Lyceum",
        "roles": ["vo_teacher"],
        "working_days": ["mon", "tue"],
        "version": opened_version,
    }

    refused = as_coordinator.post(url, mine)

    assert form_errors(refused) == {"__all__": [STALE_ERROR]}
    assert refused.context["form"].stale_changes == [("Name", "Anna de Vries"), ("Working days", "Monday")]
    contact.refresh_from_db()
    assert (contact.name, contact.working_days) == ("Anna de Vries", ["mon"])

    rearmed_version = refused.context["form"]["version"].value()
    kept = as_coordinator.post(url, {**mine, "version": rearmed_version})

    assert kept.status_code == 302
    contact.refresh_from_db()
    assert (contact.name, contact.working_days) == ("Anna Jansen-Bakker", ["mon", "tue"])


def test_contact_update_current_version_saves(as_coordinator, network):
    contact = ContactFactory(network=network, name="Anna Jansen", email="anna@school.example")
    url = reverse("networks:contact_update", kwargs={"slug": network.slug, "pk": contact.pk})
    version = as_coordinator.get(url).context["form"]["version"].value()

    response = as_coordinator.post(
        url,
        {"name": "Anna Bakker", "email": "anna@school.example", "roles": ["vo_teacher"], "version": version},
    )

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.name == "Anna Bakker"
