"""Web addresses: the only URLs editors may enter or any channel may carry.

    source_url = WebURLField("source URL", blank=True)   # a model field
    url = WebURLBlock(required=False)                     # a StreamField block
    >>> web_url("https://wellcomecollection.org/works/x")
    'https://wellcomecollection.org/works/x'
    >>> web_url("javascript:alert(1)")
    ''
    CreditedImage.objects.filter(lacks_web_url("source_url"))   # for reports

A web address is an absolute http or https URL. Forms refuse anything else with a
clear message; a value that reached the database another way (an import, a script,
``queryset.update``) reads back as empty, so the API, JSON-LD, feeds, leaflets and
HTML pages never see it: they all read these fields through the model.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from wagtail import blocks

WEB_SCHEMES = ("http", "https")

NOT_A_WEB_URL = "Enter a web address that starts with http:// or https://."

validate_web_url = URLValidator(schemes=WEB_SCHEMES, message=NOT_A_WEB_URL)


def web_url(value):
    """``value`` if it is an http(s) URL, otherwise ""."""
    if not value:
        return ""
    try:
        validate_web_url(value)
    except ValidationError:
        return ""
    return value


def lacks_web_url(field):
    """A ``Q`` for rows whose ``field`` holds no http(s) URL: empty, or stored with
    another scheme (before migration 0008, or by a bulk write), which every channel
    reads as empty. SQL sees the scheme only; :func:`web_url` checks the rest."""
    web = Q()
    for scheme in WEB_SCHEMES:
        web |= Q(**{f"{field}__istartswith": f"{scheme}://"})
    return ~web


class WebURLFormField(forms.URLField):
    """A form's URL field that accepts only http and https."""

    default_error_messages = {"invalid": NOT_A_WEB_URL}
    default_validators = [validate_web_url]


class WebURLField(models.URLField):
    """A model's URL field: http(s) only when entered, and only http(s) read back."""

    default_validators = [validate_web_url]

    def from_db_value(self, value, expression, connection):
        return web_url(value) if value else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WebURLFormField, **kwargs})


class WebURLBlock(blocks.URLBlock):
    """A StreamField URL: http(s) only when entered, and only http(s) read back."""

    def __init__(self, *args, validators=(), **kwargs):
        super().__init__(*args, validators=validators, **kwargs)
        # The same field, with the web-only validator in place of Django's default.
        self.field.validators = [validate_web_url, *validators]
        self.field.error_messages["invalid"] = NOT_A_WEB_URL

    def to_python(self, value):
        return web_url(value)

    class Meta:
        icon = "link-external"
