"""Admin forms that stay small on a desk of a million claims and 200,000 sources: no form offers a row of a large
table as a <select> of every row (the article page once rendered all sources, 16 MB)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, ForeignKeyRawIdWidget, RelatedFieldWidgetWrapper
from django.forms import ModelChoiceField
from django.test import RequestFactory

# Tables a desk keeps small: its people, groups and permissions, and Celery beat's schedules.
SMALL = {"auth.user", "auth.group", "auth.permission", "django_celery_beat.intervalschedule",
         "django_celery_beat.crontabschedule", "django_celery_beat.solarschedule", "django_celery_beat.clockedschedule"}


def forms_of(root):
    request = RequestFactory().get("/admin/")
    request.user = root
    for model, model_admin in admin.site._registry.items():
        yield f"{model._meta.label} admin", model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            yield f"{model._meta.label} inline {type(inline).__name__}", inline.get_formset(request).form


@pytest.mark.django_db
def test_no_admin_form_lists_every_row_of_a_large_table(root):
    offenders = []
    for where, form in forms_of(root):
        for name, field in form.base_fields.items():
            if not isinstance(field, ModelChoiceField):
                continue
            widget = field.widget.widget if isinstance(field.widget, RelatedFieldWidgetWrapper) else field.widget
            if field.queryset.model._meta.label_lower in SMALL:
                continue
            if not isinstance(widget, ForeignKeyRawIdWidget | AutocompleteSelect):
                offenders.append(f"{where}: {name} ({field.queryset.model._meta.label})")
    assert offenders == []
