"""The change feed: what changed since a cursor, for partners who keep a copy.

    GET /api/v1/changes/                         everything, from the beginning
    GET /api/v1/changes/?since=1042&limit=500    what changed after sequence 1042
    GET /api/v1/changes/?resource=case-studies   one resource only

Each item appears once, in its latest state, in the order of its last change: an
``upsert`` (fetch ``api_url``; compare ``etag``) or a ``delete`` with its reason
(unpublished, expired, restricted, consent withdrawn, deleted, review overdue).
``next`` is the URL of the following page; when it is null you are up to date: keep
``next_cursor`` and ask again later with ``?since=`` it. A cursor older than the
tombstones the store keeps is a 410: start again without ``since``. See
``docs/api.md`` (mirroring by change feed) for a worked loop.
"""

from urllib.parse import urlencode

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from content_models.canonical import api_base_url
from content_models.publishing import serve
from content_models.publishing.models import Publication
from content_models.resources import RESOURCES

from .conditional import etag_from, query_of
from .filters import check_query_parameters
from .pagination import WholeNumberParameter
from .policy import ERROR_RESPONSES, APIPolicy, ErrorSerializer
from .representation import Representation

MAX_CURSOR = 10**15
SINCE = WholeNumberParameter(
    "since",
    0,
    0,
    MAX_CURSOR,
    "The next_cursor of your last page; leave out to start from the beginning",
    1042,
)
LIMIT = WholeNumberParameter("limit", 100, 1, 1000, "Changes per page", 500)


class Gone(APIException):
    status_code = 410
    default_code = "gone"


CHANGE_FIELDS = {
    "sequence": serializers.IntegerField(),
    "type": serializers.ChoiceField(choices=["upsert", "delete"]),
    "resource": serializers.ChoiceField(choices=list(RESOURCES.names())),
    "id": serializers.IntegerField(help_text="The item's id: key your copy by it."),
    "slug": serializers.CharField(),
    "api_url": serializers.URLField(
        required=False, help_text="Upserts: fetch the item here."
    ),
    "etag": serializers.CharField(
        required=False, help_text="Upserts: the ETag that URL now answers with."
    ),
    "reason": serializers.ChoiceField(
        choices=[reason.value for reason in Publication.Reason],
        required=False,
        help_text="Deletes: why the item left.",
    ),
    "changed_at": serializers.DateTimeField(),
}


class ChangesView(APIPolicy, APIView):
    """``GET /api/v1/changes/`` — the change feed."""

    @extend_schema(
        operation_id="changes",
        summary="What changed since a cursor (upserts and deletes, in order)",
        parameters=[
            SINCE.parameter(),
            OpenApiParameter(
                "resource",
                OpenApiTypes.STR,
                enum=list(RESOURCES.names()),
                description="Only this resource's changes. Eg: ?resource=conditions",
            ),
            LIMIT.parameter(),
        ],
        responses={
            200: inline_serializer(
                "ChangePage",
                {
                    "results": inline_serializer("Change", CHANGE_FIELDS, many=True),
                    "next_cursor": serializers.IntegerField(),
                    "next": serializers.URLField(allow_null=True),
                },
            ),
            410: OpenApiResponse(
                ErrorSerializer,
                description="The cursor is older than the history kept: resync "
                "from the start (no since)",
            ),
            **ERROR_RESPONSES,
        },
    )
    def get(self, request):
        params = request.query_params
        check_query_parameters(params, {"since", "resource", "limit"})
        since = SINCE.read(params)
        limit = LIMIT.read(params)
        resource = params.get("resource")
        if resource is not None and resource not in RESOURCES:
            rule = f"one of {', '.join(RESOURCES.names())}"
            raise ValidationError(
                {
                    "detail": f"invalid resource '{resource}': {rule}",
                    "errors": {"resource": [rule]},
                }
            )
        try:
            rows, cursor = serve.changes(since, resource, limit)
        except serve.CursorTooOld as old:
            raise Gone(
                f"cursor {since} is older than the history kept (changes up to "
                f"{old.pruned_through} were pruned): start again from "
                "/api/v1/changes/ without since, and replace your copy"
            ) from None
        sequence, changed_at = serve.last_sequence()
        self.validate(
            etag_from("changes", sequence, changed_at, query_of(request)), changed_at
        )
        links = Representation(api_base_url())
        results = [change_entry(row, links) for row in rows]
        following = None
        if len(rows) == limit:
            query = {"since": cursor, "limit": limit}
            if resource:
                query["resource"] = resource
            following = request.build_absolute_uri(f"{request.path}?{urlencode(query)}")
        return Response({"results": results, "next_cursor": cursor, "next": following})


def change_entry(row, links):
    """One change as the feed (and every webhook) describes it; ``row`` is a
    Publication or anything with its attributes, ``links`` a Representation."""
    entry = {
        "sequence": row.sequence,
        "type": "upsert" if row.is_live else "delete",
        "resource": row.resource,
        "id": row.page_id,
        "slug": row.slug,
    }
    if row.is_live:
        entry["api_url"] = links.api_url(row.resource, row.slug)
        entry["etag"] = f'"{row.etag}"'
    else:
        entry["reason"] = row.reason
    entry["changed_at"] = row.changed_at.isoformat().replace("+00:00", "Z")
    return entry
