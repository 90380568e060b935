import pytest
from django.utils import translation

from tests.factories.agenda import meeting_with_preparations


@pytest.fixture(autouse=True)
def _dutch():
    """Drafts take the template's titles, and documents their texts, in the language in use: Dutch here."""
    with translation.override("nl"):
        yield


@pytest.fixture
def world(network, other_network, chair, secretary):
    return meeting_with_preparations(network, other_network, chair, secretary)
