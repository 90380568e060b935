"""Changes to the agendas: the template, drafting, editing, the chair's review and the pack.

Every change to an agenda's items raises its revision. A form carries the revision it showed, and
a change made from an older one is refused (``StaleAgenda``), so two people editing at once never
silently overwrite each other; an approval names the version it approves and is refused when the
agenda has changed since that version was sent.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from peerreview.agenda import drafting, selectors
from peerreview.agenda.defaults import DEFAULT_SLOTS, PRESENTATION_FORMAT_EN, PRESENTATION_FORMAT_NL
from peerreview.agenda.enums import AgendaState, Decision, ItemKind, SlotKind
from peerreview.agenda.mails import AGENDA_APPROVED, AGENDA_CHANGES_REQUESTED, AGENDA_PACK, AGENDA_REVIEW
from peerreview.agenda.models import (
    Agenda,
    AgendaComment,
    AgendaItem,
    AgendaVersion,
    PresentationFormat,
    TemplateSlot,
)
from peerreview.cycles.models import ReviewMeeting
from peerreview.cycles.services import tasks_complete
from peerreview.mail.services import message_compose, template_for
from peerreview.meetings.models import PanelRole
from peerreview.meetings.selectors import panel_for_meeting, venue_text
from surveys.models import GoodPractice

audit = logging.getLogger("peerreview.audit")


class StaleAgenda(ValidationError):
    def __init__(self):
        super().__init__(
            _("The agenda was changed by someone else since you opened it. Reload the page to see the changes."),
            code="stale",
        )


# The template and the presentation format ------------------------------------------------------


def template_slots() -> list[TemplateSlot]:
    """The agenda template; the 2016 agenda when the secretary has not set one."""
    slots = list(TemplateSlot.objects.all())
    if not slots:
        with transaction.atomic():
            TemplateSlot.objects.bulk_create(
                TemplateSlot(position=i, kind=kind, minutes=minutes, title=nl, title_en=en)
                for i, (kind, minutes, nl, en) in enumerate(DEFAULT_SLOTS)
            )
        slots = list(TemplateSlot.objects.all())
    return slots


def presentation_format() -> PresentationFormat:
    found = PresentationFormat.objects.first()
    return found or PresentationFormat.objects.create(text_nl=PRESENTATION_FORMAT_NL, text_en=PRESENTATION_FORMAT_EN)


# Drafting and editing -----------------------------------------------------------------------------


def _bump(agenda: Agenda, revision: int | None) -> None:
    """Check the editor saw the latest revision and raise it; an approved agenda needs approval again."""
    updated = Agenda.objects.filter(pk=agenda.pk, **({} if revision is None else {"revision": revision}))
    changes = {"revision": F("revision") + 1, "updated_at": timezone.now()}
    if agenda.state == AgendaState.APPROVED:
        changes["state"] = AgendaState.DRAFT
    if not updated.update(**changes):
        raise StaleAgenda
    agenda.refresh_from_db(fields=["revision", "state", "updated_at"])


def _practice_fields(practice: GoodPractice | None) -> dict:
    if practice is None:
        return {"good_practice": None, "practice_title": "", "presenter": ""}
    return {"good_practice": practice, "practice_title": practice.title, "presenter": practice.preparation.network.name}


def agenda_draft(*, actor, meeting: ReviewMeeting, questions_per_network: int | None = None) -> Agenda:
    """Draft (or draft again, replacing every item) the meeting's agenda from its preparations.

    Side effects: the agenda's items are replaced and its revision raised.
    """
    with transaction.atomic():
        agenda, _created = Agenda.objects.select_for_update().get_or_create(meeting=meeting)
        if questions_per_network is not None:
            agenda.questions_per_network = questions_per_network
            agenda.full_clean(exclude=["meeting"])
            agenda.save(update_fields=["questions_per_network", "updated_at"])
        network_order, bottlenecks, practices = selectors.drafting_material(meeting)
        questions = drafting.select_questions(bottlenecks, network_order, agenda.questions_per_network)
        slots = [drafting.Slot(s.kind, s.display_title, s.minutes) for s in template_slots()]
        agenda.items.all().delete()
        AgendaItem.objects.bulk_create(
            AgendaItem(
                agenda=agenda,
                position=position,
                kind=item.kind,
                title=item.title,
                minutes=item.minutes,
                network=item.bottleneck.preparation.network if item.bottleneck else None,
                bottleneck=item.bottleneck,
                question=item.bottleneck.learning_question if item.bottleneck else "",
                match_reason=item.reason,
                **(
                    _practice_fields(item.practice)
                    if item.kind == ItemKind.QUESTION and item.practice
                    else {"presenter": item.bottleneck.preparation.network.name if item.bottleneck else ""}
                ),
            )
            for position, item in enumerate(drafting.compose(slots, questions, practices))
        )
        if not _created:
            _bump(agenda, None)
    audit.info("agenda of meeting %s drafted by %s", meeting.pk, actor.pk)
    return agenda


def agenda_item_save(*, actor, item: AgendaItem, revision: int, practice_id: int | None = None) -> AgendaItem:
    """Save an item's edited title, minutes and presenter; ``practice_id`` swaps the paired practice."""
    agenda = item.agenda
    with transaction.atomic():
        if practice_id is not None:
            if practice_id == 0:
                item.good_practice, item.practice_title, item.match_reason = None, "", ""
            else:
                practice = selectors.practice_options(item).get(practice_id)
                if practice is None:
                    raise ValidationError(_("Choose a good practice of another network in this meeting."))
                found = drafting.match(item.bottleneck, practice) if item.bottleneck else drafting.Match(practice)
                item.good_practice, item.practice_title = practice, practice.title
                item.presenter, item.match_reason = practice.preparation.network.name, found.reason
        item.full_clean()
        _bump(agenda, revision)
        item.save()
    return item


def agenda_item_add(*, actor, agenda: Agenda, revision: int, title: str, minutes: int) -> AgendaItem:
    """Add a free item (a guest's talk, a round of questions) before the closing."""
    with transaction.atomic():
        closing = agenda.items.filter(kind=ItemKind.CLOSING).order_by("position").first()
        position = closing.position if closing else (agenda.items.count())
        item = AgendaItem(agenda=agenda, kind=ItemKind.FREE, title=title, minutes=minutes, position=position)
        item.full_clean()
        _bump(agenda, revision)
        agenda.items.filter(position__gte=position).update(position=F("position") + 1)
        item.save()
    return item


def agenda_item_delete(*, actor, item: AgendaItem, revision: int) -> None:
    with transaction.atomic():
        _bump(item.agenda, revision)
        item.delete()


def agenda_reorder(*, actor, agenda: Agenda, revision: int, item_ids: list[int]) -> None:
    """Put the items in the given order; the list must name every item of the agenda exactly once."""
    with transaction.atomic():
        current = set(agenda.items.values_list("pk", flat=True))
        if len(item_ids) != len(set(item_ids)) or set(item_ids) != current:
            raise ValidationError(_("The new order must list every item of this agenda once. Reload the page."))
        _bump(agenda, revision)
        items = {item.pk: item for item in agenda.items.all()}
        for position, pk in enumerate(item_ids):
            items[pk].position = position
        AgendaItem.objects.bulk_update(items.values(), ["position"])


# The chair's review --------------------------------------------------------------------------------


def _chair_of(meeting: ReviewMeeting):
    return next((m for m in panel_for_meeting(meeting) if m.role == PanelRole.CHAIR), None)


def _snapshot(agenda: Agenda) -> list[dict]:
    return [
        {
            "kind": item.kind,
            "title": item.title,
            "minutes": item.minutes,
            "network": item.network.name if item.network else "",
            "question": item.question,
            "practice": item.practice_title,
            "presenter": item.presenter,
            "reason": item.match_reason,
        }
        for item in selectors.items_of(agenda)
    ]


def agenda_send_to_chair(*, actor, agenda: Agenda, revision: int, note: str = "") -> AgendaVersion:
    """Freeze the agenda as a new version and ask the meeting's chair to review it.

    Refused while the agenda has problems that block it (too long, questions removed) or the
    meeting has no chair. Side effects: earlier waiting versions are superseded; a mail to the chair.
    """
    meeting = agenda.meeting
    chair = _chair_of(meeting)
    with transaction.atomic():
        agenda = Agenda.objects.select_for_update().get(pk=agenda.pk)
        if agenda.revision != revision:
            raise StaleAgenda
        blocking = [problem.message for problem in selectors.agenda_problems(agenda) if problem.blocking]
        if blocking:
            raise ValidationError(blocking)
        if chair is None:
            raise ValidationError(_("This meeting has no chair yet. Record the chair first."))
        agenda.versions.filter(decision=Decision.PENDING).update(decision=Decision.SUPERSEDED)
        number = (agenda.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version = AgendaVersion.objects.create(
            agenda=agenda,
            number=number,
            revision=agenda.revision,
            items=_snapshot(agenda),
            note=note,
            sent_at=timezone.now(),
            sent_by=actor,
        )
        agenda.state = AgendaState.WITH_CHAIR
        agenda.save(update_fields=["state", "updated_at"])
        language = chair.user.language if chair.user else "nl"
        with translation.override(language):
            context = _mail_context(meeting, chair.name, note, reverse("agenda:review", kwargs={"pk": meeting.pk}))
        message_compose(
            kind=AGENDA_REVIEW.key,
            to=chair.email,
            context=context,
            language=language,
            recipient=chair.user,
            concerning=version,
        )
    audit.info("agenda of meeting %s version %s sent to the chair by %s", meeting.pk, number, actor.pk)
    return version


def _mail_context(meeting: ReviewMeeting, name: str, comment: str, path: str) -> dict:
    return {
        "name": name,
        "meeting": meeting.name,
        "date": formats.date_format(meeting.date, "j F Y") if meeting.date else "",
        "comment": comment,
        "link": settings.SITE_URL + path,
    }


def agenda_comment(*, actor, version: AgendaVersion, text: str, item_index: int | None = None) -> AgendaComment:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write a comment first."))
    if item_index is not None and not 0 <= item_index < len(version.items):
        raise ValidationError(_("That item is not on this version of the agenda."))
    if version.decision != Decision.PENDING:
        raise ValidationError(_("This version is no longer waiting for your review."))
    return AgendaComment.objects.create(version=version, item_index=item_index, author=actor, text=text)


def agenda_decide(*, actor, agenda: Agenda, number: int, approve: bool, comment: str = "") -> AgendaVersion:
    """The chair approves the version they read, or asks for changes with a comment.

    Refused for a version that is not the latest one sent, or when the agenda has changed since.
    Side effects: the agenda's state; the playbook's chair review task; a mail to the secretaries.
    """
    with transaction.atomic():
        agenda = Agenda.objects.select_for_update().select_related("meeting__cycle").get(pk=agenda.pk)
        version = agenda.versions.order_by("-number").first()
        if version is None or version.number != number or version.decision != Decision.PENDING:
            raise ValidationError(
                _(
                    "This is not the version waiting for your review; the secretary has sent a newer one or withdrawn it."
                )
            )
        if version.revision != agenda.revision:
            raise ValidationError(
                _("The agenda has changed since this version was sent to you. The secretary will send the new version.")
            )
        if not approve and not comment.strip():
            raise ValidationError(_("Say which changes you would like."))
        if comment.strip():
            AgendaComment.objects.create(version=version, author=actor, text=comment.strip())
        version.decision = Decision.APPROVED if approve else Decision.CHANGES_REQUESTED
        version.decided_at, version.decided_by = timezone.now(), actor
        version.save(update_fields=["decision", "decided_at", "decided_by"])
        agenda.state = AgendaState.APPROVED if approve else AgendaState.CHANGES_REQUESTED
        agenda.save(update_fields=["state", "updated_at"])
        meeting = agenda.meeting
        if approve:
            tasks_complete(actor=actor, cycle=meeting.cycle, key="chair_review", meeting=meeting)
        kind = AGENDA_APPROVED if approve else AGENDA_CHANGES_REQUESTED
        template = template_for(kind.key)
        path = reverse("agenda:detail", kwargs={"pk": meeting.pk})
        for secretary in get_user_model().objects.filter(is_active=True, is_staff=True):
            with translation.override(secretary.language or "nl"):
                context = _mail_context(meeting, secretary.get_full_name(), comment.strip(), path)
            message_compose(
                kind=kind.key,
                to=secretary.email,
                context=context,
                language=secretary.language or "nl",
                recipient=secretary,
                concerning=version,
                template=template,
            )
    audit.info("agenda of meeting %s version %s %s by %s", meeting.pk, number, version.decision, actor.pk)
    return version


# The pack -------------------------------------------------------------------------------------------


def agenda_pack_send(*, actor, agenda: Agenda, documents) -> int:
    """Send every participant of the meeting the agenda pack as attachments, once the chair approved.

    ``documents`` are the pack's files (name, bytes, MIME type), made by the caller from the
    approved agenda. Returns how many messages were written. Side effects: outbox messages, the
    agenda's pack record and the playbook's agenda task of the meeting.
    """
    meeting = agenda.meeting
    with transaction.atomic():
        agenda = Agenda.objects.select_for_update().get(pk=agenda.pk)
        if agenda.state != AgendaState.APPROVED:
            raise ValidationError(_("The chair has not approved the current agenda yet."))
        people = selectors.participants(meeting)
        if not people:
            raise ValidationError(_("This meeting has no participants yet: the networks have not named attendees."))
        template = template_for(AGENDA_PACK.key)
        for person in people:
            with translation.override(person.language):
                context = {
                    "name": person.name,
                    "meeting": meeting.name,
                    "date": formats.date_format(meeting.date, "j F Y") if meeting.date else "",
                    "time": f"{meeting.start_time:%H:%M}–{meeting.end_time:%H:%M}",
                    "location": venue_text(meeting),
                }
            message_compose(
                kind=AGENDA_PACK.key,
                to=person.email,
                context=context,
                language=person.language,
                recipient=person.user,
                concerning=agenda,
                attachments=documents,
                template=template,
            )
        agenda.pack_sent_at, agenda.pack_sent_by = timezone.now(), actor
        agenda.save(update_fields=["pack_sent_at", "pack_sent_by", "updated_at"])
        tasks_complete(actor=actor, cycle=meeting.cycle, key="agenda", meeting=meeting)
    audit.info("agenda pack of meeting %s sent by %s to %s people", meeting.pk, actor.pk, len(people))
    return len(people)


def template_save(*, actor, formset) -> None:
    """Save the edited agenda template in the order shown; it must keep a block for the questions."""
    # An untouched extra row has no cleaned data; a row ticked for removal is not kept.
    kept = [form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
    if not any(form.cleaned_data["kind"] == SlotKind.BLOCK for form in kept):
        raise ValidationError(_("The agenda needs at least one block for presentations and dialogue."))
    with transaction.atomic():
        for form in formset.deleted_forms:
            if form.instance.pk:
                form.instance.delete()
        for position, form in enumerate(kept):
            slot = form.save(commit=False)
            slot.position = position
            slot.save()
    audit.info("agenda template saved by %s", actor.pk)
