"""Changes to the registry. Every write is validated with full_clean() before it is saved."""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction

from networks.models import Contact, Institution, Network, PartnerSchool, School

logger = logging.getLogger("peerreview.audit")


def _save(instance, *, actor, action: str):
    instance.full_clean()
    instance.save()
    logger.info("%s %s #%s by %s", action, instance._meta.model_name, instance.pk, actor.pk)
    return instance


def network_save(*, actor, network: Network) -> Network:
    """Create or update a network."""
    return _save(network, actor=actor, action="saved")


def institution_save(*, actor, institution: Institution, networks=None) -> Institution:
    """Create or update an institution and, when given, the networks it partners in."""
    with transaction.atomic():
        _save(institution, actor=actor, action="saved")
        if networks is not None:
            institution.networks.set(networks)
    return institution


def school_save(*, actor, school: School) -> School:
    return _save(school, actor=actor, action="saved")


def _link_account(contact: Contact) -> None:
    """Link the contact to the account with its e-mail address; coordinators get one if missing.

    A coordinator signs in by an e-mailed code, so an account without a usable password is made
    for them; other contacts are linked only when an account already exists.
    """
    User = get_user_model()
    user = User.objects.filter(email__iexact=contact.email).first()
    if user is None and contact.is_coordinator:
        user = User.objects.create_user(email=contact.email, full_name=contact.name)
    contact.user = user


def contact_save(*, actor, contact: Contact) -> Contact:
    """Create or update a contact. Side effect: may create the coordinator's user account."""
    with transaction.atomic():
        contact.full_clean(exclude=["user"])
        _link_account(contact)
        return _save(contact, actor=actor, action="saved")


def contact_delete(*, actor, contact: Contact) -> None:
    logger.info("deleted contact #%s by %s", contact.pk, actor.pk)
    contact.delete()


def partner_school_save(*, actor, partner_school: PartnerSchool, school: School) -> PartnerSchool:
    """Save a partnership, reusing the registry's school with the same BRIN code if there is one.

    The school's own details are written only when the school is new to the registry, so a
    coordinator cannot change a school that other networks also partner with.
    """
    with transaction.atomic():
        school.full_clean(validate_unique=False)
        existing = School.objects.filter(brin_code=school.brin_code).first()
        if existing is None:
            existing = _save(school, actor=actor, action="created")
        partner_school.school = existing
        return _save(partner_school, actor=actor, action="saved")


def partner_school_delete(*, actor, partner_school: PartnerSchool) -> None:
    logger.info("deleted partner school #%s by %s", partner_school.pk, actor.pk)
    partner_school.delete()
