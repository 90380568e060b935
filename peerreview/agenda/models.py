"""The agenda of a review meeting, its versions as the chair saw them, and the chair's comments.

The 2016 meetings lasted three hours: a welcome, two blocks of short presentations on learning
questions and good practices followed by dialogue, a break between them, and a closing round on
what was learnt (Tabel 2). ``TemplateSlot`` holds that shape, editable by the secretary; a meeting's
``Agenda`` is drafted from it and the preparations, then edited item by item.

An item on a learning question keeps a copy of the question and of the paired practice's title, so
that the agenda still reads right, and says what changed, when a network edits or removes its
entry after the draft.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from peerreview.agenda.enums import AgendaState, Decision, ItemKind, SlotKind
from peerreview.core.models import TimeStampedModel
from peerreview.cycles.models import ReviewMeeting, TranslatedTitleMixin
from surveys.models import Bottleneck, GoodPractice

MAX_QUESTIONS_PER_NETWORK = 4


class TemplateSlot(TranslatedTitleMixin, TimeStampedModel):
    """One part of the agenda every draft starts from."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=SlotKind.choices)
    title = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), validators=[MinValueValidator(1), MaxValueValidator(480)])

    class Meta:
        verbose_name = _("agenda template part")
        verbose_name_plural = _("agenda template")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.minutes} min {self.title}"


class PresentationFormat(TimeStampedModel):
    """The guide for the short presentations, sent with the agenda pack; one row, edited by the secretary."""

    text_nl = models.TextField(_("text (Dutch)"))
    text_en = models.TextField(_("text (English)"), blank=True)

    class Meta:
        verbose_name = _("presentation format")
        verbose_name_plural = _("presentation format")

    def __str__(self):
        return str(_("presentation format"))


class Agenda(TimeStampedModel):
    meeting = models.OneToOneField(
        ReviewMeeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("meeting")
    )
    questions_per_network = models.PositiveSmallIntegerField(
        _("learning questions per network"),
        default=MAX_QUESTIONS_PER_NETWORK,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_QUESTIONS_PER_NETWORK)],
        help_text=_("Take fewer questions per network for more depth, as the 2016 evaluation recommended."),
    )
    state = models.CharField(_("state"), max_length=20, choices=AgendaState.choices, default=AgendaState.DRAFT)
    # Raised by every change to the items; a version sent to the chair records the revision it
    # showed, so an approval of a version that has since changed can be refused.
    revision = models.PositiveIntegerField(_("revision"), default=1)
    pack_sent_at = models.DateTimeField(_("pack sent"), null=True, blank=True)
    pack_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")
        ordering = ["meeting__date", "meeting__name"]

    def __str__(self):
        return str(self.meeting)


class AgendaItem(TimeStampedModel):
    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="items", verbose_name=_("agenda"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), validators=[MinValueValidator(0), MaxValueValidator(480)])
    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("network asking"),
    )
    bottleneck = models.ForeignKey(
        Bottleneck, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    question = models.TextField(_("learning question"), blank=True)
    good_practice = models.ForeignKey(
        GoodPractice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("good practice"),
    )
    practice_title = models.CharField(_("good practice"), max_length=200, blank=True)
    presenter = models.CharField(
        _("presents"), max_length=200, blank=True, help_text=_("Who presents: a network or a person.")
    )
    match_reason = models.CharField(_("why this good practice"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title or self.question[:80]

    @property
    def question_removed(self) -> bool:
        """The network removed the learning question from its preparation after the draft."""
        return self.kind == ItemKind.QUESTION and self.bottleneck_id is None and bool(self.question)

    @property
    def practice_removed(self) -> bool:
        return self.good_practice_id is None and bool(self.practice_title)

    @property
    def lacks_practice(self) -> bool:
        return self.kind == ItemKind.QUESTION and not self.practice_title


class AgendaVersion(models.Model):
    """The agenda as sent to the chair once: a frozen copy, the chair's decision and comments."""

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="versions", verbose_name=_("agenda"))
    number = models.PositiveSmallIntegerField(_("version"))
    revision = models.PositiveIntegerField(_("revision"))
    items = models.JSONField(_("items"), default=list)
    note = models.TextField(_("note to the chair"), blank=True)
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("agenda version")
        verbose_name_plural = _("agenda versions")
        ordering = ["agenda", "-number"]
        constraints = [models.UniqueConstraint("agenda", "number", name="agendaversion_unique_number")]

    def __str__(self):
        return f"{self.agenda} v{self.number}"

    @property
    def total_minutes(self) -> int:
        return sum(item["minutes"] for item in self.items)


class AgendaComment(models.Model):
    """The chair's remark on one item of a version, or on the version as a whole (no item)."""

    version = models.ForeignKey(
        AgendaVersion, on_delete=models.CASCADE, related_name="comments", verbose_name=_("version")
    )
    item_index = models.PositiveSmallIntegerField(_("item"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on the agenda")
        verbose_name_plural = _("comments on the agenda")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:80]
