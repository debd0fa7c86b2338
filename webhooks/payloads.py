"""A publication event as a webhook body: the change feed's entry, wrapped.

    >>> body = payload(event, Representation(api_base_url()))
    {"type":"publication.upsert","timestamp":"2026-11-30T08:12:03Z",
     "data":{"sequence":41,"type":"upsert","resource":"conditions","id":12,
             "slug":"sciatica","api_url":"https://cms.example/api/v1/conditions/sciatica/",
             "etag":"\\"3f1c…\\"","changed_at":"2026-11-30T08:12:03Z"}}

``data`` is built by the change feed's own entry builder (``api.changes``), so a
webhook and ``/api/v1/changes/`` can never describe a change differently.
"""

import json
from typing import NamedTuple

from api.changes import change_entry


class EventAsChange(NamedTuple):
    """A :class:`PublicationEvent` read as the change feed reads a publication."""

    sequence: int
    is_live: bool
    resource: str
    page_id: int
    slug: str
    etag: str
    reason: str
    changed_at: object

    @classmethod
    def of(cls, event):
        return cls(
            sequence=event.pk,
            is_live=event.kind == event.Kind.UPSERT,
            resource=event.resource,
            page_id=event.page_id,
            slug=event.slug,
            etag=event.etag,
            reason=event.reason,
            changed_at=event.at,
        )


def payload(event, links):
    """The JSON text POSTed for ``event``; ``links`` is an ``api.Representation``."""
    entry = change_entry(EventAsChange.of(event), links)
    envelope = {
        "type": f"publication.{entry['type']}",
        "timestamp": entry["changed_at"],
        "data": entry,
    }
    return json.dumps(envelope, separators=(",", ":"))
