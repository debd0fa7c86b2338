"""Exporters: plugins that turn content into files (leaflets, feeds)."""
