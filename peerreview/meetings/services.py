"""Writes of the attendees: who a network sends to its meeting, the nomination, the secretary's exception.

The rule (playbook, October): for every HO institution partnering in the network at least one
attendee who is its coordinator or representative, and at least one VO teacher or school leader.
An attendee counts for an institution when their roles include coordinator or HO representative and
they are linked to that institution (``Attendee.institution``, chosen from the network's HO
institutions; taken from the organisation when it is exactly an institution's name).

A list that was handed in stays editable, because people change between October and the meeting;
a change that would break the rule is refused, unless the secretary accepted an exception, so that
"handed in" always means "meets the rule or is excused".
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.enums import ContactRole
from networks.models import Contact, Institution, Network
from networks.services import contact_save
from peerreview.cycles.enums import TaskState
from peerreview.cycles.models import ReviewMeeting, Task
from peerreview.cycles.services import task_set_state
from peerreview.meetings import selectors
from peerreview.meetings.models import Attendee, AttendeeList

audit = logging.getLogger("peerreview.audit")

TASK_KEY = "attendees"
HO_ROLES = frozenset({ContactRole.COORDINATOR, ContactRole.HO_REPRESENTATIVE})
VO_ROLES = frozenset({ContactRole.VO_TEACHER, ContactRole.SCHOOL_LEADER})


# The rule


def attendee_problems(attendees, institutions) -> list[str]:
    """What the list misses, in words a coordinator understands; empty when the rule is met.

    Takes the attendees and the network's HO institutions already read, so that a page showing
    the list checks it without more queries.
    """
    problems = []
    represented = {a.institution_id for a in attendees if a.institution_id and HO_ROLES & set(a.roles)}
    for institution in institutions:
        if institution.pk not in represented:
            problems.append(
                _("Nobody yet who coordinates or represents %(institution)s.") % {"institution": institution.name}
            )
    if not any(VO_ROLES & set(a.roles) for a in attendees):
        problems.append(_("No VO teacher or school leader yet."))
    return problems


def attendees_check(meeting: ReviewMeeting, network: Network) -> list[str]:
    """What the network's list for the meeting misses under the rule; empty when it is met."""
    return attendee_problems(
        list(selectors.attendees_of(meeting, network)), list(selectors.ho_institutions_of(network))
    )


# The list


def _check_in_meeting(meeting: ReviewMeeting, network: Network) -> None:
    if not meeting.networks.filter(pk=network.pk).exists():
        raise ValidationError(_("This network is not in this meeting."))


def _locked_list(meeting: ReviewMeeting, network: Network) -> AttendeeList:
    """The network's list for the meeting, made on first use and locked until the transaction ends,
    so that two coordinators changing the list at once are checked against the rule one after the other."""
    _check_in_meeting(meeting, network)
    AttendeeList.objects.get_or_create(meeting=meeting, network=network)
    return AttendeeList.objects.select_for_update().get(meeting=meeting, network=network)


def _keep_rule(attendee_list: AttendeeList) -> None:
    """A handed-in list must still meet the rule after a change (unless excused)."""
    if not attendee_list.is_submitted or attendee_list.exception_accepted:
        return
    problems = attendees_check(attendee_list.meeting, attendee_list.network)
    if problems:
        raise ValidationError(
            [_("This list has been handed in, and after this change it would no longer meet the rule:"), *problems],
            code="breaks_rule",
        )


def _match_institution(network: Network, organisation: str) -> Institution | None:
    """The network's HO institution whose name is exactly the organisation (ignoring case and spaces)."""
    wanted = (organisation or "").strip().lower()
    if not wanted:
        return None
    return next((i for i in selectors.ho_institutions_of(network) if i.name.strip().lower() == wanted), None)


def _check_institution(attendee: Attendee) -> None:
    if attendee.institution_id is None:
        return
    allowed = network_ho_institution_ids(attendee.network)
    if attendee.institution_id not in allowed:
        raise ValidationError({"institution": _("Choose one of the network's HO institutions.")})


def network_ho_institution_ids(network: Network) -> set[int]:
    return set(selectors.ho_institutions_of(network).values_list("pk", flat=True))


def _save(attendee: Attendee) -> Attendee:
    attendee.full_clean()
    _check_institution(attendee)
    attendee.save()
    return attendee


@transaction.atomic
def attendee_add_from_contact(*, actor, meeting: ReviewMeeting, contact: Contact) -> Attendee:
    """Put one of the network's contacts on its list for the meeting, copying their details.

    A contact without an e-mail address is refused (the secretary must be able to reach everyone).
    Side effect: the network's list is made if it did not exist.
    """
    if not (contact.email or "").strip():
        raise ValidationError(
            _("%(name)s has no e-mail address. Add it to the contact first, or add them as a new person.")
            % {"name": contact.name},
            code="no_email",
        )
    attendee_list = _locked_list(meeting, contact.network)
    attendee = Attendee(
        meeting=meeting,
        network=contact.network,
        contact=contact,
        name=contact.name,
        email=contact.email,
        organisation=contact.organisation,
        institution=_match_institution(contact.network, contact.organisation),
        roles=list(contact.roles),
        working_days=list(contact.working_days),
    )
    _save(attendee)
    audit.info("attendee %s (contact %s) added to meeting %s by %s", attendee.pk, contact.pk, meeting.pk, actor.pk)
    _keep_rule(attendee_list)
    return attendee


@transaction.atomic
def attendee_add(*, actor, attendee: Attendee, save_as_contact: bool = False) -> Attendee:
    """Put a new person on a network's list for a meeting (``attendee.meeting`` and ``.network`` set).

    Side effects: with ``save_as_contact`` the person is also saved as a contact of the network
    (which may create a coordinator's account, see networks.services.contact_save), or linked to
    the contact with the same e-mail address if there is one; the network's list is made if it did
    not exist.
    """
    attendee_list = _locked_list(attendee.meeting, attendee.network)
    if attendee.institution_id is None:
        attendee.institution = _match_institution(attendee.network, attendee.organisation)
    _save(attendee)
    if save_as_contact:
        # Someone already among the contacts is linked, not added twice (nor overwritten).
        contact = attendee.network.contacts.filter(email__iexact=attendee.email).first()
        if contact is None:
            contact = contact_save(
                actor=actor,
                contact=Contact(
                    network=attendee.network,
                    name=attendee.name,
                    email=attendee.email,
                    organisation=attendee.organisation,
                    roles=list(attendee.roles),
                    working_days=list(attendee.working_days),
                ),
            )
        attendee.contact = contact
        attendee.save(update_fields=["contact", "updated_at"])
    audit.info("attendee %s added to meeting %s by %s", attendee.pk, attendee.meeting_id, actor.pk)
    _keep_rule(attendee_list)
    return attendee


@transaction.atomic
def attendee_update(*, actor, attendee: Attendee) -> Attendee:
    """Save changed details of an attendee (the contact it came from is left as it is)."""
    attendee_list = _locked_list(attendee.meeting, attendee.network)
    _save(attendee)
    audit.info("attendee %s changed by %s", attendee.pk, actor.pk)
    _keep_rule(attendee_list)
    return attendee


@transaction.atomic
def attendee_remove(*, actor, attendee: Attendee) -> None:
    """Take a person off the list. Refused when a handed-in list would then break the rule."""
    attendee_list = _locked_list(attendee.meeting, attendee.network)
    # Through the queryset, so that a refused removal leaves the caller's object as it was.
    Attendee.objects.filter(pk=attendee.pk).delete()
    audit.info("attendee %s removed by %s", attendee.pk, actor.pk)
    _keep_rule(attendee_list)


# Handing in and the exception


@transaction.atomic
def attendees_submit(*, actor, meeting: ReviewMeeting, network: Network) -> AttendeeList:
    """Hand in the network's list. Raises ValidationError with what is missing under the rule,
    unless the secretary accepted an exception.

    Side effect: the cycle's "attendees" task is ticked off once every network is in.
    """
    attendee_list = _locked_list(meeting, network)
    if attendee_list.is_submitted:
        return attendee_list
    if not attendee_list.exception_accepted:
        problems = attendees_check(meeting, network)
        if problems:
            raise ValidationError(problems, code="rule")
    attendee_list.submitted_at, attendee_list.submitted_by = timezone.now(), actor
    attendee_list.save(update_fields=["submitted_at", "submitted_by", "updated_at"])
    audit.info("attendee list %s submitted by %s", attendee_list.pk, actor.pk)
    _tick_task(actor, meeting)
    return attendee_list


@transaction.atomic
def attendees_accept_exception(*, actor, meeting: ReviewMeeting, network: Network, reason: str) -> AttendeeList:
    """The secretary accepts the network's list although it misses part of the rule; the reason is required.

    Side effects: the network may hand in its list as it is; the cycle's "attendees" task is
    ticked off once every network is in (an excused network counts as in).
    """
    if not actor.has_perm("meetings.accept_attendee_exception"):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"exception_reason": _("Give the reason for the exception.")}, code="required")
    attendee_list = _locked_list(meeting, network)
    attendee_list.exception_accepted = True
    attendee_list.exception_reason = reason
    attendee_list.exception_by, attendee_list.exception_at = actor, timezone.now()
    attendee_list.full_clean(exclude=["meeting", "network"])
    attendee_list.save()
    audit.info("attendee list %s: exception accepted by %s", attendee_list.pk, actor.pk)
    _tick_task(actor, meeting)
    return attendee_list


def _tick_task(actor, meeting: ReviewMeeting) -> None:
    """Tick off the open "attendees" tasks whose networks are all in (submitted or excused).

    A task tied to a meeting waits for that meeting's networks; the cycle's own task (the playbook
    row is a month task, so normally this one) waits for every network of every meeting of the
    cycle, and for no participating network to be still without a meeting.
    """
    cycle = meeting.cycle
    tasks = list(Task.objects.filter(cycle=cycle, key=TASK_KEY, state=TaskState.OPEN))
    if not tasks:
        return
    done = set(
        AttendeeList.objects.filter(meeting__cycle=cycle)
        .filter(Q(submitted_at__isnull=False) | Q(exception_accepted=True))
        .values_list("meeting_id", "network_id")
    )
    membership = set(
        ReviewMeeting.networks.through.objects.filter(reviewmeeting__cycle=cycle).values_list(
            "reviewmeeting_id", "network_id"
        )
    )
    ungrouped = cycle.networks.filter(active=True).exclude(review_meetings__cycle=cycle).exists()
    for task in tasks:
        if task.meeting_id is not None:
            needed = {pair for pair in membership if pair[0] == task.meeting_id}
        else:
            needed = membership if not ungrouped else set()
        if needed and needed <= done:
            task_set_state(actor=actor, task=task, state=TaskState.DONE)
