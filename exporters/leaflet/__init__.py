"""The built-in leaflet: a printed patient leaflet (accessible PDF) for one page.

    GET /api/v1/conditions/sciatica/export/leaflet-pdf/?paper=a5&large_print=true

``content`` gathers what the leaflet says; ``layout`` renders it with the templates
and stylesheet in ``templates/``; ``fetcher`` lets WeasyPrint read only stored and
static files; ``exporter`` is the ``leaflet-pdf`` entry point in ``pyproject.toml``.
"""
