"""The OpenAPI schema class of the project: drf-spectacular's, plus the error answers DRF gives on its own.

drf-spectacular documents only the success of an operation, yet a client (and the API fuzzer in
tests/test_api_fuzz.py) must know every status code a call can return. Documented here once, for every view:
400 when the body or a filter is refused, 403 without the right to the call, 404 for an object out of sight (or a
page past the end), 409 for a delete that something still refers to, 415 for a body of a media type the call does
not read. An error a view documents itself is kept; one documented without a body gets the JSON body every error
of this API has.

Times of day (opening hours, shift starts) are wall-clock times in Iran, written "08:30:00" with no UTC offset;
JSON Schema's `time` format is RFC 3339's full-time, which requires one, so they are described as partial-time.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from .api import ScopedModelViewSet


class ErrorDetailSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="why, in Persian")
    code = serializers.CharField(required=False, help_text="a machine-readable reason, where the view gives one")


INVALID = OpenApiResponse(OpenApiTypes.OBJECT, description="invalid input: the messages by field name (Persian)")
FORBIDDEN = OpenApiResponse(ErrorDetailSerializer, description="the caller may not do this")
NOT_FOUND = OpenApiResponse(ErrorDetailSerializer, description="no such object in the caller's scope, or no such page")
CONFLICT = OpenApiResponse(ErrorDetailSerializer, description="still referred to by other records")
UNSUPPORTED = OpenApiResponse(ErrorDetailSerializer, description="a body of a media type this call does not read")
ERROR_BODIES = {"400": INVALID, "403": FORBIDDEN, "404": NOT_FOUND, "409": CONFLICT, "415": UNSUPPORTED}

# RFC 3339's partial-time, as DRF writes and reads a time of day.
PARTIAL_TIME = {
    "format": "partial-time",
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
    "example": "08:30:00",
}

# Query parameters no value of which is refused: a page past the end is a 404, an unknown ordering is ignored.
LENIENT_QUERY_PARAMETERS = {"page", "ordering"}


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        for code in self.error_codes(operation):
            responses.setdefault(code, self._get_response_for_code(ERROR_BODIES[code], code))
        for code, response in responses.items():
            if code in ERROR_BODIES and "content" not in response:
                response["content"] = self._get_response_for_code(ERROR_BODIES[code], code)["content"]
        return operation

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if schema and schema.get("format") == "time":
            schema.update(PARTIAL_TIME)
        return schema

    def error_codes(self, operation) -> list[str]:
        parameters = operation.get("parameters", [])
        codes = []
        if "requestBody" in operation or any(
            p["in"] == "query" and p["name"] not in LENIENT_QUERY_PARAMETERS for p in parameters
        ):
            codes.append("400")
        if not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            codes.append("403")
        if any(p["in"] == "path" for p in parameters) or any(p["name"] == "page" for p in parameters):
            codes.append("404")
        if self.method == "DELETE" and isinstance(self.view, ScopedModelViewSet):  # its destroy answers 409
            codes.append("409")
        if "requestBody" in operation:
            codes.append("415")
        return codes
