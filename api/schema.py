"""OpenAPI schema hooks (drf-spectacular): the v1 document describes v1 only."""


def only_api_v1(endpoints, **kwargs):
    """Preprocessing hook: drop Wagtail's API v2 and anything outside ``/api/v1/``."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
