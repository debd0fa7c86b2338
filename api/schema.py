"""OpenAPI schema hooks (drf-spectacular): the v1 document describes v1 only, and
says of every query parameter what the API enforces.

    SPECTACULAR_SETTINGS = {
        "PREPROCESSING_HOOKS": ["api.schema.only_api_v1"],
        "POSTPROCESSING_HOOKS": [..., "api.schema.query_values_as_read"],
    }

A query value is text that is never null, and a parameter given with an empty value
is a 400 (``api.filters.refuse_empty_values``): :func:`query_values_as_read` states
that as ``minLength``/``minItems``. The filters' own length limits reach the schema
through :class:`PublicFilterExtension`.
"""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension


def only_api_v1(endpoints, **kwargs):
    """Preprocessing hook: drop Wagtail's API v2 and anything outside ``/api/v1/``."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def query_values_as_read(result, **kwargs):
    """Postprocessing hook: no query parameter may be empty or null."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", ()):
                if parameter["in"] == "query":
                    never_empty(parameter["schema"])
    return result


def never_empty(schema):
    """``schema`` of one query value, without ``null`` and with nothing empty."""
    kinds = schema.get("type")
    if isinstance(kinds, list):
        kinds = [kind for kind in kinds if kind != "null"]
        schema["type"] = kinds[0] if len(kinds) == 1 else kinds
    if schema.get("type") == "string" and "enum" not in schema:
        schema.setdefault("minLength", 1)
    elif schema.get("type") == "array":
        schema.setdefault("minItems", 1)
        never_empty(schema["items"])


class PublicFilterExtension(DjangoFilterExtension):
    """The resource filters in the schema, with the length limit each one enforces
    (``?search=`` at most 200 characters)."""

    target_class = "api.filters.PublicFilterBackend"
    priority = 1

    def resolve_filter_field(
        self, auto_schema, model, filterset_class, field_name, filter_field
    ):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        max_length = filter_field.extra.get("max_length")
        for parameter in parameters:
            if max_length:
                parameter["schema"]["maxLength"] = max_length
        return parameters
