"""Third-party exporter packages for the tests, and a way to install them offline."""
