import pytest

from tests.factories.agenda import meeting_with_preparations


@pytest.fixture
def world(network, other_network, chair, secretary):
    return meeting_with_preparations(network, other_network, chair, secretary)
