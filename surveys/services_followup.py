"""Writes of the follow-up questionnaire: the round's settings, the previous cycle's action points
the secretary enters, a network's answers, submission, reopening and sending the questionnaire.

A network's follow-up is made on first use (a coordinator opens it, or the secretary sends the
questionnaire) and prefilled then with the network's action points of the previous cycle: those
the registered sources give (``surveys.followup``), or else those the secretary entered. The
secretary's later corrections to entered action points reach an open follow-up too; a submitted
one keeps its questions until the secretary reopens it.
"""

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from networks.models import Network
from networks.selectors import coordinators_by_network
from peerreview.cycles import reminders
from peerreview.cycles.models import Cycle
from peerreview.cycles.services import tasks_complete
from peerreview.mail.services import message_compose, template_for
from surveys import selectors_followup as selectors
from surveys.followup import registered_seeds
from surveys.mails import FOLLOWUP_INVITE
from surveys.models import FollowUp, FollowUpItem, FollowUpSettings, PreviousActionPoint

audit = logging.getLogger("peerreview.audit")

# The playbook row ticked off once every participating network has submitted its follow-up.
TASK_KEY = "follow_up"


# The round's settings


@transaction.atomic
def followup_settings_save(*, actor, followup_settings: FollowUpSettings) -> FollowUpSettings:
    """Save the deadline and the reminder's timing. Side effect: reminders re-planned."""
    followup_settings.full_clean()
    followup_settings.save()
    reminders.reminders_plan(cycle=followup_settings.cycle)
    audit.info("follow-up settings of cycle %s saved by %s", followup_settings.cycle_id, actor.pk)
    return followup_settings


# A network's follow-up


def _prefill(follow_up: FollowUp) -> None:
    seeds = registered_seeds(follow_up.cycle.previous, follow_up.network)
    if seeds:
        # Minutes may name someone at more length than the field holds; the start says who.
        items = [
            FollowUpItem(follow_up=follow_up, text=seed.text.strip(), who=seed.who.strip()[:200], due=seed.due)
            for seed in seeds
            if seed.text.strip()
        ]
    else:
        items = [
            FollowUpItem(follow_up=follow_up, action_point=point, text=point.text, who=point.who, due=point.due)
            for point in selectors.previous_action_points(follow_up.cycle, follow_up.network)
        ]
    for position, item in enumerate(items, start=1):
        item.position = position
    FollowUpItem.objects.bulk_create(items)


@transaction.atomic
def followup_for(*, cycle: Cycle, network: Network) -> FollowUp:
    """The network's follow-up for the cycle, made and prefilled with its previous action points on first use."""
    follow_up, created = FollowUp.objects.select_related("cycle__previous", "network").get_or_create(
        cycle=cycle, network=network
    )
    if created:
        _prefill(follow_up)
    return follow_up


def _check_open(follow_up: FollowUp) -> None:
    if follow_up.is_submitted:
        raise ValidationError(_("This follow-up has been submitted; only the secretary can reopen it."))


@transaction.atomic
def followup_save(
    *,
    actor,
    follow_up: FollowUp,
    items: Sequence[FollowUpItem] = (),
    exchange: tuple[str, str] | None = None,
) -> FollowUp:
    """Save answers of an open follow-up: the state and comment of the given items, and (when given)
    the exchange answer with its explanation. Nothing is saved if one of them is refused.

    Only what is given is written, so that two coordinators answering different action points do
    not overwrite each other (the forms refuse a stale edit of the same one).
    """
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    _check_open(locked)
    for item in items:
        if item.follow_up_id != locked.pk:
            raise ValidationError(_("This action point belongs to another follow-up."))
        item.comment = (item.comment or "").strip()
        item.full_clean(exclude=["follow_up", "action_point"])
    if exchange is not None:
        locked.exchange, locked.exchange_explanation = exchange[0], (exchange[1] or "").strip()
        locked.full_clean(exclude=["cycle", "network"])
    for item in items:
        item.save(update_fields=["state", "comment", "updated_at"])
    if exchange is not None:
        locked.save(update_fields=["exchange", "exchange_explanation", "updated_at"])
    return locked


def followup_problems(follow_up: FollowUp) -> list[str]:
    """What stands between this follow-up and submission, in words a coordinator understands."""
    problems = [
        _("Action point %(number)d has no answer yet: %(text)s") % {"number": number, "text": item.text[:80]}
        for number, item in enumerate(follow_up.items.order_by("position", "pk"), start=1)
        if not item.state
    ]
    if not follow_up.exchange:
        problems.append(_("Say whether exchange with other networks has grown since the last review."))
    if not follow_up.exchange_explanation.strip():
        problems.append(_("Explain your answer about exchange with other networks."))
    return problems


@transaction.atomic
def followup_submit(*, actor, follow_up: FollowUp) -> FollowUp:
    """Hand the follow-up in. Raises ValidationError listing what is missing.

    After the deadline it is accepted and marked late. Side effects: coordinators can no longer
    edit it (the secretary can reopen it); its reminders are no longer wanted; the playbook's
    follow-up task is ticked off once every participating network has submitted.
    """
    follow_up = FollowUp.objects.select_for_update().select_related("cycle", "network").get(pk=follow_up.pk)
    _check_open(follow_up)
    problems = followup_problems(follow_up)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    deadline = selectors.followup_deadline(follow_up.cycle)
    follow_up.submitted_at, follow_up.submitted_by = now, actor
    follow_up.late = deadline is not None and timezone.localdate(now) > deadline
    follow_up.save(update_fields=["submitted_at", "submitted_by", "late", "updated_at"])
    audit.info("follow-up %s submitted by %s (late: %s)", follow_up.pk, actor.pk, follow_up.late)
    if not _tick_task(actor, follow_up.cycle):
        reminders.reminders_plan(cycle=follow_up.cycle)
    return follow_up


def _tick_task(actor, cycle: Cycle) -> bool:
    """Tick off the follow-up task when every active participating network has submitted; True if ticked."""
    network_ids = set(cycle.networks.filter(active=True).values_list("pk", flat=True))
    submitted = set(
        FollowUp.objects.filter(cycle=cycle, network_id__in=network_ids, submitted_at__isnull=False).values_list(
            "network_id", flat=True
        )
    )
    # Re-plans the cycle's reminders too.
    return network_ids == submitted and tasks_complete(actor=actor, cycle=cycle, key=TASK_KEY) > 0


@transaction.atomic
def followup_reopen(*, actor, follow_up: FollowUp) -> FollowUp:
    """The secretary opens a submitted follow-up for changes again; submitting again is needed.

    Side effect: its coordinators are reminded again before the deadline.
    """
    follow_up = FollowUp.objects.select_for_update().select_related("cycle").get(pk=follow_up.pk)
    if not follow_up.is_submitted:
        return follow_up
    follow_up.submitted_at, follow_up.submitted_by, follow_up.late = None, None, False
    follow_up.reopened_at, follow_up.reopened_by = timezone.now(), actor
    follow_up.save(update_fields=["submitted_at", "submitted_by", "late", "reopened_at", "reopened_by", "updated_at"])
    reminders.reminders_plan(cycle=follow_up.cycle)
    audit.info("follow-up %s reopened by %s", follow_up.pk, actor.pk)
    return follow_up


# Sending the questionnaire


def followup_link(cycle: Cycle, network: Network) -> str:
    return settings.SITE_URL + reverse("surveys:followup", kwargs={"year": cycle.year, "slug": network.slug})


def followup_mail_context(cycle: Cycle, network: Network, user, deadline) -> dict:
    """The placeholders of the follow-up's mails, in the recipient's language."""
    with translation.override(user.language or "nl"):
        return {
            "name": user.get_full_name(),
            "network": network.name,
            "cycle": str(cycle.year),
            "previous": str(cycle.previous.year if cycle.previous_id else cycle.year - 2),
            "deadline": formats.date_format(deadline, "j F Y"),
            "link": followup_link(cycle, network),
        }


@transaction.atomic
def followup_invite_send(*, actor, cycle: Cycle) -> int:
    """Send each participating network's coordinators the link to their follow-up (the October task).

    Refused without a deadline, or with one that has passed. Returns how many messages were
    written. Side effects: outbox messages; follow-ups made and prefilled; the round marked sent,
    which plans the reminders.
    """
    followup_settings = FollowUpSettings.objects.select_for_update().filter(cycle=cycle).first()
    if followup_settings is None or followup_settings.deadline is None:
        raise ValidationError(_("Set the deadline for the answers first."), code="no_deadline")
    if followup_settings.deadline < timezone.localdate():
        raise ValidationError(_("The deadline has passed; set a new one first."), code="deadline_passed")
    networks = list(cycle.networks.filter(active=True).order_by("name"))
    coordinators = coordinators_by_network([network.pk for network in networks])
    template = template_for(FOLLOWUP_INVITE.key)
    count = 0
    for network in networks:
        follow_up = followup_for(cycle=cycle, network=network)
        for user in coordinators.get(network.pk, []):
            message_compose(
                kind=FOLLOWUP_INVITE.key,
                to=user.email,
                context=followup_mail_context(cycle, network, user, followup_settings.deadline),
                language=user.language or "nl",
                recipient=user,
                concerning=follow_up,
                template=template,
            )
            count += 1
    followup_settings.sent_at, followup_settings.sent_by = timezone.now(), actor
    followup_settings.save(update_fields=["sent_at", "sent_by", "updated_at"])
    reminders.reminders_plan(cycle=cycle)
    audit.info("follow-up questionnaire sent for cycle %s by %s: %s messages", cycle.year, actor.pk, count)
    return count


# The previous cycle's action points, entered by the secretary


def _open_followup_of(point: PreviousActionPoint) -> FollowUp | None:
    """The network's follow-up, locked; refused when it was submitted (its questions are fixed then)."""
    follow_up = (
        FollowUp.objects.select_for_update().filter(cycle_id=point.cycle_id, network_id=point.network_id).first()
    )
    if follow_up is not None and follow_up.is_submitted:
        raise ValidationError(
            _("The follow-up of %(network)s has been submitted; reopen it first, so that the network sees the change.")
            % {"network": follow_up.network.name},
            code="submitted",
        )
    return follow_up


@transaction.atomic
def action_point_save(*, actor, point: PreviousActionPoint) -> PreviousActionPoint:
    """Add or correct an action point of the previous cycle for a network of the cycle.

    Side effect: the network's open follow-up asks about it as corrected (or, new, as its last
    question) — unless that follow-up took its action points from a registered source.
    """
    point.full_clean()
    if not point.cycle.networks.filter(pk=point.network_id).exists():
        raise ValidationError(
            {"network": _("%(network)s does not take part in this cycle.") % {"network": point.network.name}},
            code="not_in_cycle",
        )
    follow_up = _open_followup_of(point)
    adding = point.pk is None
    if adding:
        last = PreviousActionPoint.objects.filter(cycle=point.cycle, network=point.network).aggregate(m=Max("position"))
        point.position = (last["m"] or 0) + 1
    point.save()
    if follow_up is not None:
        if not adding:
            # Not the item's updated_at: that is the version of the network's answer, which this does not touch.
            follow_up.items.filter(action_point=point).update(text=point.text, who=point.who, due=point.due)
        elif not follow_up.items.filter(action_point__isnull=True).exists():
            last = follow_up.items.aggregate(m=Max("position"))["m"] or 0
            FollowUpItem.objects.create(
                follow_up=follow_up,
                action_point=point,
                text=point.text,
                who=point.who,
                due=point.due,
                position=last + 1,
            )
    audit.info("previous action point %s of cycle %s saved by %s", point.pk, point.cycle_id, actor.pk)
    return point


@transaction.atomic
def action_point_delete(*, actor, point: PreviousActionPoint) -> None:
    """Remove an action point; the network's open follow-up no longer asks about it (its answer goes too)."""
    follow_up = _open_followup_of(point)
    if follow_up is not None:
        follow_up.items.filter(action_point=point).delete()
    audit.info("previous action point %s of cycle %s deleted by %s", point.pk, point.cycle_id, actor.pk)
    point.delete()
