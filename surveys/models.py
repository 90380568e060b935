"""The written preparation: per network and cycle, good practices and bottlenecks per theme.

A bottleneck the network wants to discuss carries its learning question; the network puts its
2–4 learning questions in order of priority. Each good practice or bottleneck is at most 200 words
(the 2016 form's guideline, enforced here so that no way in can store more).
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from peerreview.core.models import TimeStampedModel
from peerreview.cycles.models import Cycle
from surveys.enums import MAX_WORDS, ActionPointState, ExchangeAnswer, FollowUpState, PreparationState

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def count_words(*texts: str) -> int:
    """Words as a reader counts them: "havo-hbo" and "TOA's" are one word each; punctuation is none."""
    return sum(len(_WORD.findall(text or "")) for text in texts)


class Theme(TimeStampedModel):
    """A section of a cycle's preparation form, with hints to inspire the networks."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="themes", verbose_name=_("cycle"))
    key = models.SlugField(_("key"), max_length=50)
    name = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    hints = models.TextField(_("hints"), blank=True, help_text=_("One sub-topic per line."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)
    is_own = models.BooleanField(
        _("named by the network"), default=False, help_text=_("The optional theme each network names itself.")
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["cycle", "position", "pk"]
        constraints = [models.UniqueConstraint("cycle", "key", name="theme_key_unique_per_cycle")]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    @property
    def hint_list(self) -> list[str]:
        return [line.strip() for line in self.hints.splitlines() if line.strip()]


class Submission(TimeStampedModel):
    """What a network hands in once per cycle: who submitted it and when, late or not, reopened or not."""

    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    late = models.BooleanField(_("late"), default=False)
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Preparation(Submission):
    """One network's written preparation for one cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="preparations", verbose_name=_("cycle"))
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="preparations", verbose_name=_("network")
    )
    own_theme_name = models.CharField(_("name of your own theme"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("preparation")
        verbose_name_plural = _("preparations")
        ordering = ["cycle", "network__name"]
        constraints = [models.UniqueConstraint("cycle", "network", name="preparation_unique_per_network")]

    def __str__(self):
        return _("Preparation of %(network)s, %(year)s") % {"network": self.network, "year": self.cycle.year}

    @property
    def state(self) -> str:
        if self.submitted_at is None:
            return PreparationState.DRAFT
        return PreparationState.LATE if self.late else PreparationState.SUBMITTED


class Entry(TimeStampedModel):
    """What good practices and bottlenecks share: a place in a preparation, under a theme."""

    preparation = models.ForeignKey(Preparation, on_delete=models.CASCADE, verbose_name=_("preparation"))
    # RESTRICT: a theme with entries cannot be deleted on its own, but goes with its cycle.
    theme = models.ForeignKey(Theme, on_delete=models.RESTRICT, verbose_name=_("theme"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    # The text fields counted together against MAX_WORDS.
    counted_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True
        ordering = ["theme__position", "position", "pk"]

    @property
    def word_count(self) -> int:
        return count_words(*(getattr(self, name) for name in self.counted_fields))

    def clean(self):
        super().clean()
        # clean_fields() ran first and took spaces for text: a required field left empty once
        # stripped is refused here.
        blank = {}
        for name in self.counted_fields:
            typed = getattr(self, name) or ""
            setattr(self, name, typed.strip())
            if typed and not getattr(self, name) and not self._meta.get_field(name).blank:
                blank[name] = self._meta.get_field(name).error_messages["blank"]
        if blank:
            raise ValidationError(blank)
        words = self.word_count
        if words > MAX_WORDS:
            raise ValidationError(
                {
                    self.counted_fields[0]: ngettext(
                        "At most %(max)d words: this has %(count)d word.",
                        "At most %(max)d words: this has %(count)d words.",
                        words,
                    )
                    % {"max": MAX_WORDS, "count": words}
                }
            )
        if self.theme_id and self.preparation_id and self.theme.cycle_id != self.preparation.cycle_id:
            raise ValidationError({"theme": _("This theme belongs to another cycle.")})


class GoodPractice(Entry):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    lessons = models.TextField(_("what other networks can learn from it"), blank=True)
    success_factors = models.TextField(_("success factors"), blank=True)
    want_to_present = models.BooleanField(_("we want to present this"), default=False)

    counted_fields = ("description", "lessons", "success_factors")

    class Meta(Entry.Meta):
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        default_related_name = "good_practices"

    def __str__(self):
        return self.title

    def clean(self):
        typed = self.title or ""
        self.title = " ".join(typed.split())
        if typed and not self.title:
            raise ValidationError({"title": self._meta.get_field("title").error_messages["blank"]})
        super().clean()


class Bottleneck(Entry):
    description = models.TextField(_("description"))
    want_to_discuss = models.BooleanField(_("we want to discuss this"), default=False)
    learning_question = models.TextField(_("learning question"), blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), null=True, blank=True)

    counted_fields = ("description", "learning_question")

    class Meta(Entry.Meta):
        verbose_name = _("bottleneck")
        verbose_name_plural = _("bottlenecks")
        default_related_name = "bottlenecks"

    def __str__(self):
        return self.learning_question or self.description[:80]

    @property
    def has_learning_question(self) -> bool:
        return bool(self.learning_question.strip())

    def clean(self):
        super().clean()
        if self.learning_question and not self.want_to_discuss:
            raise ValidationError(
                {"want_to_discuss": _("A learning question is for a bottleneck you want to discuss; tick the box.")}
            )


# The follow-up questionnaire (October): what each network did with the previous cycle's action
# points, and whether its exchange with other networks has grown since.


class FollowUpSettings(TimeStampedModel):
    """A cycle's follow-up round: when the answers are due, when to remind, when it was sent.

    Kept apart from ``Cycle`` because the timeline app knows nothing of the questionnaire.
    """

    cycle = models.OneToOneField(
        Cycle, on_delete=models.CASCADE, related_name="followup_settings", verbose_name=_("cycle")
    )
    deadline = models.DateField(_("answers due"), null=True, blank=True)
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before the deadline)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up settings")
        verbose_name_plural = _("follow-up settings")

    def __str__(self):
        return _("Follow-up of %(year)s") % {"year": self.cycle.year}


class ActionPointFields(TimeStampedModel):
    """An action point as the follow-up asks about it: what, who, by when."""

    text = models.TextField(_("action point"))
    who = models.CharField(_("who"), max_length=200, blank=True)
    due = models.DateField(_("by when"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return self.text[:80]

    def clean(self):
        super().clean()
        typed = self.text or ""
        self.text, self.who = typed.strip(), " ".join((self.who or "").split())
        if typed and not self.text:
            raise ValidationError({"text": self._meta.get_field("text").error_messages["blank"]})


class PreviousActionPoint(ActionPointFields):
    """An action point of the previous cycle, entered (or imported) by the secretary because that
    cycle was not run in the product; the follow-up of ``cycle`` asks about it."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="previous_action_points", verbose_name=_("cycle")
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="previous_action_points", verbose_name=_("network")
    )

    class Meta:
        verbose_name = _("action point of the previous cycle")
        verbose_name_plural = _("action points of the previous cycle")
        ordering = ["cycle", "network__name", "position", "pk"]


class FollowUp(Submission):
    """One network's answers to the follow-up questionnaire of one cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="followups", verbose_name=_("cycle"))
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="followups", verbose_name=_("network"))
    exchange = models.CharField(
        _("has exchange with other networks grown since the last review?"),
        max_length=10,
        choices=ExchangeAnswer.choices,
        blank=True,
    )
    exchange_explanation = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["cycle", "network__name"]
        constraints = [models.UniqueConstraint("cycle", "network", name="followup_unique_per_network")]

    def __str__(self):
        return _("Follow-up of %(network)s, %(year)s") % {"network": self.network, "year": self.cycle.year}

    @property
    def state(self) -> str:
        if self.submitted_at is None:
            return FollowUpState.DRAFT
        return FollowUpState.LATE if self.late else FollowUpState.SUBMITTED


class FollowUpItem(ActionPointFields):
    """One action point in a network's follow-up, with the network's answer.

    The action point's text, who and by when are copied in, so the answer stays readable whatever
    later happens to the minutes or list it came from.
    """

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="items", verbose_name=_("follow-up"))
    # Set for an action point the secretary entered, so that correcting it corrects the question;
    # empty for one taken from a registered source (the minutes of the previous cycle).
    action_point = models.ForeignKey(
        PreviousActionPoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    state = models.CharField(_("what became of it"), max_length=20, choices=ActionPointState.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("action point in a follow-up")
        verbose_name_plural = _("action points in a follow-up")
        ordering = ["follow_up", "position", "pk"]
