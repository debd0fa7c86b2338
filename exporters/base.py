"""The exporter contract. An exporter turns public content into one file.

    class MarkdownExporter(Exporter):
        name = "markdown"                  # URL slug, unique across installed exporters
        label = "Markdown"
        media_type = "text/markdown; charset=utf-8"
        extension = "md"
        scope = Exporter.ITEM              # or Exporter.COLLECTION
        resources = ("conditions",)        # resources it accepts
        version = "1"                      # part of every cache key

        def render(self, items, context):
            return "\\n".join(f"# {page.title}" for page in items).encode()

Exporters are discovered through the ``meridian.exporters`` entry-point group (see
``exporters.registry``); Meridian's built-ins are declared the same way in its own
``pyproject.toml``.
"""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ExportContext:
    """What an exporter may rely on, independent of any HTTP request."""

    base_url: str  # canonical front-end base, no trailing slash
    clinic: Any  # content_models.ClinicSettings for the default site
    resource: str  # a resource name (content_models.resources)
    options: dict = field(default_factory=dict)  # validated exporter options
    self_url: str = ""  # absolute URL of this export, for feeds' self links


class Exporter:
    """Base class: subclasses set the class attributes and implement ``render``."""

    ITEM = "item"
    COLLECTION = "collection"

    name: str = ""
    label: str = ""
    media_type: str = "application/octet-stream"
    extension: str = ""
    scope: str = ITEM
    resources: tuple = ()
    version: str = "1"
    # The consent channel the file goes out on: case studies reach an exporter only
    # with consent for it ("web", "print" or "syndication").
    channel: str = "web"
    # Item exporters whose files are slow to make set this: the file is kept in the
    # export store and made again in the background when the page is published.
    stored: bool = False

    def accepts(self, resource):
        return resource in self.resources

    def clean_options(self, raw):
        """Validate request/command options; raise ValueError with a clear message.

        The default accepts no options. Returns the cleaned ``dict``.
        """
        if raw:
            raise ValueError(
                f"exporter '{self.name}' takes no options; got {', '.join(sorted(raw))}"
            )
        return {}

    def render(self, items, context):
        """Return the file as bytes for ``items`` (a list of specific pages).

        ``items`` holds exactly one page for ``ITEM`` exporters. ``context`` is an
        :class:`ExportContext`.
        """
        raise NotImplementedError(
            f"{type(self).__name__}.render(items, context) must return bytes"
        )

    def filename(self, page, options):
        """The file name for one page's export (options may add a suffix)."""
        return f"{page.slug}.{self.extension}" if self.extension else page.slug

    def fingerprint(self):
        """What, besides ``version``, changes the output: e.g. a hash of templates."""
        return ""

    def cache_parts(self, page, context):
        """Extra values that change a stored file, e.g. revisions of linked pages."""
        return []

    def describe(self):
        return {
            "name": self.name,
            "label": self.label,
            "media_type": self.media_type,
            "extension": self.extension,
            "scope": self.scope,
            "resources": list(self.resources),
            "version": self.version,
        }
