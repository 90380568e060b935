"""Writes of the preparation: themes of a cycle, entries saved one at a time, submission.

Each good practice or bottleneck is saved on its own, with the version (``updated_at``) the
editor had when it loaded it: two coordinators typing in different entries never touch each other's
text, and one who saves over an entry that changed since gets ``StaleEntry`` with what the other
saved, to merge, instead of silently overwriting it.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, RestrictedError
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from networks.selectors import coordinators_by_network
from peerreview.cycles.models import Cycle
from peerreview.cycles.services import tasks_complete
from peerreview.mail.services import message_compose, template_for
from surveys import selectors
from surveys.enums import MAX_LEARNING_QUESTIONS, MIN_LEARNING_QUESTIONS
from surveys.mails import PREPARATION_INVITE
from surveys.models import Bottleneck, Entry, GoodPractice, Preparation, Theme
from surveys.themes import DEFAULT_THEMES, OWN_THEME

audit = logging.getLogger("peerreview.audit")


class StaleEntry(Exception):
    """The entry changed since the editor loaded it; ``current`` is what is saved now (None: deleted)."""

    def __init__(self, current: Entry | None):
        super().__init__("stale entry")
        self.current = current


# Themes


@transaction.atomic
def themes_install(*, cycle: Cycle) -> list[Theme]:
    """Give a cycle its themes if it has none: the previous cycle's, or else the 2016 form's."""
    if cycle.themes.exists():
        return list(selectors.themes_of(cycle))
    previous = list(Theme.objects.filter(cycle=cycle.previous_id, active=True)) if cycle.previous_id else []
    if previous:
        themes = [
            Theme(
                cycle=cycle,
                key=t.key,
                name=t.name,
                name_en=t.name_en,
                hints=t.hints,
                position=t.position,
                is_own=t.is_own,
            )
            for t in previous
        ]
    else:
        rows = [(key, nl, en, "\n".join(hints), False) for key, nl, en, hints in DEFAULT_THEMES]
        rows.append((*OWN_THEME, "", True))
        themes = [
            Theme(cycle=cycle, key=key, name=nl, name_en=en, hints=hints, position=(index + 1) * 10, is_own=own)
            for index, (key, nl, en, hints, own) in enumerate(rows)
        ]
    Theme.objects.bulk_create(themes)
    return list(selectors.themes_of(cycle))


def theme_save(*, actor, theme: Theme) -> Theme:
    """Add or change a theme of a cycle. Side effect: the form shows it from now on."""
    theme.full_clean()
    theme.save()
    audit.info("theme %s of cycle %s saved by %s", theme.key, theme.cycle_id, actor.pk)
    return theme


def theme_in_use(theme: Theme) -> bool:
    return theme.good_practices.exists() or theme.bottlenecks.exists()


@transaction.atomic
def theme_delete(*, actor, theme: Theme) -> None:
    """Remove a theme that no entry uses; one in use can only be retired (``active=False``)."""
    in_use = ValidationError(_("This theme has entries; retire it instead, so that they keep their theme."))
    if theme_in_use(theme):
        raise in_use
    try:
        theme.delete()
    except RestrictedError:  # an entry written since the check above
        raise in_use from None
    audit.info("theme %s of cycle %s deleted by %s", theme.key, theme.cycle_id, actor.pk)


# Preparations and their entries


def preparation_for(*, cycle: Cycle, network) -> Preparation:
    """The network's preparation for the cycle, started (empty) on first use."""
    themes_install(cycle=cycle)
    preparation, _created = Preparation.objects.get_or_create(cycle=cycle, network=network)
    return preparation


def _check_open(preparation: Preparation) -> None:
    if preparation.is_submitted:
        raise ValidationError(_("This preparation has been submitted; only the secretary can reopen it."))


def _renumber_learning_questions(preparation: Preparation, order: list[int] | None = None) -> None:
    """Priorities 1..n with no gaps, in the given order or the present one."""
    questions = list(selectors.learning_questions(preparation))
    if order is not None:
        rank = {pk: index for index, pk in enumerate(order)}
        questions.sort(key=lambda q: rank.get(q.pk, len(rank)))
    for priority, question in enumerate(questions, start=1):
        if question.priority != priority:
            Bottleneck.objects.filter(pk=question.pk).update(priority=priority)
    Bottleneck.objects.filter(preparation=preparation, learning_question="").exclude(priority=None).update(
        priority=None
    )


@transaction.atomic
def entry_save(*, actor, entry: GoodPractice | Bottleneck, version: str | None = None) -> GoodPractice | Bottleneck:
    """Save one good practice or bottleneck of an open preparation.

    ``version`` is the entry's ``updated_at`` as the editor loaded it (None for a new entry); a
    mismatch raises ``StaleEntry``. A fifth learning question is refused. Side effects: learning
    question priorities renumbered; the preparation's ``updated_at`` touched.
    """
    preparation = Preparation.objects.select_for_update().get(pk=entry.preparation_id)
    _check_open(preparation)
    if entry.pk is not None:
        current = type(entry).objects.filter(pk=entry.pk, preparation=preparation).first()
        if current is None or (version is not None and current.updated_at.isoformat() != version):
            raise StaleEntry(current)
    entry.full_clean()
    if isinstance(entry, Bottleneck) and entry.learning_question:
        others = selectors.learning_questions(preparation).exclude(pk=entry.pk)
        if others.count() >= MAX_LEARNING_QUESTIONS:
            raise ValidationError(
                {
                    "learning_question": _(
                        "You already have %(max)d learning questions, the most the meeting can take. "
                        "Remove one first, or describe this bottleneck without a question."
                    )
                    % {"max": MAX_LEARNING_QUESTIONS}
                }
            )
        if entry.priority is None:
            entry.priority = (others.aggregate(m=Max("priority"))["m"] or 0) + 1
    if entry.pk is None:
        siblings = type(entry).objects.filter(preparation=preparation, theme=entry.theme)
        entry.position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    entry.save()
    _renumber_learning_questions(preparation)
    preparation.save(update_fields=["updated_at"])
    return entry


@transaction.atomic
def entry_delete(*, actor, entry: GoodPractice | Bottleneck) -> None:
    preparation = Preparation.objects.select_for_update().get(pk=entry.preparation_id)
    _check_open(preparation)
    entry.delete()
    _renumber_learning_questions(preparation)
    preparation.save(update_fields=["updated_at"])


@transaction.atomic
def learning_questions_reorder(*, actor, preparation: Preparation, order: list[int]) -> None:
    """Put the learning questions in the network's order of priority (ids, most important first)."""
    preparation = Preparation.objects.select_for_update().get(pk=preparation.pk)
    _check_open(preparation)
    _renumber_learning_questions(preparation, order)
    preparation.save(update_fields=["updated_at"])


def preparation_set_own_theme(*, actor, preparation: Preparation, name: str) -> Preparation:
    _check_open(preparation)
    preparation.own_theme_name = " ".join(name.split())
    preparation.full_clean()
    preparation.save(update_fields=["own_theme_name", "updated_at"])
    return preparation


def preparation_problems(preparation: Preparation) -> list[str]:
    """What stands between this preparation and submission, in words a coordinator understands."""
    problems = []
    count = selectors.learning_questions(preparation).count()
    if count < MIN_LEARNING_QUESTIONS:
        problems.append(
            ngettext(
                "Formulate at least %(min)d learning questions (with the bottlenecks you want to discuss); "
                "you have %(count)d.",
                "Formulate at least %(min)d learning questions (with the bottlenecks you want to discuss); "
                "you have %(count)d.",
                count,
            )
            % {"min": MIN_LEARNING_QUESTIONS, "count": count}
        )
    if count > MAX_LEARNING_QUESTIONS:
        problems.append(
            _("At most %(max)d learning questions; you have %(count)d.")
            % {"max": MAX_LEARNING_QUESTIONS, "count": count}
        )
    own_used = (
        preparation.good_practices.filter(theme__is_own=True).exists()
        or preparation.bottlenecks.filter(theme__is_own=True).exists()
    )
    if own_used and not preparation.own_theme_name:
        problems.append(_("Name your own theme, or move its entries to another theme."))
    entries = [
        *preparation.good_practices.select_related("theme", "preparation"),
        *preparation.bottlenecks.select_related("theme", "preparation"),
    ]
    for entry in entries:
        try:
            # Their own fields and rules; the foreign keys are loaded above, no need to look them up again.
            entry.clean_fields(exclude=["preparation", "theme"])
            entry.clean()
        except ValidationError as error:
            problems.append(f"{entry}: {' '.join(error.messages)}")
    return problems


@transaction.atomic
def preparation_submit(*, actor, preparation: Preparation) -> Preparation:
    """Hand the preparation in. Raises ValidationError listing what is missing.

    After the deadline (the cycle's days before the network's meeting) it is accepted and marked
    late. Side effect: coordinators can no longer edit it; the secretary can reopen it.
    """
    preparation = Preparation.objects.select_for_update().select_related("cycle", "network").get(pk=preparation.pk)
    _check_open(preparation)
    problems = preparation_problems(preparation)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    deadline = selectors.deadline_of(preparation.cycle, preparation.network)
    preparation.submitted_at, preparation.submitted_by = now, actor
    preparation.late = deadline is not None and timezone.localdate(now) > deadline
    preparation.save(update_fields=["submitted_at", "submitted_by", "late", "updated_at"])
    audit.info("preparation %s submitted by %s (late: %s)", preparation.pk, actor.pk, preparation.late)
    _tick_meeting_task(actor, preparation)
    return preparation


def _tick_meeting_task(actor, preparation: Preparation) -> None:
    """The playbook's "submit the preparation" task of a meeting is done when all its networks have."""
    meeting = selectors.meeting_of(preparation.cycle, preparation.network)
    if meeting is None:
        return
    network_ids = set(meeting.networks.values_list("pk", flat=True))
    submitted = set(
        Preparation.objects.filter(
            cycle=preparation.cycle, network_id__in=network_ids, submitted_at__isnull=False
        ).values_list("network_id", flat=True)
    )
    if submitted == network_ids:
        tasks_complete(actor=actor, cycle=preparation.cycle, key="preparation", meeting=meeting)


def preparation_invite_send(*, actor, cycle: Cycle) -> int:
    """Send each participating network's coordinators the link to their preparation (the January task).

    Returns how many messages were written. Side effects: outbox messages; preparations started;
    the playbook's "send the form" task ticked off.
    """
    themes_install(cycle=cycle)
    networks = list(cycle.networks.filter(active=True).order_by("name"))
    coordinators = coordinators_by_network([network.pk for network in networks])
    template = template_for(PREPARATION_INVITE.key)
    count = 0
    with transaction.atomic():
        for network in networks:
            preparation = preparation_for(cycle=cycle, network=network)
            deadline = selectors.deadline_of(cycle, network)
            link = settings.SITE_URL + reverse("surveys:preparation", kwargs={"year": cycle.year, "slug": network.slug})
            for user in coordinators.get(network.pk, []):
                with translation.override(user.language or "nl"):
                    context = {
                        "name": user.get_full_name(),
                        "network": network.name,
                        "cycle": str(cycle.year),
                        "deadline": formats.date_format(deadline, "j F Y") if deadline else "",
                        "link": link,
                    }
                message_compose(
                    kind=PREPARATION_INVITE.key,
                    to=user.email,
                    context=context,
                    language=user.language or "nl",
                    recipient=user,
                    concerning=preparation,
                    template=template,
                )
                count += 1
        tasks_complete(actor=actor, cycle=cycle, key="preparation_send")
    audit.info("preparation form sent for cycle %s by %s: %s messages", cycle.year, actor.pk, count)
    return count


@transaction.atomic
def preparation_reopen(*, actor, preparation: Preparation) -> Preparation:
    """The secretary opens a submitted preparation for changes again; submitting again is needed."""
    preparation = Preparation.objects.select_for_update().get(pk=preparation.pk)
    if not preparation.is_submitted:
        return preparation
    preparation.submitted_at, preparation.submitted_by, preparation.late = None, None, False
    preparation.reopened_at, preparation.reopened_by = timezone.now(), actor
    preparation.save(update_fields=["submitted_at", "submitted_by", "late", "reopened_at", "reopened_by", "updated_at"])
    audit.info("preparation %s reopened by %s", preparation.pk, actor.pk)
    return preparation
