"""The OpenAPI document: what every operation may answer besides its success, added once (a
drf-spectacular post-processing hook) rather than repeated on every view, and its view, which
generates it once per process."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request
from rest_framework.response import Response

ERROR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "A form's messages, by field (`non_field_errors` for the whole).",
        },
    },
    "required": ["detail"],
}
ANSWERS = {
    "400": "Bad input: a filter, a cursor or a body the form refuses (by field).",
    "401": "A key that is unknown, expired or revoked.",
    "403": "Not allowed: a read-only token writing, or a role that may not make this change.",
    "404": "No such record, or one the reader may not read (they look the same).",
    "429": "Too many requests: wait and try again.",
}


def add_error_answers(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ANSWERS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR}},
                    },
                )
    return result


def exception_handler(exc: Exception, context: dict[str, Any]) -> Any:
    """DRF's answer, in one shape: `{"detail": "...", "errors": {field: [messages]}}`."""
    from rest_framework.views import exception_handler as drf_handler

    response = drf_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) <= {"detail", "errors"} and "detail" in data:
        return response
    if isinstance(data, dict):
        errors = {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in data.items()}
        response.data = {"detail": "Bad input: see the errors.", "errors": errors}
    else:
        messages = [str(m) for m in (data if isinstance(data, list) else [data])]
        response.data = {"detail": " ".join(messages), "errors": {"non_field_errors": messages}}
    return response


class SchemaView(SpectacularAPIView):
    """The OpenAPI document, generated once per process and API version and language: it is
    the same for every reader (`SERVE_PUBLIC`: every operation, whoever asks; what a reader may
    read is decided per request by the operations themselves, not by the document), and
    generating it walks every viewset and serializer (about half a second)."""

    _generated: ClassVar[dict[tuple[str | None, str], dict[str, Any]]] = {}

    def _get_schema_response(self, request: Request) -> Response:
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (version, translation.get_language() or "")
        if key not in self._generated:
            generator = self.generator_class(
                urlconf=self.urlconf, api_version=version, patterns=self.patterns
            )
            self._generated[key] = generator.get_schema(request=request, public=self.serve_public)
        filename = self._get_filename(request, version)
        return Response(
            data=self._generated[key],
            headers={"Content-Disposition": f'inline; filename="{filename}"'},
        )
