"""Writes to the registry: accounts for coordinators, lower-case addresses, schools reused by BRIN."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from networks import services
from networks.enums import ContactRole
from networks.models import Contact, PartnerSchool, School
from tests.factories import ContactFactory, PartnerSchoolFactory, SchoolFactory, UserFactory

User = get_user_model()


def new_contact(network, *, email, roles):
    return Contact(
        network=network, name="Anouk de Vries", email=email, organisation="Lyceum", roles=roles, working_days=["mon"]
    )


def test_contact_save_coordinator_creates_account_without_password(secretary, network):
    contact = services.contact_save(
        actor=secretary, contact=new_contact(network, email="Anouk@Utrecht.Example", roles=[ContactRole.COORDINATOR])
    )

    user = User.objects.get(email="anouk@utrecht.example")
    assert contact.user == user
    assert (user.full_name, user.has_usable_password(), user.is_staff, user.is_active) == (
        "Anouk de Vries",
        False,
        False,
        True,
    )


def test_contact_save_coordinator_links_existing_account_in_any_case(secretary, network):
    existing = UserFactory(email="anouk@utrecht.example")
    users_before = User.objects.count()

    contact = services.contact_save(
        actor=secretary, contact=new_contact(network, email="ANOUK@utrecht.example", roles=[ContactRole.COORDINATOR])
    )

    assert (contact.user, User.objects.count()) == (existing, users_before)


def test_contact_save_non_coordinator_links_existing_account(secretary, network):
    existing = UserFactory(email="anouk@utrecht.example")

    contact = services.contact_save(
        actor=secretary, contact=new_contact(network, email="Anouk@Utrecht.example", roles=[ContactRole.VO_TEACHER])
    )

    assert Contact.objects.get(pk=contact.pk).user == existing


def test_contact_save_non_coordinator_creates_no_account(secretary, network):
    users_before = User.objects.count()

    contact = services.contact_save(
        actor=secretary, contact=new_contact(network, email="anouk@utrecht.example", roles=[ContactRole.VO_TEACHER])
    )

    assert (Contact.objects.get(pk=contact.pk).user, User.objects.count()) == (None, users_before)


def test_contact_save_made_coordinator_later_gets_account(secretary, network):
    contact = services.contact_save(
        actor=secretary, contact=new_contact(network, email="anouk@utrecht.example", roles=[ContactRole.VO_TEACHER])
    )
    contact.roles = [ContactRole.VO_TEACHER, ContactRole.COORDINATOR]

    services.contact_save(actor=secretary, contact=contact)

    assert Contact.objects.get(pk=contact.pk).user == User.objects.get(email="anouk@utrecht.example")


def test_contact_save_stores_email_lower_case(secretary, network):
    contact = services.contact_save(
        actor=secretary, contact=new_contact(network, email="Anouk.De.Vries@Lyceum.EXAMPLE", roles=["vo_teacher"])
    )

    assert Contact.objects.values_list("email", flat=True).get(pk=contact.pk) == "anouk.de.vries@lyceum.example"


def test_contact_save_duplicate_email_other_case_is_refused(secretary, network):
    ContactFactory(network=network, email="anouk@utrecht.example")

    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.contact_save(
            actor=secretary, contact=new_contact(network, email="ANOUK@utrecht.example", roles=["vo_teacher"])
        )

    assert error.value.messages == ["This network already has a contact with this e-mail address."]
    assert Contact.objects.filter(network=network).count() == 1


@pytest.mark.parametrize("email", ["anouk@utrecht.example", "Anouk@Utrecht.Example"])
def test_contact_constraint_rejects_duplicate_email_per_network(network, email):
    ContactFactory(network=network, email="anouk@utrecht.example")

    with pytest.raises(IntegrityError), transaction.atomic():
        # Straight to the database, past the form and full_clean(): the constraint itself holds.
        Contact.objects.create(network=network, name="Tweede", email=email, roles=["vo_teacher"])

    assert Contact.objects.filter(network=network).count() == 1


def test_contact_constraint_allows_same_email_in_other_network(network, other_network):
    ContactFactory(network=network, email="anouk@utrecht.example")

    Contact.objects.create(network=other_network, name="Tweede", email="ANOUK@utrecht.example", roles=["vo_teacher"])

    assert Contact.objects.filter(email__iexact="anouk@utrecht.example").count() == 2


def test_partner_school_save_new_brin_creates_school(secretary, network):
    partner_school = services.partner_school_save(
        actor=secretary,
        partner_school=PartnerSchool(network=network, tier="Open", yearly_contribution=Decimal("0")),
        school=School(name="Nieuw Lyceum", brin_code="56EF", town="Utrecht", offers_havo=True, offers_vwo=False),
    )

    school = School.objects.get(brin_code="56EF")
    assert partner_school.school == school
    assert (school.name, school.town, school.offers_havo, school.offers_vwo) == ("Nieuw Lyceum", "Utrecht", True, False)


def test_partner_school_save_known_brin_reuses_school_unchanged(secretary, network, other_network):
    school = SchoolFactory(name="Bestaand College", brin_code="56EF", town="Zeist", offers_havo=True, offers_vwo=True)
    PartnerSchoolFactory(network=other_network, school=school)
    before = School.objects.values().get(pk=school.pk)

    partner_school = services.partner_school_save(
        actor=secretary,
        partner_school=PartnerSchool(network=network),
        school=School(name="Andere Naam", brin_code="56EF", town="Elders", offers_havo=False, offers_vwo=True),
    )

    assert partner_school.school_id == school.pk
    assert (School.objects.count(), School.objects.values().get(pk=school.pk)) == (1, before)


def test_partner_school_save_lower_case_brin_reuses_school(secretary, network):
    school = SchoolFactory(brin_code="56EF")

    partner_school = services.partner_school_save(
        actor=secretary,
        partner_school=PartnerSchool(network=network),
        school=School(name="Bestaand College", brin_code="56ef", offers_vwo=True),
    )

    assert partner_school.school_id == school.pk


def test_partner_school_save_same_school_twice_is_refused(secretary, network):
    school = SchoolFactory(brin_code="56EF")
    PartnerSchoolFactory(network=network, school=school)

    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.partner_school_save(
            actor=secretary,
            partner_school=PartnerSchool(network=network),
            school=School(name="x", brin_code="56EF", offers_vwo=True),
        )

    assert error.value.messages == ["This school is already a partner school of this network."]
    assert PartnerSchool.objects.filter(network=network).count() == 1


def test_partner_school_delete_keeps_school(secretary, network):
    partner_school = PartnerSchoolFactory(network=network)

    services.partner_school_delete(actor=secretary, partner_school=partner_school)

    assert (PartnerSchool.objects.count(), School.objects.filter(pk=partner_school.school_id).count()) == (0, 1)


def test_contact_delete_keeps_user_account(secretary, network, coordinator):
    contact = Contact.objects.get(user=coordinator)

    services.contact_delete(actor=secretary, contact=contact)

    assert (Contact.objects.filter(pk=contact.pk).count(), User.objects.filter(pk=coordinator.pk).count()) == (0, 1)
