"""Error shapes for the API (kept apart from common.api: DRF's views import the permissions)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .services.review import StaleEdit

logger = logging.getLogger(__name__)


def exception_handler(exc, context):
    # Services speak Django: turn their refusals into 400s instead of 500s.
    if isinstance(exc, StaleEdit):
        return Response({"non_field_errors": exc.messages}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        detail = dict(exc.message_dict) if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        # Django says __all__ where DRF says non_field_errors: give clients one name.
        if NON_FIELD_ERRORS in detail:
            detail["non_field_errors"] = detail.pop(NON_FIELD_ERRORS)
        exc = ValidationError(detail=detail)
    elif isinstance(exc, (OverflowError, DataError)):
        # An id or number past what the columns hold (SQLite overflows, PostgreSQL says out of range).
        return Response({"non_field_errors": [f"A value in the request does not fit: {str(exc).splitlines()[0]}"]},
                        status=status.HTTP_400_BAD_REQUEST)
    elif isinstance(exc, RequestDataTooBig):
        # Django raises it as a SuspiciousOperation, which would become a bare HTML 400.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return Response({"detail": f"The request body is larger than {limit} bytes, the most the API accepts."},
                        status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    elif isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    elif isinstance(exc, IntegrityError):
        logger.info("refused by a database constraint: %s", exc)
        return Response(
            {"non_field_errors": [f"Refused by a database rule: {str(exc).splitlines()[0]}"]},
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)


def page_not_found(request, exception):
    """The project's 404 handler: an API address that matches no route gets JSON like every other API error."""
    if request.path.startswith("/api/"):
        return not_found(request)
    return defaults.page_not_found(request, exception)


@csrf_exempt  # a write to no address is a 404, not a refusal for a missing CSRF token
def not_found(request, *args, **kwargs):
    """An API address no route takes (`/api/claims/3-x/`, a reference that cannot be one). Routed as the API's
    last pattern as well as being the 404 handler's answer, since with DEBUG on Django answers an unmatched
    address with its HTML page and never asks the handler."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
