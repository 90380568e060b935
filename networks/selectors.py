"""Reads of the registry, shaped by who is asking."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from networks.enums import ContactRole
from networks.models import Contact, Institution, Network, PartnerSchool

_CACHE_ATTR = "_coordinated_network_ids"


def coordinated_network_ids(user) -> frozenset[int]:
    """Ids of the networks this user coordinates, computed once per request (cached on the user)."""
    if not user or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        rows = Contact.objects.filter(user=user, network__active=True).values_list("network_id", "roles")
        cached = frozenset(network_id for network_id, roles in rows if ContactRole.COORDINATOR in roles)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def networks_for_user(user) -> QuerySet[Network]:
    """The networks a user may open: all for the secretary, their own for a coordinator."""
    networks = Network.objects.all()
    if not user.is_staff:
        networks = networks.filter(pk__in=coordinated_network_ids(user))
    # One subquery per relation: joining all three would multiply their rows before counting.
    return networks.annotate(
        contact_count=_count_of(Contact.objects.all()),
        partner_school_count=_count_of(PartnerSchool.objects.all()),
        institution_count=_count_of(Institution.networks.through.objects.all()),
    ).order_by("-active", "name")


def _count_of(queryset, *, network_field: str = "network_id"):
    counts = (
        queryset.filter(**{network_field: OuterRef("pk")})
        .order_by()
        .values(network_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def network_overview(network: Network) -> dict:
    """The figures on a network's overview page."""
    institutions = list(network.institutions.order_by("kind", "name"))
    figures = network.partner_schools.aggregate(
        schools=Count("pk"),
        havo=Count("pk", filter=Q(school__offers_havo=True)),
        vwo=Count("pk", filter=Q(school__offers_vwo=True)),
        contributions=Sum("yearly_contribution", default=0),
    )
    contacts = list(network.contacts.all())
    return {
        "institutions": institutions,
        "school_count": figures["schools"],
        "havo_count": figures["havo"],
        "vwo_count": figures["vwo"],
        "contribution_total": figures["contributions"],
        "contact_count": len(contacts),
        "coordinators": [c for c in contacts if c.is_coordinator],
    }


def contacts_of(network: Network) -> QuerySet[Contact]:
    return network.contacts.select_related("user").order_by("name")


def partner_schools_of(network: Network) -> QuerySet[PartnerSchool]:
    return network.partner_schools.select_related("school").order_by("school__name")


def institutions_for_registry() -> QuerySet[Institution]:
    return Institution.objects.prefetch_related(
        Prefetch("networks", queryset=Network.objects.only("pk", "name", "slug").order_by("name"))
    ).order_by("name")


def registry_todos(networks: list[Network]) -> list[dict]:
    """What is missing from each network's registry, as to-dos linking to where it is fixed.

    Takes networks from networks_for_user (annotated with counts) and costs one query in all.
    """
    by_network: dict[int, list[tuple[list, list]]] = {n.pk: [] for n in networks}
    for network_id, roles, days in Contact.objects.filter(network__in=by_network).values_list(
        "network_id", "roles", "working_days"
    ):
        by_network[network_id].append((roles, days))
    vo_roles = {ContactRole.VO_TEACHER, ContactRole.SCHOOL_LEADER}
    todos = []
    for network in networks:
        if not network.active:
            continue
        contacts = by_network[network.pk]
        contacts_url = reverse("networks:contacts", kwargs={"slug": network.slug})
        if not any(ContactRole.COORDINATOR in roles for roles, _days in contacts):
            todos.append({"network": network, "url": contacts_url, "text": _("Name a network coordinator.")})
        if not any(vo_roles & set(roles) for roles, _days in contacts):
            todos.append(
                {"network": network, "url": contacts_url, "text": _("Add at least one VO teacher or school leader.")}
            )
        missing_days = sum(1 for _roles, days in contacts if not days)
        if missing_days:
            text = ngettext(
                "Fill in the working days of %(count)d contact.",
                "Fill in the working days of %(count)d contacts.",
                missing_days,
            ) % {"count": missing_days}
            todos.append({"network": network, "url": contacts_url, "text": text})
        if not network.partner_school_count:
            todos.append(
                {
                    "network": network,
                    "url": reverse("networks:partner_schools", kwargs={"slug": network.slug}),
                    "text": _("Register the network's partner schools."),
                }
            )
    return todos


def coordinators_by_network(network_ids) -> dict[int, list]:
    """The active accounts coordinating each of these networks (for mail and reminders)."""
    rows = (
        Contact.objects.filter(network_id__in=network_ids, network__active=True, user__is_active=True)
        .select_related("user")
        .order_by("network_id", "user__email")
    )
    result: dict[int, list] = {}
    for contact in rows:
        if contact.is_coordinator and contact.user not in result.get(contact.network_id, []):
            result.setdefault(contact.network_id, []).append(contact.user)
    return result
