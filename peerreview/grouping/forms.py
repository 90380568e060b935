"""Forms of the grouping pages. They validate the input's shape; peerreview.grouping.services judges
the constraints and the groups (a pair that must and must not meet, group sizes…) and stores."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from peerreview.grouping.models import Answer
from peerreview.grouping.optimizer import CRITERIA, Constraints, Weights
from peerreview.grouping.optimizer.model import CRITERION_LABELS

CRITERION_HELP = {
    "mix": _("A young or small network meets a large one in every meeting; young or small networks meet apart."),
    "spread_large": _("The largest networks (as many as there are meetings) each in a different meeting."),
    "proximity": _("Networks close to each other meet (or, with “far”, networks far apart)."),
    "likeness": _(
        "Networks with a similar mix of partners (universities, universities of applied sciences, teacher "
        "training, companies) meet."
    ),
    "continuity": _("The networks that met in the previous cycle meet again."),
    "learning_fit": _(
        "A network's good practices answer another's learning questions: same theme counts most, then shared "
        "words. Known once the preparations are in."
    ),
}
MAX_WEIGHT = 5
NEAR, FAR = "near", "far"


class SettingsForm(forms.Form):
    """The weights per criterion and the networks that do not take part; the pairs are formsets beside it."""

    proximity_direction = forms.ChoiceField(
        label=_("Proximity"),
        choices=[(NEAR, _("near: networks close to each other")), (FAR, _("far: networks far apart"))],
        widget=forms.RadioSelect,
        initial=NEAR,
    )
    young_since = forms.IntegerField(
        label=_("Young networks: founded in or after"),
        min_value=1950,
        max_value=2100,
        required=False,
        help_text=_("Young networks count with the small ones for “young or small with large”."),
    )
    excluded = forms.TypedMultipleChoiceField(
        label=_("Networks that do not take part this time"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, networks: list[tuple[int, str]], weights: Weights, constraints: Constraints, **kwargs):
        """``networks``: (id, name) of the cycle's networks, read once for this form and the pair forms."""
        super().__init__(*args, **kwargs)
        for name in CRITERIA:
            self.fields[name] = forms.DecimalField(
                label=CRITERION_LABELS[name],
                min_value=0,
                max_value=MAX_WEIGHT,
                decimal_places=2,
                initial=abs(getattr(weights, name)),
                help_text=CRITERION_HELP[name],
                widget=forms.NumberInput(attrs={"step": "0.25"}),
            )
        self.fields["excluded"].choices = networks
        if not self.is_bound:
            self.initial.update(
                proximity_direction=FAR if weights.proximity < 0 else NEAR,
                young_since=weights.young_since,
                excluded=list(constraints.excluded),
            )

    def criterion_fields(self):
        return [self[name] for name in CRITERIA]

    def weights(self) -> Weights:
        data = self.cleaned_data
        values = {name: float(data[name]) for name in CRITERIA}
        if data["proximity_direction"] == FAR:
            values["proximity"] = -values["proximity"]
        return Weights(**values, young_since=data.get("young_since"))


class PairForm(forms.Form):
    first = forms.TypedChoiceField(label=_("Network"), coerce=int, empty_value=None, required=False)
    second = forms.TypedChoiceField(label=_("and network"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, networks: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first", "second"):
            self.fields[name].choices = [("", _("– choose –")), *networks]

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("first") is None) != (cleaned.get("second") is None):
            raise ValidationError(_("Choose two networks, or none."), code="half_pair")
        return cleaned

    def pair(self) -> tuple[int, int] | None:
        first, second = self.cleaned_data.get("first"), self.cleaned_data.get("second")
        return (first, second) if first is not None and second is not None else None


# Empty rows to add pairs, beside the pairs already set.
EXTRA_PAIRS = 2
PairFormSet = forms.formset_factory(PairForm, extra=EXTRA_PAIRS)


def pair_formset(prefix: str, networks, pairs, data=None):
    return PairFormSet(
        data,
        prefix=prefix,
        initial=[{"first": a, "second": b} for a, b in pairs],
        form_kwargs={"networks": networks},
    )


def pairs_of(formset) -> tuple[tuple[int, int], ...]:
    return tuple(pair for form in formset.forms if (pair := form.pair()) is not None)


class MoveForm(forms.Form):
    """Move one network to another group, or swap it with a network of another group.

    ``target`` is "group-<number>" or "network-<id>"; the drag-and-drop script fills in the same
    fields as the select beside each network, so both take one way in.
    """

    network = forms.TypedChoiceField(coerce=int)
    target = forms.ChoiceField(label=_("Move to"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, groups, names: dict, **kwargs):
        super().__init__(*args, **kwargs)
        members = [network_id for group in groups for network_id in group]
        self.fields["network"].choices = [(i, names.get(str(i), i)) for i in members]
        self.fields["target"].choices = [
            (f"group-{number}", _("group %(number)d") % {"number": number}) for number in range(1, len(groups) + 1)
        ] + [(f"network-{i}", names.get(str(i), i)) for i in members]

    def move(self) -> dict:
        """Keyword arguments for services.moved: to_group (0-based) or swap_with."""
        kind, _dash, value = self.cleaned_data["target"].partition("-")
        if kind == "group":
            return {"to_group": int(value) - 1}
        return {"swap_with": int(value)}


class RespondForm(forms.Form):
    proposal = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(label=_("Your answer"), choices=Answer.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you object; welcome when you approve."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].choices = [
            (Answer.APPROVE, _("We approve this grouping")),
            (Answer.OBJECT, _("We object to this grouping")),
        ]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Send our answer")))


class FixForm(forms.Form):
    """A host per meeting, proposed by the product; the secretary may choose another network of the group."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, groups, names: dict, proposed: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        for number, (group, host) in enumerate(zip(groups, proposed, strict=True), start=1):
            self.fields[f"host_{number}"] = forms.TypedChoiceField(
                label=_("Host of meeting %(number)d") % {"number": number},
                choices=[("", _("– no host yet –")), *((i, names.get(str(i), i)) for i in group)],
                coerce=int,
                empty_value=None,
                required=False,
                initial=host,
            )
        self.group_count = len(groups)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Fix the grouping and create the meetings")))

    def host_ids(self) -> list[int | None]:
        return [self.cleaned_data[f"host_{number}"] for number in range(1, self.group_count + 1)]
