"""The claim page's figures in place: the claim's text with its figures marked, a figure read from a selection in
it, and a form that shows what the extractor read there, for the editor to confirm or correct before it is saved.

The selection reaches the page as `?figure_start=…&figure_end=…` (article offsets, from claims/static/claims/
article_desk.js), so reading a figure stores nothing; saving posts to figure_selection_view.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.forms import LocalizedDecimalField
from common.post_only import post_only_on_object

from .. import partial_dates, services
from ..annotate import annotated
from ..models import NUMBER, Claim, Figure, FigureKind, Qualifier
from ..readings import reading
from ..services.figures import FIGURE_VALUES, selection_in_claim
from .article_page import figure_marks

PREFIX = "fig"
ANCHOR = "#figure-desk"


class FigureSelectionForm(forms.Form):
    """What an editor confirms for a figure: types checked here, the rules (value for its kind, bounds in order,
    the span inside the claim) by the service, which says which field is wrong."""

    start = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    end = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    figure = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=FigureKind.choices)
    value = LocalizedDecimalField(label=gettext_lazy("Value"), required=False,
                                  max_digits=NUMBER["max_digits"], decimal_places=NUMBER["decimal_places"])
    low = LocalizedDecimalField(label=gettext_lazy("Low bound"), required=False,
                                max_digits=NUMBER["max_digits"], decimal_places=NUMBER["decimal_places"])
    high = LocalizedDecimalField(label=gettext_lazy("High bound"), required=False,
                                 max_digits=NUMBER["max_digits"], decimal_places=NUMBER["decimal_places"])
    date_value = forms.CharField(label=gettext_lazy("Date"), required=False, max_length=21,
                                 help_text=gettext_lazy("For a date: 19.06.2024, 06.2024, 2024 or 2024-06-19."))
    unit = forms.CharField(label=gettext_lazy("Unit"), required=False, max_length=64)
    qualifier = forms.ChoiceField(label=gettext_lazy("Qualifier"), required=False, choices=Qualifier.choices)
    as_of = forms.CharField(label=gettext_lazy("As of"), required=False, max_length=21,
                            help_text=gettext_lazy(
                                "The time the figure is for: 19.06.2024, 06.2024, 2024 or 2024-06-19."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix=PREFIX, **kwargs)

    def clean_date_value(self) -> str:
        return partial_dates.from_written(self.cleaned_data["date_value"].strip())

    def clean_as_of(self) -> str:
        return partial_dates.from_written(self.cleaned_data["as_of"].strip())


def figure_desk_context(request, claim: Claim) -> dict:
    article = claim.article
    figures = list(claim.figures.all())
    context = {
        "text": annotated(article.text[claim.start:claim.end], [], figure_marks(claim.figures.all()),
                          offset=claim.start),
        "end": claim.end,
        "can_add": request.user.has_perm("claims.add_figure"),
        "can_change": request.user.has_perm("claims.change_figure"),
        "save_url": reverse("admin:claims_claim_figure_selection", args=[claim.pk]),
    }
    selected = _selected(request.GET)
    if selected is None:
        return context
    try:
        start, end = selection_in_claim(claim, *selected)
    except ValidationError as exc:
        return {**context, "problem": " ".join(exc.messages)}
    found = services.figure_reading(claim=claim, start=start, end=end)
    correcting = _overlapping(figures, start, end)
    if PREFIX + "-kind" in request.GET:  # sent back after a refused save: the editor's values, with their errors
        form = FigureSelectionForm(request.GET)
        form.is_valid()
    else:
        shown = correcting or found
        form = FigureSelectionForm(initial={"start": start, "end": end, "figure": correcting.pk if correcting else "",
                                            **(_values(shown) if shown else {"kind": FigureKind.OTHER})})
    return {**context, "form": form, "selected": article.text[start:end], "correcting": correcting,
            "reading": reading(found) if found else None}


def _selected(query) -> tuple[int, int] | None:
    try:
        return int(query.get("figure_start", "")), int(query.get("figure_end", ""))
    except ValueError:
        return None


def _overlapping(figures: list[Figure], start: int, end: int) -> Figure | None:
    """The claim's stored figure the selection overlaps most: selecting a figure is how it is corrected."""
    touching = [f for f in figures if f.start < end and start < f.end]
    return max(touching, key=lambda f: min(f.end, end) - max(f.start, start)) if touching else None


def _values(figure) -> dict:
    """Form values of a stored figure, or of one the extractor read (its date sits in `value`)."""
    values = {name: getattr(figure, name, "") for name in FIGURE_VALUES}
    return values | Figure.stored_values(figure.kind, values["value"], values["date_value"])


@post_only_on_object("claims.add_figure", "claims.change_figure")
def figure_selection_view(model_admin, request, claim: Claim):
    """Save the figure the editor confirmed: added at the selection, or the selected figure corrected."""
    form = FigureSelectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            figure = _figure_of(request, claim, data["figure"])
            saved, created = services.figure_from_selection(claim=claim, start=data["start"], end=data["end"],
                                                            values=data, figure=figure)
        except ValidationError as exc:
            form.add_error(None, _named(exc))
        else:
            done = _("Figure «%(text)s» added.") if created and figure is None else _("Figure «%(text)s» saved.")
            model_admin.message_user(request, done % {"text": saved.text}, messages.SUCCESS)
            return HttpResponseRedirect(_page(claim) + ANCHOR)
    problems = "; ".join(f"{_label(form, name)}{message}" for name, errors in form.errors.items() for message in errors)
    model_admin.message_user(request, _("The figure was not saved: %(problems)s") % {"problems": problems},
                             messages.ERROR)
    return HttpResponseRedirect(_back_with(claim, request.POST) + ANCHOR)


def _figure_of(request, claim: Claim, figure_id: int | None) -> Figure | None:
    if figure_id is None:
        if not request.user.has_perm("claims.add_figure"):
            raise PermissionDenied
        return None
    if not request.user.has_perm("claims.change_figure"):
        raise PermissionDenied
    figure = claim.figures.filter(pk=figure_id).first()
    if figure is None:
        raise ValidationError(_("The figure to correct is no longer one of this claim's (it may have been deleted)."))
    return figure


def _named(exc: ValidationError) -> ValidationError:
    """The service's errors, by field where the form has the field, with the field named otherwise."""
    if not hasattr(exc, "error_dict"):
        return exc
    kept = {name: errors for name, errors in exc.error_dict.items() if name in FigureSelectionForm.base_fields}
    rest = [f"{name}: {message}" for name, errors in exc.error_dict.items() if name not in kept
            for error in errors for message in error]
    return ValidationError({**kept, **({NON_FIELD_ERRORS: rest} if rest else {})})


def _label(form: forms.Form, name: str) -> str:
    field = form.fields.get(name)
    return f"{field.label}: " if field is not None and field.label else ""


def _page(claim: Claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def _back_with(claim: Claim, posted) -> str:
    """The claim page with the selection and the editor's values, so the form comes back as they left it."""
    names = [f"{PREFIX}-{name}" for name in FigureSelectionForm.base_fields]
    query = {name: posted.get(name, "")[:100] for name in names}
    query.update(figure_start=posted.get(f"{PREFIX}-start", ""), figure_end=posted.get(f"{PREFIX}-end", ""))
    return f"{_page(claim)}?{urlencode(query)}"
