"""The written preparation: per network and cycle, good practices and bottlenecks per theme.

A bottleneck the network wants to discuss carries its learning question; the network puts its
2–4 learning questions in order of priority. Each good practice or bottleneck is at most 200 words
(the 2016 form's guideline, enforced here so that no way in can store more).
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from peerreview.core.models import TimeStampedModel
from peerreview.cycles.models import Cycle
from surveys.enums import MAX_WORDS, PreparationState

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


class Preparation(TimeStampedModel):
    """One network's written preparation for one cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="preparations", verbose_name=_("cycle"))
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="preparations", verbose_name=_("network")
    )
    own_theme_name = models.CharField(_("name of your own theme"), max_length=200, blank=True)
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
        verbose_name = _("preparation")
        verbose_name_plural = _("preparations")
        ordering = ["cycle", "network__name"]
        constraints = [models.UniqueConstraint("cycle", "network", name="preparation_unique_per_network")]

    def __str__(self):
        return _("Preparation of %(network)s, %(year)s") % {"network": self.network, "year": self.cycle.year}

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

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
