"""The OpenAPI schema's account of errors, so it lists every status the API answers (checked by schemathesis
in tests/test_api_schema.py).

drf-spectacular documents only the success of each operation. The errors follow from what an operation has:
query parameters and bodies can be invalid, a path names an object that may not exist, writes need a role and
can break a database rule. Status codes a single view adds (412 on If-Match) are declared on that view.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django_filters import CharFilter, NumberFilter
from drf_spectacular import openapi
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import ResolvedComponent, build_media_type_object
from rest_framework.permissions import SAFE_METHODS

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Messages per field; `non_field_errors` for the request as a whole, `detail` for a body that "
                   "cannot be read.",
    "additionalProperties": {},
}


def _errors(operation: dict, method: str) -> dict[str, str]:
    """Status → description of the errors this operation can answer."""
    parameters = operation.get("parameters", [])
    errors: dict[str, str] = {}
    if "requestBody" in operation or any(p["in"] == "query" for p in parameters):
        errors["400"] = "Invalid input: a message per field."
    if "security" in operation:
        errors["401"] = "Not logged in, or the token is unknown."
    if method not in SAFE_METHODS:
        errors["403"] = "The user's role does not allow this."
    # DRF answers an unknown ?format= with 404 too.
    if any(p["in"] == "path" or p["name"] in ("cursor", "format") for p in parameters):
        errors["404"] = "No such object (or page cursor, or format)."
    if method not in SAFE_METHODS:
        errors["409"] = "Refused by a database rule, or the object changed meanwhile."
    if "requestBody" in operation:
        errors["413"] = f"The body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."
        errors["415"] = "The body is neither JSON nor form data."
    return errors


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        if "201" in responses and "200" not in responses:
            # Every create of the API answers a repeat of itself with the row it stored (README: a create sent
            # twice), so a 201 always has a 200 beside it with the same body.
            responses["200"] = {**responses["201"], "description": "The same create was sent before: the row it "
                                                                  "stored then, and nothing new."}
        for code, description in _errors(operation, self.method).items():
            responses.setdefault(code, {"description": description})
        for code, response in responses.items():
            # A view may describe an error in words only (claimreview's 404, the 412 of If-Match); the body is
            # still the usual one.
            if code.startswith("4") and "content" not in response:
                response["content"] = self._error_content(code)
        return operation

    def _error_content(self, code: str) -> dict:
        # Refusals of the input (400, and 409 from a database rule or a stale version) name the fields.
        name, schema = ("ValidationError", VALIDATION_ERROR) if code in ("400", "409") else ("Error", ERROR)
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name)
        self.registry.register_on_missing(component)
        return {media_type: build_media_type_object(component.ref) for media_type in self.map_renderers("media_type")}


class FilterBounds(DjangoFilterExtension):
    """Filters state what their form field enforces and drf-spectacular leaves out: a numeric filter's type and
    bounds (`article` a whole number from 1, `min_score` 0 to 1), a text filter's refusal of NUL characters
    (which PostgreSQL text cannot hold)."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        for parameter in parameters:
            parameter["schema"].update(_form_rules(filter_field))
        return parameters


def _form_rules(filter_field) -> dict:
    if isinstance(filter_field, CharFilter):
        return {"pattern": "^[^\\x00]*$"}
    if not isinstance(filter_field, NumberFilter):
        return {}
    rules = {"minimum": filter_field.extra.get("min_value"), "maximum": filter_field.extra.get("max_value")}
    # Django's DecimalField and FloatField are IntegerFields too.
    decimal = issubclass(filter_field.field_class, (forms.DecimalField, forms.FloatField))
    if issubclass(filter_field.field_class, forms.IntegerField) and not decimal:
        rules.update(type="integer", format="int64")
    return {key: value for key, value in rules.items() if value is not None}
