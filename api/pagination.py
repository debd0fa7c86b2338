"""Limit/offset pagination with strict parameters.

    GET /api/v1/conditions/?limit=50&offset=100
    {"count": 1003, "next": "…?limit=50&offset=150", "previous": "…?limit=50&offset=50",
     "results": [...]}

``limit`` defaults to 20 and may be at most 100; ``offset`` starts at 0. Anything else
(``limit=0``, ``limit=abc``, ``offset=-1``) is a 400 that says what is allowed, rather
than a silently different page.
"""

from dataclasses import dataclass

from drf_spectacular.utils import OpenApiParameter
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

from cms.parsing import parse_whole_number

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000_000


def whole_number(query_params, name, default, minimum, maximum):
    """``query_params[name]`` read by the one whole-number parser, or ``default``;
    a 400 naming the rule for anything else (``limit=0``, ``offset=abc``)."""
    raw = query_params.get(name)
    if raw is None:
        return default
    try:
        return parse_whole_number(raw, minimum=minimum, maximum=maximum)
    except ValueError as invalid:
        raise ValidationError(
            {
                "detail": f"invalid {name} '{raw}': {invalid}",
                "errors": {name: [str(invalid)]},
            }
        ) from None


@dataclass(frozen=True)
class WholeNumberParameter:
    """A whole-number query parameter declared once: read by :func:`whole_number`
    and described to the schema with the same bounds.

        LIMIT = WholeNumberParameter("limit", 100, 1, 1000, "Changes per page", 500)
        limit = LIMIT.read(request.query_params)
        @extend_schema(parameters=[LIMIT.parameter()])
    """

    name: str
    default: int
    minimum: int
    maximum: int
    description: str
    example: int

    def read(self, query_params):
        return whole_number(
            query_params, self.name, self.default, self.minimum, self.maximum
        )

    def schema(self):
        return {
            "type": "integer",
            "minimum": self.minimum,
            "maximum": self.maximum,
            "default": self.default,
        }

    def parameter(self):
        return OpenApiParameter(
            self.name,
            self.schema(),
            description=f"{self.description}: {self.minimum} to {self.maximum} "
            f"(default {self.default}). Eg: ?{self.name}={self.example}",
        )


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    def get_limit(self, request):
        return whole_number(
            request.query_params,
            self.limit_query_param,
            self.default_limit,
            1,
            self.max_limit,
        )

    def get_offset(self, request):
        return whole_number(
            request.query_params, self.offset_query_param, 0, 0, MAX_OFFSET
        )

    def get_paginated_response_schema(self, schema):
        # OpenAPI 3.1 spells "may be null" as a type list, not `nullable`.
        link = {"type": ["string", "null"], "format": "uri"}
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123},
                "next": {
                    **link,
                    "example": "https://cms.example/api/v1/conditions/?limit=20&offset=40",
                },
                "previous": {
                    **link,
                    "example": "https://cms.example/api/v1/conditions/?limit=20",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["description"] = (
                    f"Items per page, 1 to {self.max_limit} (default "
                    f"{self.default_limit}). Eg: ?limit=50"
                )
                parameter["schema"].update(
                    {"minimum": 1, "maximum": self.max_limit, "default": DEFAULT_LIMIT}
                )
            else:
                parameter["description"] = (
                    f"Items to skip, 0 to {MAX_OFFSET}. Eg: ?offset=20"
                )
                parameter["schema"].update(
                    {"minimum": 0, "maximum": MAX_OFFSET, "default": 0}
                )
        return parameters
