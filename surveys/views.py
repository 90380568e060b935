"""The coordinator's preparation page and the endpoints its entry forms post to.

Every endpoint works as a plain form post (redirect back, or the page again with the errors) and
answers JSON to the page's script (static/js/preparation.js), which saves each entry as it is
written. A save over an entry someone else changed since answers 409 with what they saved, so that
the person can merge instead of overwriting it.
"""

from dataclasses import dataclass, field

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from networks.models import Network
from peerreview.core.views import PermissionRequiredMixin
from peerreview.cycles.models import Cycle
from surveys import selectors, services
from surveys.enums import MAX_LEARNING_QUESTIONS, MAX_WORDS, MIN_LEARNING_QUESTIONS, PreparationState
from surveys.forms import (
    BOTTLENECK,
    ENTRY_FORMS,
    GOOD_PRACTICE,
    EntryForm,
    OwnThemeForm,
)
from surveys.models import Bottleneck, GoodPractice, Preparation, Theme, count_words


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class NetworkSubmissionMixin(PermissionRequiredMixin):
    """Pages under /preparations/<year>/<slug>/ of what a network hands in once per cycle (its
    preparation, its follow-up): that object is the permission object.

    Until its first visit the object does not exist; the permission is then checked on an unsaved
    one, so that a refused visitor starts nothing.
    """

    submission_model = None

    @cached_property
    def permission_target(self):
        found = (
            self.submission_model.objects.select_related("cycle", "network")
            .filter(cycle__year=self.kwargs["year"], network__slug=self.kwargs["slug"])
            .first()
        )
        if found is not None:
            return found
        cycle = Cycle.objects.filter(year=self.kwargs["year"]).first()
        network = Network.objects.filter(slug=self.kwargs["slug"]).first()
        if cycle is None or network is None or not cycle.networks.filter(pk=network.pk).exists():
            raise Http404
        return self.submission_model(cycle=cycle, network=network)

    def get_permission_object(self):
        return self.permission_target


class PreparationMixin(NetworkSubmissionMixin):
    permission_required = "surveys.change_preparation"
    submission_model = Preparation

    @cached_property
    def preparation(self) -> Preparation:
        target = self.permission_target
        if target.pk is None:
            return services.preparation_for(cycle=target.cycle, network=target.network)
        return target

    def handle_no_permission(self):
        # The page's script cannot follow a redirect to the sign-in page; it gets 401 and keeps the text.
        if wants_json(self.request) and not self.request.user.is_authenticated:
            return JsonResponse(
                {"ok": False, "signed_out": True, "message": _("You were signed out. Sign in again to save.")},
                status=401,
            )
        # A POST cannot be repeated after signing in: back to the page instead.
        back = self.request.get_full_path() if self.request.method == "GET" else self.page_url()
        return redirect_to_login(back, self.get_login_url(), self.get_redirect_field_name())

    def page_url(self, anchor: str = "") -> str:
        url = reverse("surveys:preparation", kwargs={"year": self.kwargs["year"], "slug": self.kwargs["slug"]})
        return f"{url}#{anchor}" if anchor else url

    def entry_urls(self, kind: str, pk: int | None) -> tuple[str, str]:
        """(save, delete) URLs of an entry; a new one has only its create URL."""
        kwargs = {"year": self.kwargs["year"], "slug": self.kwargs["slug"], "kind": kind}
        if pk is None:
            return reverse("surveys:entry_create", kwargs=kwargs), ""
        kwargs["pk"] = pk
        return reverse("surveys:entry_update", kwargs=kwargs), reverse("surveys:entry_delete", kwargs=kwargs)

    def learning_questions_json(self) -> list[dict]:
        return [
            {"id": question.pk, "priority": question.priority, "text": question.learning_question}
            for question in selectors.learning_questions(self.preparation)
        ]


# The page


@dataclass
class EntryItem:
    """One entry on the page: its form while the preparation is open, else the entry to read."""

    entry: GoodPractice | Bottleneck | None
    form: EntryForm | None
    kind: str
    key: str
    save_url: str
    delete_url: str = ""
    stale_changes: list = field(default_factory=list)
    theme_pk: int | None = None  # of a new entry

    @property
    def word_count(self) -> int:
        if self.form is not None and self.form.is_bound:
            return count_words(*(self.form.data.get(name, "") for name in self.form.counted_fields))
        return self.entry.word_count if self.entry else 0


@dataclass
class Section:
    theme: Theme
    title: str
    good_practices: list[EntryItem] = field(default_factory=list)
    bottlenecks: list[EntryItem] = field(default_factory=list)


class PreparationView(PreparationMixin, TemplateView):
    """The form of Bijlage 2: per theme its good practices and bottlenecks, the learning questions
    in order of priority, and the submit button. Read-only once submitted."""

    permission_required = "surveys.view_preparation"
    template_name = "surveys/preparation.html"
    # Set by the endpoints when they show the page again with a refused plain form post.
    bound: EntryItem | None = None
    problems: list[str] | None = None
    own_theme_form: OwnThemeForm | None = None
    order_errors: list[str] | None = None

    def item(self, kind: str, entry, *, editable: bool) -> EntryItem:
        save_url, delete_url = self.entry_urls(kind, entry.pk)
        bound = self.bound
        if bound is not None and bound.kind == kind and bound.entry is not None and bound.entry.pk == entry.pk:
            return bound
        form = ENTRY_FORMS[kind](instance=entry, preparation=self.preparation) if editable else None
        key = form.key if form else f"{kind}-{entry.pk}"
        return EntryItem(entry=entry, form=form, kind=kind, key=key, save_url=save_url, delete_url=delete_url)

    def new_item(self, kind: str, theme: Theme | None) -> EntryItem:
        save_url, _delete_url = self.entry_urls(kind, None)
        form = ENTRY_FORMS[kind](preparation=self.preparation, theme=theme)
        return EntryItem(entry=None, form=form, kind=kind, key=form.key, save_url=save_url)

    def sections(self, preparation: Preparation, editable: bool) -> list[Section]:
        """Every active theme in its order, with the entries under it; a theme retired after entries
        were written under it still shows, so that nothing written is lost."""
        sections: dict[int, Section] = {}

        def section(theme: Theme) -> Section:
            if theme.pk not in sections:
                title = preparation.own_theme_name if theme.is_own and preparation.own_theme_name else ""
                sections[theme.pk] = Section(theme=theme, title=title or theme.display_name)
            return sections[theme.pk]

        for theme in selectors.themes_of(preparation.cycle):
            section(theme)
        if not sections:
            return []
        for practice in preparation.good_practices.all():
            section(practice.theme).good_practices.append(self.item(GOOD_PRACTICE, practice, editable=editable))
        for bottleneck in preparation.bottlenecks.all():
            section(bottleneck.theme).bottlenecks.append(self.item(BOTTLENECK, bottleneck, editable=editable))
        if editable:
            added = self.request.GET.get("add"), self.request.GET.get("theme")
            bound = self.bound
            for theme_pk, current in sections.items():
                for kind, items in ((GOOD_PRACTICE, current.good_practices), (BOTTLENECK, current.bottlenecks)):
                    if added == (kind, str(theme_pk)) and current.theme.active:
                        items.append(self.new_item(kind, current.theme))
            if bound is not None and bound.entry is None:
                # A refused new entry stays under its theme (the first one if the theme was not valid).
                current = sections.get(bound.theme_pk) or next(iter(sections.values()))
                (current.good_practices if bound.kind == GOOD_PRACTICE else current.bottlenecks).append(bound)
        return sorted(sections.values(), key=lambda s: (s.theme.position, s.theme.pk))

    def get_context_data(self, **kwargs):
        preparation = selectors.preparation_with_entries(self.preparation)
        editable = not preparation.is_submitted and self.request.user.has_perm(
            "surveys.change_preparation", preparation
        )
        sections = self.sections(preparation, editable)
        questions = sorted(
            (b for b in preparation.bottlenecks.all() if b.learning_question),
            key=lambda b: (b.priority is None, b.priority or 0, b.pk),
        )
        own_theme = next((s.theme for s in sections if s.theme.is_own), None)
        return {
            **super().get_context_data(**kwargs),
            "preparation": preparation,
            "cycle": preparation.cycle,
            "network": preparation.network,
            "state_label": PreparationState(preparation.state).label,
            "deadline": selectors.deadline_of(preparation.cycle, preparation.network),
            "editable": editable,
            "sections": sections,
            "learning_questions": questions,
            "own_theme": own_theme,
            "own_theme_form": self.own_theme_form
            or OwnThemeForm(initial={"own_theme_name": preparation.own_theme_name}),
            "problems": self.problems,
            "order_errors": self.order_errors,
            # Blank forms the script copies for "add a good practice / bottleneck".
            "blank_items": [self.new_item(kind, None) for kind in (GOOD_PRACTICE, BOTTLENECK)] if editable else [],
            "min_questions": MIN_LEARNING_QUESTIONS,
            "max_questions": MAX_LEARNING_QUESTIONS,
            "max_words": MAX_WORDS,
            "script_config": self.script_config(preparation),
        }

    def script_config(self, preparation: Preparation) -> dict:
        login = reverse("account_login")
        return {
            "preparation": preparation.pk,
            "loginUrl": f"{login}?next={self.page_url()}",
            "maxWords": MAX_WORDS,
            "maxQuestions": MAX_LEARNING_QUESTIONS,
            "reorderUrl": reverse(
                "surveys:learning_questions", kwargs={"year": self.kwargs["year"], "slug": self.kwargs["slug"]}
            ),
            "texts": {
                "saving": _("Saving…"),
                "saved": _("Saved at %(time)s"),
                "notSaved": _("Not saved: %(reason)s"),
                "unsaved": _("Not saved yet"),
                "restored": _("Restored from this browser, not yet saved"),
                "fillRequired": _("Not saved yet: fill in the required fields"),
                "network": _("the connection failed; we try again"),
                "signedOut": _(
                    "You were signed out. What you typed is kept in this browser: sign in again and it "
                    "is saved when you come back to this page."
                ),
                "signIn": _("Sign in again"),
                "staleIntro": _("Someone else saved this entry while you were editing it. Compare and choose:"),
                "staleDeleted": _("Someone else deleted this entry while you were editing it."),
                "yours": _("Your version"),
                "theirs": _("Saved by the other person"),
                "keepMine": _("Keep mine"),
                "takeTheirs": _("Take theirs"),
                "editMerge": _("Edit and save"),
                "editHint": _("Edit your version (their text stays here for reference); it is saved as usual."),
                "confirmDelete": _("Delete this entry?"),
                "yes": _("yes"),
                "no": _("no"),
                "noQuestions": _("No learning questions yet."),
                "moveUp": _("Move up"),
                "moveDown": _("Move down"),
                "wordsOver": _("more than %(max)s words") % {"max": MAX_WORDS},
            },
        }


# Endpoints
