"""Forms of the cycle. They validate; the services in peerreview.cycles.services save."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from peerreview.core.forms import StaleEditMixin
from peerreview.cycles.enums import Owner, TaskState
from peerreview.cycles.models import Cycle, PlaybookStep, ReviewMeeting, Task

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _helper(submit_label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


def _next_cycle_year() -> int:
    today = timezone.localdate()
    return today.year + 1 if today.month >= 10 else today.year


class CycleForm(StaleEditMixin, forms.ModelForm):
    """A cycle's year, predecessor, networks and settings. The year is fixed once the timeline exists."""

    report_recipients = forms.CharField(
        label=capfirst(_("recipients of the slim report")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One e-mail address per line, for example of the ministry (OCW)."),
    )

    class Meta:
        model = Cycle
        fields = [
            "year",
            "previous",
            "networks",
            "preparation_deadline_days",
            "preparation_reminder_days",
            "task_reminder_days",
        ]
        widgets = {"networks": forms.CheckboxSelectMultiple}
        error_messages = {"year": {"unique": _("There is already a cycle for this year.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cycle = self.instance
        self.fields["previous"].queryset = Cycle.objects.exclude(pk=cycle.pk).order_by("-year")
        self.fields["previous"].help_text = _("Its action points are this cycle's follow-up questions.")
        if cycle.pk:
            self.fields["year"].disabled = True
            networks = Network.objects.filter(Q(active=True) | Q(cycles=cycle)).distinct()
            self.initial["report_recipients"] = "\n".join(cycle.report_recipients)
        else:
            networks = Network.objects.filter(active=True)
            latest = Cycle.objects.order_by("-year").first()
            self.fields["previous"].initial = latest
            self.fields["year"].initial = latest.year + 2 if latest else _next_cycle_year()
            self.fields["networks"].initial = list(networks.values_list("pk", flat=True))
        self.fields["networks"].queryset = networks.order_by("name")
        self.fields["networks"].required = False
        self.helper = _helper(_("Save"))

    def clean_report_recipients(self):
        addresses, invalid = [], []
        for line in self.cleaned_data["report_recipients"].splitlines():
            address = line.strip().strip(",;").strip()
            if not address:
                continue
            try:
                validate_email(address)
            except ValidationError as error:
                invalid.append(
                    ValidationError(
                        _("%(address)s: %(error)s"),
                        code="invalid_email",
                        params={"address": address, "error": error.messages[0]},
                    )
                )
                continue
            if address.lower() not in (known.lower() for known in addresses):
                addresses.append(address)
        if invalid:
            raise ValidationError(invalid)
        return addresses

    def clean(self):
        cleaned = super().clean()
        self.instance.report_recipients = cleaned.get("report_recipients", self.instance.report_recipients)
        return cleaned


class MeetingForm(StaleEditMixin, forms.ModelForm):
    class Meta:
        model = ReviewMeeting
        fields = ["name", "networks", "host_network", "date", "start_time", "end_time", "location"]
        widgets = {
            "networks": forms.CheckboxSelectMultiple,
            "date": DATE_INPUT,
            "start_time": TIME_INPUT,
            "end_time": TIME_INPUT,
        }
        help_texts = {"date": _("Saving a date moves the meeting's tasks with it.")}

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cycle = cycle
        networks = cycle.networks.order_by("name")
        self.fields["networks"].queryset = networks
        self.fields["host_network"].queryset = networks
        self.helper = _helper(_("Save"))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = ReviewMeeting.objects.filter(cycle=self.instance.cycle, name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("This cycle already has a meeting with this name."), code="duplicate_name")
        return name

    def clean(self):
        cleaned = super().clean()
        host, networks = cleaned.get("host_network"), cleaned.get("networks")
        if host is not None and networks is not None and host not in networks:
            self.add_error("host_network", _("The host must be one of the meeting's networks."))
        return cleaned


class TaskForm(StaleEditMixin, forms.ModelForm):
    """A task of the timeline, or a free task the secretary adds to it."""

    class Meta:
        model = Task
        fields = ["title", "title_en", "description", "owner", "due_date", "optional"]
        widgets = {"due_date": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cycle = cycle
        if self.instance.meeting_id:
            self.fields["due_date"].help_text = _(
                "This date follows the meeting: changing the meeting's date sets it again."
            )
        elif self.instance.step_id is None:
            # A free task belongs to no playbook month, so the services keep the date given here; and
            # it is one task, not one per meeting as the hosts' tasks are.
            if self.instance.pk is None:
                self.instance.month = None
            self.fields["owner"].choices = [
                choice for choice in self.fields["owner"].choices if choice[0] != Owner.HOSTS
            ]
        self.helper = _helper(_("Save"))


class TaskStateForm(forms.Form):
    state = forms.ChoiceField(choices=TaskState.choices)


class PlaybookStepForm(StaleEditMixin, forms.ModelForm):
    class Meta:
        model = PlaybookStep
        fields = ["title", "title_en", "description", "owner", "anchor", "month", "offset_days", "optional"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            last = PlaybookStep.objects.aggregate(last=Max("position"))["last"] or 0
            self.instance.position = last + 10
        self.helper = _helper(_("Save"))


class PlaybookMoveForm(forms.Form):
    """Moves a step one place up or down among the active steps; ``moved`` lists the steps to save."""

    direction = forms.ChoiceField(choices=[("up", _("up")), ("down", _("down"))])

    def __init__(self, *args, step: PlaybookStep, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.moved: list[PlaybookStep] = []

    def clean(self):
        cleaned = super().clean()
        direction = cleaned.get("direction")
        if direction is None:
            return cleaned
        steps = list(PlaybookStep.objects.filter(active=True).order_by("position", "pk"))
        if self.step not in steps:
            raise ValidationError(_("Only steps in use can be moved."), code="inactive")
        index = steps.index(self.step)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(steps):
            steps[index], steps[other] = steps[other], steps[index]
        # Renumber the whole list, so that equal positions cannot keep a step in place.
        for number, step in enumerate(steps, start=1):
            if step.position != number * 10:
                step.position = number * 10
                self.moved.append(step)
        return cleaned
