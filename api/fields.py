"""Field selection: the ``fields`` query parameter, as Wagtail's API v2 reads it.

    GET /api/v1/conditions/?fields=*,-causes

    chosen = select_fields(request.query_params.get("fields"), COMPACT_FIELDS,
                           ConditionSerializer._declared_fields)
    ConditionSerializer(pages, many=True, fields=chosen, context=context)

``*`` means every field, ``_`` none, ``name`` adds one and ``-name`` removes one;
``id`` and ``slug`` always stay. A bad value is a 400 with a short lowercase message.
"""

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

ALWAYS_INCLUDED = ("id", "slug")


def select_fields(raw, default, available, always=ALWAYS_INCLUDED):
    """Parse a ``fields`` parameter into the set of field names to show.

    ``*`` means every field, ``_`` none (besides id and slug), ``name`` adds one and
    ``-name`` removes one, starting from ``default``. Eg: ``fields=*,-causes``.
    """
    if raw is None:
        return set(default) | set(always)
    available = list(available)
    chosen = set(default)
    for name in raw.split(","):
        if name == "*":
            chosen = set(available)
        elif name == "_":
            chosen = set()
        elif name.startswith("-") and name[1:] in available:
            if name[1:] in always:
                _fields_error(f"'{name[1:]}' is always included and cannot be removed")
            chosen.discard(name[1:])
        elif name in available:
            chosen.add(name)
        elif not name:
            _fields_error("empty field name; separate field names with commas")
        else:
            _fields_error(
                f"unknown field '{name.lstrip('-')}'; available: "
                + ", ".join(available)
            )
    return chosen | set(always)


def _fields_error(message):
    raise ValidationError(
        {
            "detail": f"invalid fields parameter: {message}",
            "errors": {"fields": [message]},
        }
    )


def fields_parameter(default, available, always=ALWAYS_INCLUDED):
    """The ``fields`` parameter as the OpenAPI document describes it: a
    comma-separated list whose every item is one of those :func:`select_fields`
    reads."""
    items = ["*", "_", *available]
    items += [f"-{name}" for name in available if name not in always]
    return OpenApiParameter(
        "fields",
        {"type": "array", "items": {"type": "string", "enum": items}},
        style="form",
        explode=False,
        description="Fields to include, comma-separated: 'name' adds a field, "
        "'-name' removes one, '*' means all fields, '_' none (id and slug always "
        f"stay). Default: {default}. Eg: ?fields=*,-causes",
    )


class DynamicFieldsSerializer(serializers.Serializer):
    """A read-only serializer that shows only the fields passed as ``fields``."""

    def __init__(self, *args, fields=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fields is not None:
            for name in list(self.fields):
                if name not in fields:
                    self.fields.pop(name)
        # `fields=` may leave any of them out, so the schema requires only id and slug.
        for name, field in self.fields.items():
            if name not in ALWAYS_INCLUDED:
                field.read_only, field.required = True, False
