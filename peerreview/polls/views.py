"""Pages of the date polls: the secretary's (under /polls/<year>/<meeting>/) and the personal link.

The secretary's pages take the cycle as the permission object, like every page of a cycle; a
meeting of another cycle, or one without a poll where a poll is needed, answers 404.

The personal link (/polls/answer/<token>/) needs no account. Mail scanners open every link they
see, so a GET only shows the poll; only a POST (with its CSRF token) records answers. The token
alone says whose answers these are: nothing posted can name another person.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from peerreview.core.views import add_service_errors
from peerreview.cycles.models import ReviewMeeting
from peerreview.cycles.views import CycleScopedMixin
from peerreview.meetings.selectors import venue_text
from peerreview.polls import selectors, services
from peerreview.polls.forms import AnswerForm, CandidateForm, FixForm
from peerreview.polls.models import CandidateDate, DatePoll, Participant


class PollsMixin(CycleScopedMixin):
    """The secretary's pages of a cycle's date polls."""

    permission_required = "polls.manage_poll"

    def get_success_url(self):
        return reverse("polls:overview", kwargs={"year": self.cycle.year})


class OverviewView(PollsMixin, TemplateView):
    """Every meeting of the cycle with its poll: not started, open (how many answered), or its fixed date."""

    template_name = "polls/overview.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "meetings": selectors.polls_overview(self.cycle),
            "task": self.cycle.tasks.filter(key=services.TASK_KEY).select_related("completed_by").first(),
        }


class PollMixin(PollsMixin):
    """Pages of one meeting's poll; the meeting is looked up in the cycle of the URL."""

    @cached_property
    def meeting(self) -> ReviewMeeting:
        return get_object_or_404(
            ReviewMeeting.objects.select_related("cycle", "host_network").prefetch_related("networks"),
            cycle=self.cycle,
            pk=self.kwargs["pk"],
        )

    @cached_property
    def poll(self) -> DatePoll | None:
        poll = selectors.poll_of(self.meeting)
        if poll is not None:
            poll.meeting = self.meeting  # with its networks already read
        return poll

    def require_poll(self) -> DatePoll:
        if self.poll is None:
            raise Http404
        return self.poll

    def poll_url(self) -> str:
        return reverse("polls:poll", kwargs={"year": self.cycle.year, "pk": self.meeting.pk})

    def results_url(self) -> str:
        return reverse("polls:results", kwargs={"year": self.cycle.year, "pk": self.meeting.pk})

    def get_success_url(self):
        return self.poll_url()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "meeting": self.meeting, "poll": self.poll}


class PollView(PollMixin, FormView):
    """The poll's dates (with who works on each weekday) and people; the form adds a date."""

    template_name = "polls/poll.html"
    form_class = CandidateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "poll": self.require_poll()}

    def get(self, request, *args, **kwargs):
        if self.poll is None:
            return self.render_to_response(self.get_context_data(form=None))
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            candidate = services.candidate_add(
                actor=self.request.user,
                poll=self.poll,
                day=data["date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(date)s was added to the poll.") % {"date": date_format(candidate.date, "l j F Y")}
        )
        return redirect(self.poll_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        poll = self.poll
        if poll is None:
            return context
        candidates = selectors.candidates_of(poll)
        days = selectors.availability(self.meeting, [candidate.date for candidate in candidates])
        participants = selectors.participants_of(poll)
        return {
            **context,
            "candidates": [(candidate, days[candidate.date]) for candidate in candidates],
            "participants": participants,
            "not_invited": sum(1 for participant in participants if participant.invited_at is None),
        }


class ResultsView(PollMixin, TemplateView):
    """People × dates with every answer and when it was given, the totals, who has not answered, and fixing the date."""

    template_name = "polls/results.html"

    def get_context_data(self, **kwargs):
        poll = self.require_poll()
        return {
            **super().get_context_data(**kwargs),
            "grid": selectors.results_grid(poll),
            "venue": venue_text(self.meeting),
        }


# Actions (POST only): each calls one service, says what happened and goes back to the poll.


class PollActionView(PollMixin, View):
    http_method_names = ["post"]

    def act(self) -> str:
        """Call the service; return the message for the secretary."""
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        try:
            message = self.act()
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
        return redirect(self.get_success_url())


class PollCreateView(PollActionView):
    def act(self) -> str:
        poll = services.poll_create(actor=self.request.user, meeting=self.meeting)
        count = poll.participants.count()
        return ngettext(
            "The date poll was started with %(count)d person to ask. Add the candidate dates.",
            "The date poll was started with %(count)d people to ask. Add the candidate dates.",
            count,
        ) % {"count": count}


class CandidateRemoveView(PollActionView):
    @cached_property
    def candidate(self) -> CandidateDate:
        return get_object_or_404(CandidateDate, poll=self.require_poll(), pk=self.kwargs["candidate"])

    def act(self) -> str:
        removed = services.candidate_remove(actor=self.request.user, candidate=self.candidate)
        shown = date_format(self.candidate.date, "l j F Y")
        if removed:
            return ngettext(
                "%(date)s was taken out of the poll, with %(count)d answer given for it.",
                "%(date)s was taken out of the poll, with %(count)d answers given for it.",
                removed,
            ) % {"date": shown, "count": removed}
        return _("%(date)s was taken out of the poll.") % {"date": shown}


class ParticipantsRefreshView(PollActionView):
    def act(self) -> str:
        added = services.participants_refresh(actor=self.request.user, poll=self.require_poll())
        if not added:
            return _("Everyone nominated is already asked.")
        return ngettext(
            "%(count)d person added: %(names)s. Send them their link.",
            "%(count)d people added: %(names)s. Send them their links.",
            len(added),
        ) % {"count": len(added), "names": ", ".join(participant.name for participant in added)}


class LinksSendView(PollActionView):
    def act(self) -> str:
        count = services.poll_links_send(actor=self.request.user, poll=self.require_poll())
        if not count:
            return _("Everyone has their link already; nothing was sent.")
        return ngettext(
            "%(count)d personal link is in the outbox.",
            "%(count)d personal links are in the outbox.",
            count,
        ) % {"count": count}


class LinkResendView(PollActionView):
    @cached_property
    def participant(self) -> Participant:
        return get_object_or_404(Participant, poll=self.require_poll(), pk=self.kwargs["participant"])

    def act(self) -> str:
        services.poll_links_send(actor=self.request.user, poll=self.poll, participants=[self.participant])
        return _("A new link for %(name)s is in the outbox; the link sent before no longer works.") % {
            "name": self.participant.name
        }


class PollCloseView(PollActionView):
    def act(self) -> str:
        services.poll_close(actor=self.request.user, poll=self.require_poll())
        return _("The poll is closed: no more answers are taken.")

    def get_success_url(self):
        return self.results_url()


class PollReopenView(PollActionView):
    def act(self) -> str:
        services.poll_reopen(actor=self.request.user, poll=self.require_poll())
        return _("The poll is open again.")

    def get_success_url(self):
        return self.results_url()


class FixDateView(PollActionView):
    """Makes the chosen candidate the meeting's date; the tasks follow and the invitations go out."""

    def act(self) -> str:
        form = FixForm(self.request.POST, poll=self.require_poll())
        if not form.is_valid():
            raise ValidationError(_("Choose one of the poll's dates."), code="invalid")
        result = services.poll_fix_date(
            actor=self.request.user, poll=self.poll, candidate=form.cleaned_data["candidate"]
        )
        meeting = result.poll.meeting
        parts = [
            _("The date is fixed: %(date)s.") % {"date": date_format(meeting.date, "l j F Y")},
            ngettext(
                "%(count)d task of the meeting moved to match it",
                "%(count)d tasks of the meeting moved to match it",
                result.moved_tasks,
            )
            % {"count": result.moved_tasks},
        ]
        if meeting.preparation_deadline:
            parts[-1] += _("; the preparation is now due %(date)s.") % {
                "date": date_format(meeting.preparation_deadline, "j F Y")
            }
        else:
            parts[-1] += "."
        parts.append(
            ngettext(
                "%(count)d invitation with a calendar file is in the outbox.",
                "%(count)d invitations with a calendar file are in the outbox.",
                result.invitations,
            )
            % {"count": result.invitations}
        )
        return " ".join(parts)

    def get_success_url(self):
        return self.results_url()


class InvitationsSendView(PollActionView):
    def act(self) -> str:
        count = services.meeting_invitations_send(actor=self.request.user, poll=self.require_poll())
        return ngettext(
            "%(count)d updated invitation is in the outbox.",
            "%(count)d updated invitations are in the outbox.",
            count,
        ) % {"count": count}

    def get_success_url(self):
        return self.results_url()


# The personal link


def _private(response):
    """The page carries a personal secret in its address: not cached, not indexed, and not passed on
    as a referrer to other sites. (Not "no-referrer": browsers then post the form with "Origin: null",
    which Django's CSRF check rightly refuses.)"""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


class AnswerView(View):
    """A person's own poll: GET shows it (and records nothing), POST records their answers."""

    template_name = "polls/answer.html"

    @cached_property
    def participant(self) -> Participant | None:
        return selectors.participant_by_token(self.kwargs["token"])

    def dispatch(self, request, *args, **kwargs):
        if self.participant is None:
            return _private(TemplateResponse(request, "polls/answer_unknown.html", status=404))
        return _private(super().dispatch(request, *args, **kwargs))

    def form(self, data=None) -> AnswerForm:
        return AnswerForm(
            data,
            candidates=selectors.candidates_of(self.participant.poll),
            initial_answers={pk: answer.choice for pk, answer in self.answers.items()},
        )

    @cached_property
    def answers(self):
        return selectors.answers_of(self.participant)

    def render(self, form: AnswerForm):
        poll = self.participant.poll
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "participant": self.participant,
                "poll": poll,
                "meeting": poll.meeting,
                "networks": ", ".join(sorted(n.name for n in poll.meeting.networks.all())),
                "form": form,
                "answered_at": max((a.answered_at for a in self.answers.values()), default=None),
                "venue": venue_text(poll.meeting) if poll.fixed_candidate_id else "",
            },
        )

    def get(self, request, *args, **kwargs):
        return self.render(self.form())

    def post(self, request, *args, **kwargs):
        if not self.participant.poll.is_open:
            messages.error(request, _("This poll is closed; your answers can no longer be changed."))
            return redirect(request.path)
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            services.answers_save(participant=self.participant, answers=form.answers())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render(form)
        messages.success(
            request,
            _("Thank you, your answers were saved (%(time)s). You can change them here until the poll closes.")
            % {"time": date_format(timezone.localtime(), "j F Y, H:i")},
        )
        return redirect(request.path)
