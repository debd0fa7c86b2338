"""Built-in feeds of the reviewed resources: RSS 2.0, Atom 1.0 and JSON Feed 1.1.

    GET /api/v1/conditions/export/rss/

``model`` builds one :class:`~exporters.feeds.model.Feed` from public pages (with
``content`` laying out each entry's HTML); ``rss``, ``atom`` and ``json_feed`` each
write it in their format (``xml`` holds what the two XML formats share), and
``exporter`` the base class they share. Each is declared as an entry point in
``pyproject.toml``, like any plugin.
"""
