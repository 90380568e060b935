"""The preparation page's actions: saving and deleting an entry, ordering the learning questions,
naming the own theme, submitting. Each answers JSON to the page's script and works as a plain form
post without it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from surveys import selectors, services
from surveys.forms import (
    ENTRY_FORMS,
    GOOD_PRACTICE,
    EntryForm,
    LearningQuestionOrderForm,
    OwnThemeForm,
    entry_values,
)
from surveys.models import Bottleneck, GoodPractice, count_words
from surveys.views import EntryItem, PreparationMixin, PreparationView, wants_json


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
