"""Every list and detail page costs the same number of queries with a little data and with a lot.

The count is one literal per page, used for both sizes: a page whose count grows with the data
has an N+1 and fails here.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from peerreview.mail.enums import MessageState
from peerreview.mail.models import OutboxMessage
from tests.factories import ContactFactory, InstitutionFactory, NetworkFactory, PartnerSchoolFactory

SIZES = {
    "small": SimpleNamespace(networks=1, contacts=2, partner_schools=2, institutions=2, messages=2),
    "large": SimpleNamespace(networks=8, contacts=30, partner_schools=30, institutions=20, messages=30),
}


@pytest.fixture(params=list(SIZES))
def data(request, network, coordinator, secretary):
    """The coordinator's network holds the contacts, partner schools and institutions of the size
    (the contacts besides the coordinator); every other network gets one of each as well."""
    size = SIZES[request.param]
    others = NetworkFactory.create_batch(size.networks - 1)
    for i in range(size.contacts):
        ContactFactory(network=network, working_days=[] if i % 3 == 0 else ["mon"])
    PartnerSchoolFactory.create_batch(size.partner_schools, network=network)
    for i in range(size.institutions):
        InstitutionFactory().networks.add(network, others[i % len(others)] if others else network)
    for other in others:
        ContactFactory(network=other)
        PartnerSchoolFactory(network=other)
    for i in range(size.messages):
        OutboxMessage.objects.create(
            to=f"person{i}@example.org",
            from_email="peerreview@localhost",
            subject=f"Message {i}",
            body_text="Hello",
            state=MessageState.FAILED if i % 2 else MessageState.SENT,
        )
    return SimpleNamespace(
        size=size,
        network=network,
        users={"coordinator": coordinator, "secretary": secretary},
        message=OutboxMessage.objects.order_by("pk").first(),
    )


def _in_network(name):
    return lambda d: reverse(name, kwargs={"slug": d.network.slug})


def _detail_figures(ctx):
    return len(ctx["institutions"]), ctx["school_count"], ctx["contact_count"]


# name: (who, url, queries, what the page shows, what it should show for the data).
# Every page pays 2 for the session and the user. A coordinator pays 1 for the networks they
# coordinate, and 2 more on pages that check a permission the rules deny them (Django's model
# backend then loads the user's and groups' permissions once).
PAGES = {
    "network_list_secretary": (
        "secretary",
        lambda d: reverse("networks:list"),
        3,
        lambda ctx: len(ctx["networks"]),
        lambda d: d.size.networks,
    ),
    "network_list_coordinator": (
        "coordinator",
        lambda d: reverse("networks:list"),
        6,
        lambda ctx: [n.slug for n in ctx["networks"]],
        lambda d: [d.network.slug],
    ),
    "network_detail_secretary": (
        "secretary",
        _in_network("networks:detail"),
        6,
        _detail_figures,
        lambda d: (d.size.institutions, d.size.partner_schools, d.size.contacts + 1),
    ),
    "network_detail_coordinator": (
        "coordinator",
        _in_network("networks:detail"),
        9,
        _detail_figures,
        lambda d: (d.size.institutions, d.size.partner_schools, d.size.contacts + 1),
    ),
    "contact_list": (
        "coordinator",
        _in_network("networks:contacts"),
        8,
        lambda ctx: len(ctx["contacts"]),
        lambda d: d.size.contacts + 1,
    ),
    "partner_school_list": (
        "coordinator",
        _in_network("networks:partner_schools"),
        8,
        lambda ctx: len(ctx["partner_schools"]),
        lambda d: d.size.partner_schools,
    ),
    "institution_list": (
        "secretary",
        lambda d: reverse("networks:institutions"),
        5,
        lambda ctx: len(ctx["institutions"]),
        lambda d: d.size.institutions,
    ),
    "school_list": (
        "secretary",
        lambda d: reverse("networks:schools"),
        4,
        lambda ctx: len(ctx["schools"]),
        lambda d: d.size.partner_schools + d.size.networks - 1,
    ),
    "outbox_list": (
        "secretary",
        lambda d: reverse("mail:outbox"),
        5,
        lambda ctx: len(ctx["outbox_messages"]),
        lambda d: d.size.messages,
    ),
    "outbox_detail": (
        "secretary",
        lambda d: reverse("mail:detail", kwargs={"pk": d.message.pk}),
        4,
        lambda ctx: ctx["message"].subject,
        lambda d: "Message 0",
    ),
    "home_secretary": (
        "secretary",
        lambda d: reverse("home"),
        6,
        lambda ctx: len(ctx["networks"]),
        lambda d: d.size.networks,
    ),
    "home_coordinator": (
        "coordinator",
        lambda d: reverse("home"),
        8,
        lambda ctx: [n.slug for n in ctx["networks"]],
        lambda d: [d.network.slug],
    ),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_query_count_constant(client, django_assert_num_queries, data, page):
    who, url, queries, shown, expected = PAGES[page]
    client.force_login(data.users[who])
    url = url(data)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
    assert shown(response.context) == expected(data)
