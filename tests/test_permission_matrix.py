"""Who may open and change what: every URL pattern of the project against every kind of visitor.

The table EXPECTED_GET holds the status of a GET for each URL name and principal. A URL pattern
that is missing from it fails test_permission_matrix_covers_every_url_pattern, so a new page cannot
ship without a decision about who may see it. Objects in URLs belong to the coordinator's own
network; a signed-in user who may not see an object gets 404, an anonymous visitor is sent to the
sign-in page.
"""

from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from networks import services
from networks.enums import InstitutionKind
from networks.models import Contact, Institution, Network, PartnerSchool, School
from peerreview.agenda import services as agenda_services
from peerreview.cycles.enums import Owner, TaskState
from peerreview.cycles.models import Cycle, PlaybookStep, Reminder, ReviewMeeting, Task
from peerreview.mail.enums import MessageState
from peerreview.mail.models import MailTemplate, OutboxAttachment, OutboxMessage
from peerreview.meetings.models import Attendee, AttendeeList, PanelMember, PanelRole
from peerreview.meetings.services import attendee_add_from_contact
from peerreview.polls import services as poll_services
from surveys import services as surveys_services
from surveys.models import Bottleneck, GoodPractice, Preparation, Theme
from tests.factories import (
    ContactFactory,
    CycleFactory,
    InstitutionFactory,
    PartnerSchoolFactory,
    ReviewMeetingFactory,
    SecretaryFactory,
    TaskFactory,
    UserFactory,
)
from tests.factories.grouping import proposal_sent
from tests.factories.meetings import HostChecklistItemFactory
from tests.factories.polls import CandidateDateFactory, ParticipantFactory, issue_token
from tests.factories.surveys import PreviousActionPointFactory

ANONYMOUS = "anonymous"
COORDINATOR = "coordinator"  # coordinates the network the objects in the URL belong to
OTHER_COORDINATOR = "other_coordinator"
CHAIR = "chair"
EXPERT = "expert"
SECRETARY = "secretary"
INACTIVE = "inactive"  # a former secretary whose account was switched off
PRINCIPALS = (ANONYMOUS, COORDINATOR, OTHER_COORDINATOR, CHAIR, EXPERT, SECRETARY, INACTIVE)

# Rows in the order of PRINCIPALS: anonymous, coordinator, other coordinator, chair, expert, secretary, inactive.
SIGNED_IN = (302, 200, 200, 200, 200, 200, 302)
SECRETARY_ONLY = (302, 404, 404, 404, 404, 200, 302)
REGISTRY = (302, 200, 404, 404, 404, 200, 302)  # the secretary and the network's own coordinators
GUESTS_ONLY = (200, 302, 302, 302, 302, 302, 200)  # signed-in users are sent on to the home page
EVERYONE = (200, 200, 200, 200, 200, 200, 200)
SECRETARY_POST = (302, 404, 404, 404, 404, 405, 302)  # POST only: a GET by the secretary is 405
CHAIR_AND_SECRETARY = (302, 404, 404, 200, 404, 200, 302)

EXPECTED_GET = {
    "home": SIGNED_IN,
    # allauth: sign-up is closed (the page says so), sign-in pages send signed-in users home.
    "account_login": GUESTS_ONLY,
    "account_logout": (302, 200, 200, 200, 200, 200, 302),  # GET shows a confirm page; only POST signs out
    "account_inactive": EVERYONE,
    "account_signup": GUESTS_ONLY,
    "account_reauthenticate": SIGNED_IN,
    "account_email": SIGNED_IN,  # shows the one address; see test_account_email_change_cannot_take_over_a_network
    "account_email_verification_sent": EVERYONE,
    "account_change_password": SIGNED_IN,
    "account_set_password": (302, 302, 302, 302, 302, 302, 302),  # users with a password go to change it
    "account_reset_password": EVERYONE,
    "account_confirm_login_code": (302, 302, 302, 302, 302, 302, 302),  # no code requested: back to the start
    "account_confirm_email": EVERYONE,  # an unknown key shows the "invalid link" page
    "account_reset_password_from_key_done": EVERYONE,
    "account_reset_password_from_key": EVERYONE,  # an unknown key shows the "invalid link" page
    "account_reset_password_done": EVERYONE,
    "account_request_login_code": GUESTS_ONLY,
    "set_language": (302, 302, 302, 302, 302, 302, 302),  # POST-only in effect: a GET just redirects
    "networks:list": (302, 200, 200, 404, 404, 200, 302),
    "networks:create": SECRETARY_ONLY,
    "networks:institutions": SECRETARY_ONLY,
    "networks:institution_create": SECRETARY_ONLY,
    "networks:institution_update": SECRETARY_ONLY,
    "networks:schools": SECRETARY_ONLY,
    "networks:school_create": SECRETARY_ONLY,
    "networks:school_update": SECRETARY_ONLY,
    "networks:detail": REGISTRY,
    "networks:update": SECRETARY_ONLY,
    "networks:contacts": REGISTRY,
    "networks:contact_create": REGISTRY,
    "networks:contact_update": REGISTRY,
    "networks:contact_delete": REGISTRY,
    "networks:partner_schools": REGISTRY,
    "networks:partner_school_create": REGISTRY,
    "networks:partner_school_update": REGISTRY,
    "networks:partner_school_delete": REGISTRY,
    "networks:import": REGISTRY,
    "networks:export": REGISTRY,
    "mail:outbox": SECRETARY_ONLY,
    "mail:detail": SECRETARY_ONLY,
    "mail:retry": SECRETARY_POST,
    "mail:send": SECRETARY_POST,
    "mail:discard": SECRETARY_POST,
    "mail:send_all": SECRETARY_POST,
    "mail:attachment": SECRETARY_ONLY,
    "mail:templates": SECRETARY_ONLY,
    "mail:template_edit": SECRETARY_ONLY,
    "mail:template_reset": SECRETARY_POST,
    "mail:template_auto_send": SECRETARY_POST,
    "networks:mail": REGISTRY,
    "cycles:list": SECRETARY_ONLY,
    "cycles:create": SECRETARY_ONLY,
    "cycles:detail": SECRETARY_ONLY,
    "cycles:update": SECRETARY_ONLY,
    "cycles:calendar": SIGNED_IN,  # each person's own dates
    "cycles:meeting_create": SECRETARY_ONLY,
    "cycles:meeting": SECRETARY_ONLY,
    "cycles:meeting_delete": SECRETARY_ONLY,
    "cycles:task_create": SECRETARY_ONLY,
    "cycles:task_update": SECRETARY_ONLY,
    "cycles:task_delete": SECRETARY_ONLY,
    # The host task of the coordinator's meeting: its hosts may tick it off (POST only).
    "cycles:task_state": (302, 405, 404, 404, 404, 405, 302),
    "cycles:playbook": SECRETARY_ONLY,
    "cycles:playbook_create": SECRETARY_ONLY,
    "cycles:playbook_update": SECRETARY_ONLY,
    "cycles:playbook_install": SECRETARY_POST,
    "cycles:playbook_retire": SECRETARY_POST,
    "cycles:playbook_restore": SECRETARY_POST,
    "cycles:playbook_move": SECRETARY_POST,
    "preparations:overview": SECRETARY_ONLY,
    "preparations:export": SECRETARY_ONLY,
    "preparations:send": SECRETARY_ONLY,
    "preparations:reopen": SECRETARY_POST,
    "preparations:themes": SECRETARY_ONLY,
    "preparations:theme_create": SECRETARY_ONLY,
    "preparations:theme_update": SECRETARY_ONLY,
    "preparations:theme_delete": SECRETARY_ONLY,
    "preparations:theme_move": SECRETARY_POST,
    "preparations:theme_retire": SECRETARY_POST,
    "preparations:theme_restore": SECRETARY_POST,
    "reports:preparation_pdf": REGISTRY,
    "surveys:preparation": REGISTRY,
    # POST only: the network's coordinators and the secretary get 405 for a GET.
    "surveys:entry_create": (302, 405, 404, 404, 404, 405, 302),
    "surveys:entry_update": (302, 405, 404, 404, 404, 405, 302),
    "surveys:entry_delete": (302, 405, 404, 404, 404, 405, 302),
    "surveys:learning_questions": (302, 405, 404, 404, 404, 405, 302),
    "surveys:own_theme": (302, 405, 404, 404, 404, 405, 302),
    "surveys:submit": (302, 405, 404, 404, 404, 405, 302),
    "meetings:attendees": REGISTRY,
    "meetings:attendee_create": REGISTRY,
    "meetings:attendee_update": REGISTRY,
    "meetings:attendee_add_contacts": (302, 405, 404, 404, 404, 405, 302),
    "meetings:attendee_delete": (302, 405, 404, 404, 404, 405, 302),
    "meetings:attendees_submit": (302, 405, 404, 404, 404, 405, 302),
    "meetings:attendees_exception": SECRETARY_ONLY,
    "meetings:attendee_overview": SECRETARY_ONLY,
    "surveys:followup": REGISTRY,
    "preparations:followup_overview": SECRETARY_ONLY,
    "preparations:followup_export": SECRETARY_ONLY,
    "preparations:followup_settings": SECRETARY_ONLY,
    "preparations:followup_send": SECRETARY_ONLY,
    "preparations:followup_reopen": SECRETARY_POST,
    "preparations:followup_action_points": SECRETARY_ONLY,
    "preparations:followup_action_point_import": SECRETARY_ONLY,
    "preparations:followup_action_point_create": SECRETARY_ONLY,
    "preparations:followup_action_point_update": SECRETARY_ONLY,
    "preparations:followup_action_point_delete": SECRETARY_POST,
    "meetings:panel": SECRETARY_ONLY,
    "meetings:panel_member_create": SECRETARY_ONLY,
    "meetings:panel_member_update": SECRETARY_ONLY,
    "meetings:panel_member_delete": SECRETARY_POST,
    # The chair principal is the member named in the URL: they fill in their own declaration.
    "meetings:declaration": CHAIR_AND_SECRETARY,
    "meetings:my_declarations": (302, 404, 404, 200, 404, 404, 302),
    "meetings:host_overview": SECRETARY_ONLY,
    # The coordinator's network hosts the meeting.
    "meetings:host_checklist": REGISTRY,
    "meetings:host_venue": REGISTRY,
    "meetings:host_item_create": REGISTRY,
    "meetings:host_item_update": REGISTRY,
    "meetings:host_item_toggle": (302, 405, 404, 404, 404, 405, 302),
    "meetings:host_item_delete": (302, 405, 404, 404, 404, 405, 302),
    "grouping:proposals": SECRETARY_ONLY,
    "grouping:settings": SECRETARY_ONLY,
    "grouping:proposal": SECRETARY_ONLY,
    "grouping:fix": SECRETARY_ONLY,
    "grouping:move": SECRETARY_POST,
    "grouping:send": SECRETARY_POST,
    "grouping:respond": REGISTRY,
    "polls:overview": SECRETARY_ONLY,
    "polls:poll": SECRETARY_ONLY,
    "polls:results": SECRETARY_ONLY,
    "polls:create": SECRETARY_POST,
    "polls:candidate_remove": SECRETARY_POST,
    "polls:participants_refresh": SECRETARY_POST,
    "polls:links_send": SECRETARY_POST,
    "polls:link_resend": SECRETARY_POST,
    "polls:close": SECRETARY_POST,
    "polls:reopen": SECRETARY_POST,
    "polls:fix": SECRETARY_POST,
    "polls:invitations_send": SECRETARY_POST,
    # A personal link answers to whoever holds it, signed in or not; only a POST records.
    "polls:answer": EVERYONE,
    "agenda:template": SECRETARY_ONLY,
    "agenda:presentation_format": SECRETARY_ONLY,
    "agenda:overview": SECRETARY_ONLY,
    "agenda:detail": SECRETARY_ONLY,
    "agenda:draft": SECRETARY_POST,
    "agenda:item_add": SECRETARY_POST,
    "agenda:item_update": SECRETARY_POST,
    "agenda:item_delete": SECRETARY_POST,
    "agenda:reorder": SECRETARY_POST,
    "agenda:send_to_chair": SECRETARY_POST,
    "agenda:pack_send": SECRETARY_POST,
    "agenda:print_pack": SECRETARY_ONLY,
    # The chair of the meeting reads and decides; the secretary reads along.
    "agenda:review": CHAIR_AND_SECRETARY,
    "agenda:compare": CHAIR_AND_SECRETARY,
    "agenda:agenda_pdf": CHAIR_AND_SECRETARY,
    "agenda:comment": (302, 404, 404, 405, 404, 404, 302),
    "agenda:decide": (302, 404, 404, 405, 404, 404, 302),
}

# Where a 302 goes when it is not the sign-in page, by URL name and whether the visitor is a guest
# (anonymous or inactive). Every other 302 a guest gets must lead to the sign-in page.
REDIRECTS = {
    ("account_login", False): "/",
    ("account_signup", False): "/",
    ("account_request_login_code", False): "/",
    ("account_logout", True): "/",
    ("account_set_password", False): "/accounts/password/change/",
    ("account_confirm_login_code", True): "/accounts/login/code/",
    ("account_confirm_login_code", False): "/",
    ("set_language", True): "/",
    ("set_language", False): "/",
}

URL_KWARGS = {
    "account_confirm_email": lambda w: {"key": "not-a-key"},
    "account_reset_password_from_key": lambda w: {"uidb36": "1", "key": "not-a-key"},
    "networks:institution_update": lambda w: {"pk": w.institution.pk},
    "networks:school_update": lambda w: {"pk": w.partner_school.school_id},
    "networks:detail": lambda w: {"slug": w.network.slug},
    "networks:update": lambda w: {"slug": w.network.slug},
    "networks:contacts": lambda w: {"slug": w.network.slug},
    "networks:contact_create": lambda w: {"slug": w.network.slug},
    "networks:contact_update": lambda w: {"slug": w.network.slug, "pk": w.contact.pk},
    "networks:contact_delete": lambda w: {"slug": w.network.slug, "pk": w.contact.pk},
    "networks:partner_schools": lambda w: {"slug": w.network.slug},
    "networks:partner_school_create": lambda w: {"slug": w.network.slug},
    "networks:partner_school_update": lambda w: {"slug": w.network.slug, "pk": w.partner_school.pk},
    "networks:partner_school_delete": lambda w: {"slug": w.network.slug, "pk": w.partner_school.pk},
    "networks:import": lambda w: {"slug": w.network.slug, "kind": "contacts"},
    "networks:export": lambda w: {"slug": w.network.slug, "kind": "contacts", "fmt": "csv"},
    "mail:detail": lambda w: {"pk": w.message.pk},
    "mail:retry": lambda w: {"pk": w.message.pk},
    "mail:send": lambda w: {"pk": w.draft.pk},
    "mail:discard": lambda w: {"pk": w.draft.pk},
    "mail:attachment": lambda w: {"pk": w.draft.pk, "attachment_pk": w.attachment.pk},
    "mail:template_edit": lambda w: {"key": "cycles.task_due"},
    "mail:template_reset": lambda w: {"key": "cycles.task_due"},
    "mail:template_auto_send": lambda w: {"key": "cycles.task_due"},
    "networks:mail": lambda w: {"slug": w.network.slug},
    "cycles:detail": lambda w: {"year": w.cycle.year},
    "cycles:update": lambda w: {"year": w.cycle.year},
    "cycles:calendar": lambda w: {"year": w.cycle.year},
    "cycles:meeting_create": lambda w: {"year": w.cycle.year},
    "cycles:meeting": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk},
    "cycles:meeting_delete": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk},
    "cycles:task_create": lambda w: {"year": w.cycle.year},
    "cycles:task_update": lambda w: {"year": w.cycle.year, "pk": w.host_task.pk},
    "cycles:task_delete": lambda w: {"year": w.cycle.year, "pk": w.host_task.pk},
    "cycles:task_state": lambda w: {"year": w.cycle.year, "pk": w.host_task.pk},
    "cycles:playbook_update": lambda w: {"pk": w.step.pk},
    "cycles:playbook_retire": lambda w: {"pk": w.step.pk},
    "cycles:playbook_restore": lambda w: {"pk": w.step.pk},
    "cycles:playbook_move": lambda w: {"pk": w.step.pk},
    "preparations:overview": lambda w: {"year": w.cycle.year},
    "preparations:export": lambda w: {"year": w.cycle.year},
    "preparations:send": lambda w: {"year": w.cycle.year},
    "preparations:reopen": lambda w: {"year": w.cycle.year, "slug": w.network.slug},
    "preparations:themes": lambda w: {"year": w.cycle.year},
    "preparations:theme_create": lambda w: {"year": w.cycle.year},
    "preparations:theme_update": lambda w: {"year": w.cycle.year, "pk": w.theme.pk},
    "preparations:theme_delete": lambda w: {"year": w.cycle.year, "pk": w.theme.pk},
    "preparations:theme_move": lambda w: {"year": w.cycle.year, "pk": w.theme.pk},
    "preparations:theme_retire": lambda w: {"year": w.cycle.year, "pk": w.theme.pk},
    "preparations:theme_restore": lambda w: {"year": w.cycle.year, "pk": w.theme.pk},
    "reports:preparation_pdf": lambda w: {"year": w.cycle.year, "slug": w.network.slug},
    "surveys:preparation": lambda w: {"year": w.cycle.year, "slug": w.network.slug},
    "surveys:entry_create": lambda w: {"year": w.cycle.year, "slug": w.network.slug, "kind": "good-practice"},
    "surveys:entry_update": lambda w: {
        "year": w.cycle.year,
        "slug": w.network.slug,
        "kind": "good-practice",
        "pk": w.good_practice.pk,
    },
    "surveys:entry_delete": lambda w: {
        "year": w.cycle.year,
        "slug": w.network.slug,
        "kind": "good-practice",
        "pk": w.good_practice.pk,
    },
    "surveys:learning_questions": lambda w: {"year": w.cycle.year, "slug": w.network.slug},
    "surveys:own_theme": lambda w: {"year": w.cycle.year, "slug": w.network.slug},
    "surveys:submit": lambda w: {"year": w.cycle.year, "slug": w.network.slug},
    "meetings:attendees": lambda w: {"year": w.cycle.year, "slug": w.network.slug},
    "meetings:attendee_create": lambda w: {"year": w.cycle.year, "slug": w.network.slug},
    "meetings:attendee_update": lambda w: {"year": w.cycle.year, "slug": w.network.slug, "pk": w.attendee.pk},
    "meetings:attendee_add_contacts": lambda w: {"year": w.cycle.year, "slug": w.network.slug},
    "meetings:attendee_delete": lambda w: {"year": w.cycle.year, "slug": w.network.slug, "pk": w.attendee.pk},
    "meetings:attendees_submit": lambda w: {"year": w.cycle.year, "slug": w.network.slug},
    "meetings:attendees_exception": lambda w: {"year": w.cycle.year, "slug": w.network.slug},
    "meetings:attendee_overview": lambda w: {"year": w.cycle.year},
    "surveys:followup": lambda w: {"year": w.cycle.year, "slug": w.network.slug},
    "preparations:followup_overview": lambda w: {"year": w.cycle.year},
    "preparations:followup_export": lambda w: {"year": w.cycle.year},
    "preparations:followup_settings": lambda w: {"year": w.cycle.year},
    "preparations:followup_send": lambda w: {"year": w.cycle.year},
    "preparations:followup_reopen": lambda w: {"year": w.cycle.year, "slug": w.network.slug},
    "preparations:followup_action_points": lambda w: {"year": w.cycle.year},
    "preparations:followup_action_point_import": lambda w: {"year": w.cycle.year},
    "preparations:followup_action_point_create": lambda w: {"year": w.cycle.year, "slug": w.network.slug},
    "preparations:followup_action_point_update": lambda w: {"year": w.cycle.year, "pk": w.action_point.pk},
    "preparations:followup_action_point_delete": lambda w: {"year": w.cycle.year, "pk": w.action_point.pk},
    "meetings:panel": lambda w: {"year": w.cycle.year},
    "meetings:panel_member_create": lambda w: {"year": w.cycle.year},
    "meetings:panel_member_update": lambda w: {"year": w.cycle.year, "pk": w.panel_member.pk},
    "meetings:panel_member_delete": lambda w: {"year": w.cycle.year, "pk": w.panel_member.pk},
    "meetings:declaration": lambda w: {"year": w.cycle.year, "pk": w.panel_member.pk},
    "meetings:host_overview": lambda w: {"year": w.cycle.year},
    "meetings:host_checklist": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk},
    "meetings:host_venue": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk},
    "meetings:host_item_create": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk},
    "meetings:host_item_update": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk, "item": w.checklist_item.pk},
    "meetings:host_item_toggle": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk, "item": w.checklist_item.pk},
    "meetings:host_item_delete": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk, "item": w.checklist_item.pk},
    "grouping:proposals": lambda w: {"year": w.cycle.year},
    "grouping:settings": lambda w: {"year": w.cycle.year},
    "grouping:proposal": lambda w: {"year": w.cycle.year, "number": w.proposal.number},
    "grouping:fix": lambda w: {"year": w.cycle.year, "number": w.proposal.number},
    "grouping:move": lambda w: {"year": w.cycle.year, "number": w.proposal.number},
    "grouping:send": lambda w: {"year": w.cycle.year, "number": w.proposal.number},
    "grouping:respond": lambda w: {"year": w.cycle.year, "slug": w.network.slug},
    "polls:overview": lambda w: {"year": w.cycle.year},
    "polls:poll": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk},
    "polls:results": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk},
    "polls:create": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk},
    "polls:candidate_remove": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk, "candidate": w.candidate.pk},
    "polls:participants_refresh": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk},
    "polls:links_send": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk},
    "polls:link_resend": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk, "participant": w.participant.pk},
    "polls:close": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk},
    "polls:reopen": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk},
    "polls:fix": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk},
    "polls:invitations_send": lambda w: {"year": w.cycle.year, "pk": w.meeting.pk},
    "polls:answer": lambda w: {"token": w.token},
    "agenda:overview": lambda w: {"year": w.cycle.year},
    **{
        f"agenda:{name}": (lambda w: {"pk": w.meeting.pk})
        for name in (
            "detail",
            "draft",
            "item_add",
            "reorder",
            "send_to_chair",
            "pack_send",
            "print_pack",
            "review",
            "compare",
            "agenda_pdf",
            "comment",
            "decide",
        )
    },  # fmt: skip
    "agenda:item_update": lambda w: {"pk": w.meeting.pk, "item": w.agenda_item.pk},
    "agenda:item_delete": lambda w: {"pk": w.meeting.pk, "item": w.agenda_item.pk},
}


def _url_names(resolver=None, namespace=""):
    """Every URL pattern's name, namespaced; an unnamed pattern is listed by its route."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_names(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else f"<unnamed {entry.pattern}>"


def _cases():
    for name, row in EXPECTED_GET.items():
        for principal, status in zip(PRINCIPALS, row, strict=True):
            yield pytest.param(name, principal, status, id=f"{name}-{principal}")


@pytest.fixture
def world(network, other_network, coordinator, other_coordinator, chair, secretary, settings, tmp_path):
    """One of every object a URL can name, all in the coordinator's network, plus the principals."""
    settings.MEDIA_ROOT = tmp_path
    partner_school = PartnerSchoolFactory(network=network)
    institution = InstitutionFactory()
    institution.networks.add(network)
    cycle = CycleFactory(year=2030)
    cycle.networks.add(network, other_network)
    meeting = ReviewMeetingFactory(cycle=cycle, host_network=network)
    meeting.networks.add(network)
    draft = OutboxMessage.objects.create(
        to="coordinator@utrecht.example",
        from_email="peerreview@localhost",
        subject="Agenda",
        body_text="Hallo",
        state=MessageState.DRAFT,
    )
    attachment = OutboxAttachment(message=draft, filename="agenda.pdf", mimetype="application/pdf")
    attachment.file.save("agenda.pdf", ContentFile(b"%PDF-1.7 agenda"), save=True)
    preparation = surveys_services.preparation_for(cycle=cycle, network=network)
    theme = cycle.themes.get(key="activities")
    good_practice = surveys_services.entry_save(
        actor=secretary,
        entry=GoodPractice(preparation=preparation, theme=theme, title="Bètadag", description="Een dag vol proeven."),
    )
    other_preparation = surveys_services.preparation_for(cycle=cycle, network=other_network)
    other_good_practice = surveys_services.entry_save(
        actor=secretary,
        entry=GoodPractice(preparation=other_preparation, theme=theme, title="Techniekweek", description="Een week."),
    )
    contact = ContactFactory(network=network, email="teacher@utrecht.example")
    attendee = attendee_add_from_contact(actor=secretary, meeting=meeting, contact=contact)
    world = SimpleNamespace(
        attendee=attendee,
        good_practice=good_practice,
        other_good_practice=other_good_practice,
        cycle=cycle,
        meeting=meeting,
        preparation=preparation,
        theme=theme,
        host_task=TaskFactory(cycle=cycle, meeting=meeting, owner=Owner.HOSTS, title="Zaal boeken"),
        chair_task=TaskFactory(cycle=cycle, owner=Owner.CHAIR, title="Agenda goedkeuren"),
        step=PlaybookStep.objects.create(title="Voorzitter zoeken", owner=Owner.SECRETARY, month=10, position=10),
        draft=draft,
        attachment=attachment,
        network=network,
        other_network=other_network,
        contact=contact,
        partner_school=partner_school,
        institution=institution,
        other_contact=ContactFactory(network=other_network, email="teacher@limburg.example"),
        other_partner_school=PartnerSchoolFactory(network=other_network),
        message=OutboxMessage.objects.create(
            to="someone@example.org",
            from_email="peerreview@localhost",
            subject="Agenda",
            body_text="Hello",
            state=MessageState.FAILED,
            attempts=8,
        ),
        users={
            ANONYMOUS: None,
            COORDINATOR: coordinator,
            OTHER_COORDINATOR: other_coordinator,
            CHAIR: chair,
            EXPERT: UserFactory(email="expert@example.org", is_expert=True),
            SECRETARY: secretary,
            INACTIVE: SecretaryFactory(email="former.secretary@example.org", is_active=False),
        },
    )
    # The chair principal chairs the cycle's meetings; the grouping, poll and agenda are under way.
    world.panel_member = PanelMember.objects.create(
        cycle=cycle, role=PanelRole.CHAIR, name="Carla Voorzitter", email=chair.email, user=chair, working_days=[]
    )
    world.action_point = PreviousActionPointFactory(cycle=cycle, network=network)
    world.checklist_item = HostChecklistItemFactory(meeting=meeting)
    world.proposal = proposal_sent(actor=secretary, cycle=cycle)
    world.poll = poll_services.poll_create(actor=secretary, meeting=meeting)
    world.candidate = CandidateDateFactory(poll=world.poll)
    world.participant = ParticipantFactory(poll=world.poll)
    world.token = issue_token(world.participant)
    world.agenda = agenda_services.agenda_draft(actor=secretary, meeting=meeting)
    world.agenda_item = world.agenda.items.order_by("position").first()
    agenda_services.agenda_send_to_chair(actor=secretary, agenda=world.agenda, revision=world.agenda.revision)
    return world


def _sign_in(client, world, principal):
    user = world.users[principal]
    if user is not None:
        client.force_login(user)


def _url(name, world):
    kwargs = URL_KWARGS.get(name)
    return reverse(name, kwargs=kwargs(world) if kwargs else None)


def _sign_in_url(next_url):
    return f"{reverse('account_login')}?next={quote(next_url)}"


def db_state() -> dict:
    """Every row the registry and outbox views can touch, to show that a refused request changed nothing."""
    models = (get_user_model(), Network, Institution, Institution.networks.through, School, PartnerSchool)
    models += (Contact, OutboxMessage, OutboxAttachment, MailTemplate)
    models += (Cycle, Cycle.networks.through, ReviewMeeting, Task, PlaybookStep, Reminder)
    models += (Theme, Preparation, GoodPractice, Bottleneck, Attendee, AttendeeList)
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


def test_permission_matrix_covers_every_url_pattern():
    resolved = set(_url_names())
    missing = sorted(resolved - EXPECTED_GET.keys())
    stale = sorted(EXPECTED_GET.keys() - resolved)
    assert (missing, stale) == ([], []), f"URL patterns missing from EXPECTED_GET: {missing}; stale rows: {stale}"


@pytest.mark.parametrize(("name", "principal", "status"), list(_cases()))
def test_permission_matrix_get(client, world, name, principal, status):
    _sign_in(client, world, principal)
    url = _url(name, world)

    response = client.get(url)

    assert response.status_code == status
    if status == 302:
        guest = principal in (ANONYMOUS, INACTIVE)
        assert response.headers["Location"] == REDIRECTS.get((name, guest), _sign_in_url(url) if guest else None)


def test_inactive_user_session_is_anonymous(client, world):
    client.force_login(world.users[INACTIVE])

    response = client.get(reverse("home"))

    assert response.wsgi_request.user.is_authenticated is False
    assert response.headers["Location"] == _sign_in_url("/")


def test_signup_closed_creates_no_account(client, world):
    users_before = get_user_model().objects.count()

    response = client.post(
        reverse("account_signup"),
        {"email": "newcomer@example.org", "password1": "a-long-enough-pass", "password2": "a-long-enough-pass"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "account/signup_closed.html"
    assert get_user_model().objects.count() == users_before
    assert not get_user_model().objects.filter(email="newcomer@example.org").exists()


# --- State-changing POSTs: each principal, each registry write -----------------------------------


def _contact_data(email="new.teacher@utrecht.example"):
    return {
        "name": "Nieuwe Docent",
        "email": email,
        "organisation": "Lyceum",
        "roles": ["vo_teacher"],
        "working_days": ["mon"],
    }


def _network_data(name, slug):
    return {"name": name, "slug": slug, "region": "Gelderland", "founded_year": "2012", "active": "on"}


POST_ACTIONS = {
    "contact_create": SimpleNamespace(
        url=lambda w: reverse("networks:contact_create", kwargs={"slug": w.network.slug}),
        data=lambda w: _contact_data(),
        allowed={COORDINATOR, SECRETARY},
        done=lambda w: Contact.objects.filter(network=w.network, email="new.teacher@utrecht.example").count() == 1,
        next=lambda w: reverse("networks:contacts", kwargs={"slug": w.network.slug}),
    ),
    "contact_update": SimpleNamespace(
        url=lambda w: reverse("networks:contact_update", kwargs={"slug": w.network.slug, "pk": w.contact.pk}),
        data=lambda w: _contact_data(email=w.contact.email),
        allowed={COORDINATOR, SECRETARY},
        done=lambda w: Contact.objects.get(pk=w.contact.pk).name == "Nieuwe Docent",
        next=lambda w: reverse("networks:contacts", kwargs={"slug": w.network.slug}),
    ),
    "contact_delete": SimpleNamespace(
        url=lambda w: reverse("networks:contact_delete", kwargs={"slug": w.network.slug, "pk": w.contact.pk}),
        data=lambda w: {},
        allowed={COORDINATOR, SECRETARY},
        done=lambda w: not Contact.objects.filter(pk=w.contact.pk).exists(),
        next=lambda w: reverse("networks:contacts", kwargs={"slug": w.network.slug}),
    ),
    "partner_school_create": SimpleNamespace(
        url=lambda w: reverse("networks:partner_school_create", kwargs={"slug": w.network.slug}),
        data=lambda w: {"school_name": "Stedelijk Gymnasium", "brin_code": "98ZY", "offers_vwo": "on", "tier": "Open"},
        allowed={COORDINATOR, SECRETARY},
        done=lambda w: PartnerSchool.objects.filter(network=w.network, school__brin_code="98ZY").count() == 1,
        next=lambda w: reverse("networks:partner_schools", kwargs={"slug": w.network.slug}),
    ),
    "partner_school_delete": SimpleNamespace(
        url=lambda w: reverse(
            "networks:partner_school_delete", kwargs={"slug": w.network.slug, "pk": w.partner_school.pk}
        ),
        data=lambda w: {},
        allowed={COORDINATOR, SECRETARY},
        done=lambda w: not PartnerSchool.objects.filter(pk=w.partner_school.pk).exists(),
        next=lambda w: reverse("networks:partner_schools", kwargs={"slug": w.network.slug}),
    ),
    "network_create": SimpleNamespace(
        url=lambda w: reverse("networks:create"),
        data=lambda w: _network_data("Netwerk Gelderland", "gelderland"),
        allowed={SECRETARY},
        done=lambda w: Network.objects.filter(slug="gelderland", name="Netwerk Gelderland").count() == 1,
        next=lambda w: reverse("networks:detail", kwargs={"slug": "gelderland"}),
    ),
    "network_update": SimpleNamespace(
        url=lambda w: reverse("networks:update", kwargs={"slug": w.network.slug}),
        data=lambda w: _network_data(w.network.name, w.network.slug),
        allowed={SECRETARY},
        done=lambda w: Network.objects.get(pk=w.network.pk).region == "Gelderland",
        next=lambda w: reverse("networks:detail", kwargs={"slug": w.network.slug}),
    ),
    "institution_create": SimpleNamespace(
        url=lambda w: reverse("networks:institution_create"),
        data=lambda w: {
            "name": "Hogeschool Nieuw",
            "kind": InstitutionKind.APPLIED_SCIENCES,
            "networks": [w.network.pk],
        },
        allowed={SECRETARY},
        done=lambda w: (
            list(Institution.objects.filter(name="Hogeschool Nieuw").values_list("networks", flat=True))
            == [w.network.pk]
        ),
        next=lambda w: reverse("networks:institutions"),
    ),
    "school_create": SimpleNamespace(
        url=lambda w: reverse("networks:school_create"),
        data=lambda w: {"name": "Het Nieuwe Lyceum", "brin_code": "97XW", "offers_havo": "on", "offers_vwo": "on"},
        allowed={SECRETARY},
        done=lambda w: School.objects.filter(brin_code="97XW").count() == 1,
        next=lambda w: reverse("networks:schools"),
    ),
    "mail_retry": SimpleNamespace(
        url=lambda w: reverse("mail:retry", kwargs={"pk": w.message.pk}),
        data=lambda w: {},
        allowed={SECRETARY},
        done=lambda w: OutboxMessage.objects.get(pk=w.message.pk).state == MessageState.QUEUED,
        next=lambda w: reverse("mail:detail", kwargs={"pk": w.message.pk}),
    ),
    "mail_send_draft": SimpleNamespace(
        url=lambda w: reverse("mail:send", kwargs={"pk": w.draft.pk}),
        data=lambda w: {},
        allowed={SECRETARY},
        done=lambda w: OutboxMessage.objects.get(pk=w.draft.pk).state == MessageState.QUEUED,
        next=lambda w: reverse("mail:detail", kwargs={"pk": w.draft.pk}),
    ),
    "mail_template_auto_send": SimpleNamespace(
        url=lambda w: reverse("mail:template_auto_send", kwargs={"key": "cycles.task_due"}),
        data=lambda w: {"auto_send": "0"},
        allowed={SECRETARY},
        done=lambda w: MailTemplate.objects.filter(key="cycles.task_due", auto_send=False).exists(),
        next=lambda w: reverse("mail:templates"),
    ),
    "host_task_done": SimpleNamespace(
        url=lambda w: reverse("cycles:task_state", kwargs={"year": w.cycle.year, "pk": w.host_task.pk}),
        data=lambda w: {"state": TaskState.DONE},
        allowed={COORDINATOR, SECRETARY},
        done=lambda w: Task.objects.get(pk=w.host_task.pk).state == TaskState.DONE,
        next=lambda w: reverse("home"),
    ),
    "chair_task_done": SimpleNamespace(
        url=lambda w: reverse("cycles:task_state", kwargs={"year": w.cycle.year, "pk": w.chair_task.pk}),
        data=lambda w: {"state": TaskState.DONE},
        allowed={CHAIR, SECRETARY},
        done=lambda w: Task.objects.get(pk=w.chair_task.pk).state == TaskState.DONE,
        next=lambda w: reverse("home"),
    ),
    "playbook_retire": SimpleNamespace(
        url=lambda w: reverse("cycles:playbook_retire", kwargs={"pk": w.step.pk}),
        data=lambda w: {},
        allowed={SECRETARY},
        done=lambda w: PlaybookStep.objects.get(pk=w.step.pk).active is False,
        next=lambda w: f"{reverse('cycles:playbook')}#step-{w.step.pk}",
    ),
}


@pytest.mark.parametrize("principal", PRINCIPALS)
@pytest.mark.parametrize("action", list(POST_ACTIONS))
def test_post_succeeds_only_for_allowed_principals(client, world, action, principal):
    spec = POST_ACTIONS[action]
    _sign_in(client, world, principal)
    url = spec.url(world)
    before = db_state()

    response = client.post(url, spec.data(world))

    if principal in spec.allowed:
        assert (response.status_code, response.headers.get("Location")) == (302, spec.next(world))
        assert spec.done(world) is True
    else:
        expected = (302, _sign_in_url(url)) if principal in (ANONYMOUS, INACTIVE) else (404, None)
        assert (response.status_code, response.headers.get("Location")) == expected
        assert spec.done(world) is False
        assert db_state() == before


# --- IDOR: another network's object under one's own network slug --------------------------------

IDOR_VIEWS = {
    "networks:contact_update": ("other_contact", lambda w: _contact_data(email=w.other_contact.email)),
    "networks:contact_delete": ("other_contact", lambda w: {}),
    "networks:partner_school_update": ("other_partner_school", lambda w: {"tier": "Ambitie"}),
    "networks:partner_school_delete": ("other_partner_school", lambda w: {}),
}


@pytest.mark.parametrize("name", list(IDOR_VIEWS))
def test_idor_other_networks_object_under_own_slug_is_404(client, world, name):
    attribute, data = IDOR_VIEWS[name]
    target = getattr(world, attribute)
    client.force_login(world.users[COORDINATOR])
    url = reverse(name, kwargs={"slug": world.network.slug, "pk": target.pk})
    before = db_state()

    get_response = client.get(url)
    post_response = client.post(url, data(world))

    assert (get_response.status_code, post_response.status_code) == (404, 404)
    assert db_state() == before


def test_idor_secretary_also_gets_404_for_object_under_wrong_slug(client, world):
    client.force_login(world.users[SECRETARY])
    url = reverse("networks:contact_update", kwargs={"slug": world.network.slug, "pk": world.other_contact.pk})

    response = client.get(url)

    assert response.status_code == 404


def test_partner_school_update_keeps_registry_school_details(client, world):
    """Editing a partnership shows the school's details disabled: posting other values changes nothing."""
    client.force_login(world.users[COORDINATOR])
    school_before = School.objects.filter(pk=world.partner_school.school_id).values().get()
    url = reverse("networks:partner_school_update", kwargs={"slug": world.network.slug, "pk": world.partner_school.pk})

    response = client.post(
        url,
        {"school_name": "Hijacked", "brin_code": "11AA", "tier": "Ambitie", "yearly_contribution": "10"},
    )

    assert response.status_code == 302
    partner_school = PartnerSchool.objects.get(pk=world.partner_school.pk)
    assert (partner_school.tier, partner_school.yearly_contribution, partner_school.school_id) == (
        "Ambitie",
        Decimal("10.00"),
        school_before["id"],
    )
    assert School.objects.filter(pk=school_before["id"]).values().get() == school_before


# --- Account e-mail management ---------------------------------------------------------------------


def test_account_email_change_cannot_take_over_a_network(client, world):
    """The account's address links it to contacts (networks.services), so users may not change it.

    Otherwise a coordinator could take an unverified address as their login and be linked to
    whichever coordinator contact is later registered with it, in any network.
    """
    coordinator = world.users[COORDINATOR]
    client.force_login(coordinator)
    email_page = reverse("account_email")
    client.get(email_page)
    client.post(email_page, {"action_remove": "", "email": coordinator.email})
    client.post(email_page, {"action_add": "", "email": "new.coordinator@limburg.example"})
    client.post(email_page, {"action_primary": "", "email": "new.coordinator@limburg.example"})
    # Later the secretary registers Limburg's new coordinator with that address.
    services.contact_save(
        actor=world.users[SECRETARY],
        contact=Contact(
            network=world.other_network,
            name="Nieuwe Coördinator",
            email="new.coordinator@limburg.example",
            roles=["coordinator"],
            working_days=["mon"],
        ),
    )

    response = client.get(reverse("networks:contacts", kwargs={"slug": world.other_network.slug}))

    coordinator.refresh_from_db()
    assert coordinator.email == "coordinator@utrecht.example"
    assert response.status_code == 404


def test_idor_cycle_object_under_another_cycles_year_is_404(client, world):
    """A task or meeting of one cycle cannot be reached, or changed, under another cycle's year."""
    other_cycle = CycleFactory(year=2032)
    other_meeting = ReviewMeetingFactory(cycle=other_cycle, host_network=world.network)
    other_task = TaskFactory(cycle=other_cycle, meeting=other_meeting, owner=Owner.HOSTS)
    year = {"year": world.cycle.year}
    client.force_login(world.users[SECRETARY])
    before = db_state()

    responses = [
        client.get(reverse("cycles:meeting", kwargs={**year, "pk": other_meeting.pk})).status_code,
        client.get(reverse("cycles:task_update", kwargs={**year, "pk": other_task.pk})).status_code,
        client.post(reverse("cycles:task_state", kwargs={**year, "pk": other_task.pk}), {"state": "done"}).status_code,
        client.post(reverse("cycles:meeting_delete", kwargs={**year, "pk": other_meeting.pk})).status_code,
    ]

    assert responses == [404, 404, 404, 404]
    assert db_state() == before


def test_idor_attachment_of_another_message_is_404(client, world):
    client.force_login(world.users[SECRETARY])

    response = client.get(
        reverse("mail:attachment", kwargs={"pk": world.message.pk, "attachment_pk": world.attachment.pk})
    )

    assert response.status_code == 404


def test_idor_other_networks_entry_under_own_slug_is_404(client, world):
    """A coordinator cannot reach, change or delete another network's entry through their own preparation."""
    client.force_login(world.users[COORDINATOR])
    kwargs = {"year": world.cycle.year, "slug": world.network.slug, "kind": "good-practice"}
    target = {**kwargs, "pk": world.other_good_practice.pk}
    before = db_state()

    update = client.post(
        reverse("surveys:entry_update", kwargs=target),
        {"title": "Overgenomen", "description": "x", "theme": world.theme.pk},
    )
    delete = client.post(reverse("surveys:entry_delete", kwargs=target))
    other_slug = client.get(reverse("surveys:preparation", kwargs={"year": world.cycle.year, "slug": "limburg"}))

    assert (update.status_code, delete.status_code, other_slug.status_code) == (404, 404, 404)
    assert db_state() == before


def test_idor_other_networks_attendee_under_own_slug_is_404(client, world, secretary):
    """A coordinator cannot edit or remove another network's attendee through their own list."""
    world.meeting.networks.add(world.other_network)
    theirs = attendee_add_from_contact(actor=secretary, meeting=world.meeting, contact=world.other_contact)
    client.force_login(world.users[COORDINATOR])
    kwargs = {"year": world.cycle.year, "slug": world.network.slug, "pk": theirs.pk}
    before = db_state()

    edit = client.get(reverse("meetings:attendee_update", kwargs=kwargs))
    delete = client.post(reverse("meetings:attendee_delete", kwargs=kwargs))

    assert (edit.status_code, delete.status_code) == (404, 404)
    assert db_state() == before
