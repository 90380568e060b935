import pytest
from django.utils import translation

from tests.factories.agenda import meeting_with_preparations


@pytest.fixture(autouse=True)
def _english():
    """Drafts take the template's titles, documents their texts and refusals their words in the
    language in use: English here, the code's own words."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(network, other_network, chair, secretary):
    return meeting_with_preparations(network, other_network, chair, secretary)
