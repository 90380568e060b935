"""The demo command: the eleven networks of the seeds with their people, and safe to run again."""

import hashlib
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from networks.enums import HIGHER_EDUCATION_KINDS, ContactRole
from networks.models import Contact, Institution, Network, PartnerSchool, School

User = get_user_model()

NETWORK_NAMES = [
    "Amsterdam",
    "Brabant",
    "Leiden",
    "Limburg",
    "Nijmegen",
    "Noord",
    "Oost",
    "Utrecht",
    "Wageningen",
    "Zeeland",
    "Zuid-Holland",
]
MODELS = (User, Network, Institution, Institution.networks.through, School, PartnerSchool, Contact)


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo", "--quiet-credentials", stdout=io.StringIO())
    return tmp_path


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in MODELS}


def digest() -> str:
    """Every row's values, updated_at and password hashes included, as one hash."""
    rows = {model._meta.label: list(model.objects.order_by("pk").values()) for model in MODELS}
    return hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()


def test_demo_loads_the_eleven_networks(demo):
    assert sorted(Network.objects.values_list("name", flat=True)) == NETWORK_NAMES
    assert Network.objects.filter(active=True).count() == 11


def test_demo_loads_one_secretary_chair_and_expert(demo):
    assert list(User.objects.filter(is_staff=True).values_list("email", "is_active")) == [
        ("secretaris@peerreview.example", True)
    ]
    assert list(User.objects.filter(is_chair=True).values_list("email", flat=True)) == ["voorzitter@peerreview.example"]
    assert list(User.objects.filter(is_expert=True).values_list("email", flat=True)) == ["expert@peerreview.example"]


def test_demo_secretary_password_written_under_var_dir(demo):
    password = (demo / "demo-secretary-password").read_text().strip()

    assert User.objects.get(is_staff=True).check_password(password) is True
    assert (demo / "demo-secretary-password").stat().st_mode & 0o777 == 0o600


def test_demo_every_network_has_a_coordinator_with_account(demo):
    coordinators = [c for c in Contact.objects.select_related("network", "user") if c.is_coordinator]

    assert sorted({c.network.name for c in coordinators if c.user is not None}) == NETWORK_NAMES
    # They sign in by e-mailed code: accounts for their address, without a password.
    assert {(c.user.email == c.email, c.user.has_usable_password()) for c in coordinators} == {(True, False)}


def test_demo_every_network_has_a_higher_education_institution(demo):
    with_ho = set(Network.objects.filter(institutions__kind__in=HIGHER_EDUCATION_KINDS).values_list("name", flat=True))

    assert sorted(with_ho) == NETWORK_NAMES


def test_demo_every_network_has_partner_schools_and_a_vo_contact(demo):
    for network in Network.objects.all():
        roles = [role for roles in network.contacts.values_list("roles", flat=True) for role in roles]
        assert (network.name, network.partner_schools.count() > 0, ContactRole.VO_TEACHER in roles) == (
            network.name,
            True,
            True,
        )


def test_demo_second_run_changes_nothing(demo):
    before = (counts(), digest())

    call_command("demo", "--quiet-credentials", stdout=io.StringIO())

    assert (counts(), digest()) == before
