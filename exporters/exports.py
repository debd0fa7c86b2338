"""Running an exporter on public content: the one path the API, admin and command share.

    >>> exporter = get_registry().get_for("leaflet-pdf", "conditions", Exporter.ITEM)
    >>> page = find_item(exporter, "conditions", "sciatica")      # or ItemNotFound
    >>> exported = export_item(exporter, "conditions", page, {"paper": "a5"})
    >>> exported.content, exported.filename, exported.from_store

Items come from the "what is public" querysets in ``content_models.public``, with the
exporter's consent channel for case studies: nothing here filters content itself.
"""

from dataclasses import dataclass

from content_models.canonical import base_url
from content_models.case_studies import ConsentChannel
from content_models.public import public_for_channel, withheld_as_overdue
from content_models.settings import ClinicSettings

from .base import ExportContext
from .store import get_store


class ItemNotFound(LookupError):
    """No public page with this slug for this resource (and consent channel)."""


class ItemWithheld(ItemNotFound):
    """The page is public, but its clinical review is overdue and this channel
    holds back overdue pages (``MERIDIAN_GOVERNANCE["WITHHOLD_OVERDUE"]``)."""


def public_queryset(resource, exporter=None):
    """The public pages of ``resource`` this exporter's channel may show."""
    return public_for_channel(
        resource, getattr(exporter, "channel", ConsentChannel.WEB)
    )


def find_item(exporter, resource, slug):
    """The public page of ``resource`` with ``slug``; raises :class:`ItemNotFound`
    (or :class:`ItemWithheld` when only an overdue review keeps it back)."""
    page = public_queryset(resource, exporter).filter(slug=slug).first()
    if page is None and (
        overdue := withheld_as_overdue(resource, exporter.channel, slug)
    ):
        raise ItemWithheld(
            f"'{overdue.title}' is withheld from {exporter.label}: its clinical "
            f"review was due on {overdue.next_review_due:%d %B %Y}. It comes back "
            "as soon as a clinical reviewer has reviewed it."
        )
    if page is None:
        raise ItemNotFound(
            f"no published {resource} with slug '{slug}'"
            + (
                " that the patient agreed to have printed"
                if resource == "case-studies"
                and exporter.channel == ConsentChannel.PRINT
                else ""
            )
        )
    return page


def clinic_settings():
    """The clinic's details for the default site (unsaved defaults if none yet)."""
    return ClinicSettings.for_default_site()


def build_context(resource, options=None, self_url=""):
    return ExportContext(
        base_url=base_url(),
        clinic=clinic_settings(),
        resource=resource,
        options=options or {},
        self_url=self_url,
    )


@dataclass
class ExportedFile:
    content: bytes
    filename: str
    media_type: str
    from_store: bool = False
    store_key: str = ""  # where the export store keeps it, for stored exporters


def export_item(exporter, resource, page, options, use_store=True, context=None):
    """Export one page, through the export store when the exporter keeps its files."""
    context = context or build_context(resource, options)
    filename = exporter.filename(page, context.options)
    if not (exporter.stored and use_store):
        content = exporter.render([page], context)
        return ExportedFile(content, filename, exporter.media_type)
    store = get_store()
    key = store.key_for(exporter, page, context)
    content = store.get(key)
    if content is not None:
        return ExportedFile(content, filename, exporter.media_type, True, key)
    content = store.put(key, exporter.render([page], context))
    return ExportedFile(content, filename, exporter.media_type, False, key)
