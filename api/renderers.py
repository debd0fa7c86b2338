"""Renderers the v1 page details offer besides JSON.

    class PageResourceViewSet(APIPolicy, GenericViewSet):
        renderer_classes = [JSONRenderer, JSONLDRenderer]

    GET /api/v1/conditions/sciatica/?format=jsonld
    GET /api/v1/conditions/sciatica/   with   Accept: application/ld+json

JSON stays first, so ``Accept: */*`` (browsers, curl) keeps getting JSON; the bodies
themselves are built by :mod:`api.jsonld`.
"""

from rest_framework.renderers import JSONRenderer

JSONLD_MEDIA_TYPE = "application/ld+json"


class JSONLDRenderer(JSONRenderer):
    """schema.org JSON-LD: JSON with its own media type and the ``jsonld`` format."""

    media_type = JSONLD_MEDIA_TYPE
    format = "jsonld"
