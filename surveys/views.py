"""The coordinator's preparation page and the endpoints its entry forms post to.

Every endpoint works as a plain form post (redirect back, or the page again with the errors) and
answers JSON to the page's script (static/js/preparation.js), which saves each entry as it is
written. A save over an entry someone else changed since answers 409 with what they saved, so that
the person can merge instead of overwriting it.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
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
    LearningQuestionOrderForm,
    OwnThemeForm,
    entry_values,
)
from surveys.models import Bottleneck, GoodPractice, Preparation, Theme, count_words


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class PreparationMixin(PermissionRequiredMixin):
    """Pages under /preparations/<year>/<slug>/: the network's preparation is the permission object.

    Until its first visit a preparation does not exist; the permission is then checked on an
    unsaved one, so that a refused visitor starts nothing.
    """

    permission_required = "surveys.change_preparation"

    @cached_property
    def permission_target(self) -> Preparation:
        found = (
            Preparation.objects.select_related("cycle", "network")
            .filter(cycle__year=self.kwargs["year"], network__slug=self.kwargs["slug"])
            .first()
        )
        if found is not None:
            return found
        cycle = Cycle.objects.filter(year=self.kwargs["year"]).first()
        network = Network.objects.filter(slug=self.kwargs["slug"]).first()
        if cycle is None or network is None or not cycle.networks.filter(pk=network.pk).exists():
            raise Http404
        return Preparation(cycle=cycle, network=network)

    def get_permission_object(self):
        return self.permission_target

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


class PreparationActionView(PreparationMixin, View):
    """A POST endpoint of the page; a refused plain post shows the page again with its errors."""

    http_method_names = ["post"]

    def render_page(self, status: int = 200, **attributes):
        view = PreparationView(**attributes)
        view.setup(self.request, **self.kwargs)
        view.permission_target = self.permission_target
        view.preparation = self.preparation
        response = view.get(self.request, **self.kwargs)
        response.status_code = status
        return response


def _errors(error: ValidationError, form: EntryForm | None = None) -> dict[str, list[str]]:
    """A service's ValidationError as field → messages, fields the form does not show under __all__."""
    known = form.fields if form is not None else {}
    errors: dict[str, list[str]] = {}
    if hasattr(error, "error_dict"):
        for name, items in error.message_dict.items():
            errors.setdefault(name if name in known else "__all__", []).extend(items)
    else:
        errors["__all__"] = list(error.messages)
    return errors


class EntrySaveView(PreparationActionView):
    """Creates (no pk) or saves one good practice or bottleneck."""

    @cached_property
    def kind(self) -> str:
        if self.kwargs["kind"] not in ENTRY_FORMS:
            raise Http404
        return self.kwargs["kind"]

    @cached_property
    def model(self):
        return GoodPractice if self.kind == GOOD_PRACTICE else Bottleneck

    def post(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        instance = None
        if pk is not None:
            instance = self.own_entry(pk)
            if instance is None:
                return self.stale(None, None)
        form_class = ENTRY_FORMS[self.kind]
        form = form_class(request.POST, instance=instance, preparation=self.preparation)
        if form.is_valid():
            try:
                entry = services.entry_save(
                    actor=request.user, entry=form.instance, version=form.cleaned_data["version"] if pk else None
                )
            except services.StaleEntry as stale:
                return self.stale(stale.current, form)
            except ValidationError as error:
                for name, items in _errors(error, form).items():
                    for message in items:
                        form.add_error(None if name == "__all__" else name, message)
            else:
                return self.saved(entry, created=pk is None)
        return self.refused(form)

    def own_entry(self, pk: int):
        """This preparation's entry; None when it was deleted; 404 when it is another network's."""
        entry = self.model.objects.filter(pk=pk, preparation=self.preparation).first()
        if entry is None and self.model.objects.filter(pk=pk).exists():
            raise Http404
        return entry

    def saved(self, entry, *, created: bool):
        save_url, delete_url = self.entry_urls(self.kind, entry.pk)
        if not wants_json(self.request):
            messages.success(self.request, _("Saved."))
            return redirect(self.page_url(f"{self.kind}-{entry.pk}"))
        return JsonResponse(
            {
                "ok": True,
                "id": entry.pk,
                "kind": self.kind,
                "key": f"{self.kind}-{entry.pk}",
                "version": entry.updated_at.isoformat(),
                "word_count": entry.word_count,
                "saved_at": formats.time_format(timezone.localtime(entry.updated_at), "H:i:s"),
                "values": entry_values(entry),
                "urls": {"save": save_url, "delete": delete_url},
                "learning_questions": self.learning_questions_json(),
            },
            status=201 if created else 200,
        )

    def refused(self, form: EntryForm):
        words = count_words(*(form.data.get(name, "") for name in form.counted_fields))
        if wants_json(self.request):
            errors = {name: list(items) for name, items in form.errors.items()}
            labels = {name: str(form.fields[name].label) for name in errors if name in form.fields}
            return JsonResponse(
                {
                    "ok": False,
                    "errors": errors,
                    "message": " ".join(
                        f"{labels[name]}: {' '.join(items)}" if name in labels else " ".join(items)
                        for name, items in errors.items()
                    ),
                    "word_count": words,
                },
                status=400,
            )
        return self.render_page(400, bound=self.bound_item(form))

    def bound_item(self, form: EntryForm, stale_changes=None) -> EntryItem:
        entry = form.instance if form.instance.pk else None
        if entry is not None:
            entry = self.model.objects.filter(pk=entry.pk).first() or entry
        save_url, delete_url = self.entry_urls(self.kind, entry.pk if entry else None)
        theme = form.cleaned_data.get("theme") if entry is None else None
        return EntryItem(
            entry=entry,
            form=form,
            kind=self.kind,
            key=form.key,
            save_url=save_url,
            delete_url=delete_url,
            stale_changes=stale_changes or [],
            theme_pk=theme.pk if theme else None,
        )

    def stale(self, current, form: EntryForm | None):
        """Someone else changed (or deleted) this entry since the editor loaded it: nothing is saved."""
        if form is None and not wants_json(self.request):
            messages.error(self.request, _("Someone else deleted this entry."))
            return redirect(self.page_url())
        if wants_json(self.request):
            if current is None:
                return JsonResponse(
                    {"ok": False, "stale": True, "deleted": True, "message": _("Someone else deleted this entry.")},
                    status=409,
                )
            labels = {name: str(f.label) for name, f in ENTRY_FORMS[self.kind].base_fields.items()}
            return JsonResponse(
                {
                    "ok": False,
                    "stale": True,
                    "deleted": False,
                    "version": current.updated_at.isoformat(),
                    "current": entry_values(current),
                    "labels": {name: labels.get(name, name) for name in entry_values(current)},
                    "word_count": current.word_count,
                    "message": _("Someone else saved this entry while you were editing it."),
                },
                status=409,
            )
        # Without the script: the page again with this person's text, armed with the new version,
        # and what the other person saved listed above it.
        changes = []
        for name, value in entry_values(current).items():
            field_ = form.fields[name]
            if field_.has_changed(value, form[name].data):
                shown = (_("yes") if value else _("no")) if isinstance(value, bool) else value
                changes.append((field_.label, shown or "–"))
        data = form.data.copy()
        data["version"] = current.updated_at.isoformat()
        form.data = data
        form.add_error(
            None,
            _(
                "Someone else saved this while you were editing. The saved values that differ from yours "
                "are listed below; check them and save again to keep your version."
            ),
        )
        form.stale_changes = changes
        return self.render_page(409, bound=self.bound_item(form, changes))


class EntryDeleteView(EntrySaveView):
    def post(self, request, *args, **kwargs):
        entry = self.own_entry(kwargs["pk"])
        try:
            if entry is not None:
                services.entry_delete(actor=request.user, entry=entry)
        except ValidationError as error:
            return self.action_refused(error)
        if wants_json(request):
            return JsonResponse({"ok": True, "learning_questions": self.learning_questions_json()})
        messages.success(request, _("Deleted."))
        return redirect(self.page_url("themes"))

    def action_refused(self, error: ValidationError):
        if wants_json(self.request):
            return JsonResponse({"ok": False, "message": " ".join(error.messages)}, status=400)
        messages.error(self.request, " ".join(error.messages))
        return redirect(self.page_url())


class LearningQuestionsView(PreparationActionView):
    """Puts the learning questions in order of priority."""

    def post(self, request, *args, **kwargs):
        form = LearningQuestionOrderForm(request.POST, questions=list(selectors.learning_questions(self.preparation)))
        try:
            if not form.is_valid():
                raise ValidationError(form.errors.get("__all__") or [_("Choose a learning question to move.")])
            services.learning_questions_reorder(
                actor=request.user, preparation=self.preparation, order=form.cleaned_data["new_order"]
            )
        except ValidationError as error:
            if wants_json(request):
                return JsonResponse(
                    {
                        "ok": False,
                        "message": " ".join(error.messages),
                        "learning_questions": self.learning_questions_json(),
                    },
                    status=400,
                )
            return self.render_page(400, order_errors=error.messages)
        if wants_json(request):
            return JsonResponse({"ok": True, "learning_questions": self.learning_questions_json()})
        return redirect(self.page_url("learning-questions"))


class OwnThemeView(PreparationActionView):
    """Names the optional theme the network fills in itself."""

    def post(self, request, *args, **kwargs):
        form = OwnThemeForm(request.POST)
        if form.is_valid():
            try:
                preparation = services.preparation_set_own_theme(
                    actor=request.user, preparation=self.preparation, name=form.cleaned_data["own_theme_name"]
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                if wants_json(request):
                    return JsonResponse(
                        {
                            "ok": True,
                            "name": preparation.own_theme_name,
                            "saved_at": formats.time_format(timezone.localtime(preparation.updated_at), "H:i:s"),
                        }
                    )
                messages.success(request, _("Saved."))
                return redirect(self.page_url("own-theme"))
        if wants_json(request):
            return JsonResponse(
                {"ok": False, "message": " ".join(m for items in form.errors.values() for m in items)}, status=400
            )
        return self.render_page(400, own_theme_form=form)


class SubmitView(PreparationActionView):
    """Hands the preparation in; a refusal shows the page with what is missing."""

    def post(self, request, *args, **kwargs):
        try:
            preparation = services.preparation_submit(actor=request.user, preparation=self.preparation)
        except ValidationError as error:
            return self.render_page(400, problems=error.messages)
        if preparation.late:
            messages.warning(request, _("Your preparation was submitted, after the deadline. Thank you."))
        else:
            messages.success(request, _("Your preparation was submitted. Thank you."))
        return redirect(self.page_url())
