"""What the item and collection export views share: the exporter lookup and the path.

exporter = exporter_for("conditions", "rss", Exporter.COLLECTION)  # or a 404
@extend_schema(parameters=[*export_path_parameters(Exporter.COLLECTION), …])
"""

from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound

from content_models.resources import RESOURCES
from exporters.base import Exporter
from exporters.registry import UnknownExporter, get_registry

SCOPE_NOUN = {
    Exporter.ITEM: "An item exporter",
    Exporter.COLLECTION: "A collection exporter",
}


def exporter_for(resource, name, scope):
    """The enabled exporter ``name`` of ``scope`` for ``resource``; else a 404."""
    if resource not in RESOURCES:
        raise NotFound(
            f"unknown resource '{resource}'; use one of {', '.join(RESOURCES.names())}"
        )
    try:
        return get_registry().get_for(name, resource, scope)
    except UnknownExporter as missing:
        raise NotFound(str(missing)) from None


def export_path_parameters(scope):
    """The ``resource`` and ``exporter`` path parameters as the schema shows them."""
    names = [e.name for e in get_registry().all() if e.scope == scope]
    return [
        OpenApiParameter(
            "resource", str, OpenApiParameter.PATH, enum=list(RESOURCES.names())
        ),
        OpenApiParameter(
            "exporter",
            str,
            OpenApiParameter.PATH,
            description=f"{SCOPE_NOUN[scope]} from GET /api/v1/exporters/, e.g. "
            + ", ".join(names),
        ),
    ]
