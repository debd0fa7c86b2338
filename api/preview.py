"""Draft preview for partner front ends: a page's draft, for a signed token.

    GET /api/v1/conditions/sciatica/?preview_token=…   the draft of a page by its slug
    GET /api/v1/preview/?token=…                        the draft a token names, even
                                                        of a page never published

The editor's "Partner site" preview (``content_models.partner_preview``) sends the
front end a token bound to one page and the revision that was its latest
(``content_models.preview_tokens``). Either route renders that revision now, in the
shape of the published representation (``api.rendering.render_draft``), and sends
it with ``Cache-Control: private, no-store`` and no validators: a draft is never stored,
never cached and never answered with a 304.

An expired or altered token, one for another page, or a case study without the
patient's consent to the web, is a 403; ``?preview_token=`` with a slug no page of
the resource has is a 404, as without a token.
"""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from content_models import preview_tokens
from content_models.resources import RESOURCES, resource_of

from .filters import check_query_parameters
from .policy import ERROR_RESPONSES, APIPolicy, ErrorSerializer
from .rendering import render_draft
from .serializers import serializer_for


class NotCacheable:
    """Stands for a view's validators on a draft: no ETag, no Last-Modified, and
    ``Cache-Control: private, no-store`` (``APIPolicy.finalize_response`` applies
    it): no shared cache (Varnish, a CDN) may keep it, nor the browser."""

    def apply(self, response):
        response.headers["Cache-Control"] = "private, no-store"
        return response


NOT_CACHEABLE = NotCacheable()


def draft_for_token(token):
    """``(resource, page, draft)`` for a token, or a 403 saying why not."""
    try:
        page, draft = preview_tokens.draft_for(preview_tokens.read(token))
    except preview_tokens.InvalidToken as invalid:
        raise PermissionDenied(str(invalid)) from None
    resource = resource_of(draft)
    if resource is None:
        raise PermissionDenied("preview token names a page the API does not serve")
    refusal = preview_tokens.refusal(draft)
    if refusal:
        raise PermissionDenied(f"no preview: {refusal}")
    return resource, page, draft


def rendered_draft(resource, slug, token):
    """The :class:`Rendered` draft of ``resource``'s page ``slug`` for ``token``:
    a 403 for a token that is not valid or names another page, a 404 for a slug
    that no page of ``resource`` has."""
    resource = RESOURCES[str(resource)]
    token_resource, page, draft = draft_for_token(token)
    # The slug the front end was given (the draft's) or the one it had before.
    if token_resource != resource or slug not in {draft.slug, page.slug}:
        if not resource.model.objects.filter(slug=slug).exists():
            raise NotFound(f"no {resource.noun} with slug '{slug}'")
        raise PermissionDenied("preview token is for another page")
    return render_draft(resource, draft)


def token_parameter(name, required):
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        required=required,
        description="The token the editor's 'Partner site' preview put in your "
        f"preview URL: shows the page's draft, never cached. Eg: ?{name}=…",
    )


FORBIDDEN = OpenApiResponse(
    ErrorSerializer,
    description="The preview token has expired, was altered, or is for another page",
)


class PreviewView(APIPolicy, APIView):
    """``GET /api/v1/preview/?token=…``: the draft a preview token names."""

    @extend_schema(
        operation_id="preview",
        summary="A page's draft, for a preview token",
        description="The draft (latest saved revision when the token was issued) "
        "of the page the token names, in the shape of the published item of its "
        "resource; reaches pages never published. Sent with Cache-Control: "
        "private, no-store and no ETag.",
        parameters=[token_parameter("token", required=True)],
        responses={
            200: PolymorphicProxySerializer(
                component_name="Draft",
                serializers=[serializer_for(resource) for resource in RESOURCES],
                resource_type_field_name=None,
            ),
            403: FORBIDDEN,
            # No validators, so never a 412.
            **{code: ERROR_RESPONSES[code] for code in (400, 429)},
        },
    )
    def get(self, request):
        check_query_parameters(request.query_params, {"token"})
        token = request.query_params.get("token")
        if not token:
            raise ValidationError(
                {
                    "detail": "missing query parameter 'token'",
                    "errors": {"token": ["required"]},
                }
            )
        resource, _, draft = draft_for_token(token)
        self.validators = NOT_CACHEABLE
        body = render_draft(resource, draft).body
        return HttpResponse(body, content_type=JSONRenderer.media_type)
