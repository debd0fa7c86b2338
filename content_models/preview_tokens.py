"""Draft preview on a partner front end: its settings, signed tokens and the link.

    MERIDIAN_PREVIEW = {
        # The front end's preview page; {token}, {resource} and {slug} are filled in.
        "FRONTEND_URL": "https://partner.example/api/preview"
        "?token={token}&resource={resource}&slug={slug}",
        "MAX_AGE": 1800,   # seconds a token works
        "SECRET": "",      # empty: SECRET_KEY, salted for this use only
    }

    >>> token = issue(page)          # bound to the page and its latest revision
    >>> read(token)                  # or InvalidToken: expired, altered, unknown
    Claim(page_id=42, revision_id=317)
    >>> draft_for(read(token))       # (page, that revision as a page object)
    >>> refusal(draft)               # "", or why not: a case study without web consent
    >>> front_end_preview_url(page)  # the partner's preview URL, with a fresh token
    'https://partner.example/api/preview?token=…&resource=conditions&slug=sciatica'

A token is ``django.core.signing.dumps`` of the page id and revision id, salted for
preview and timestamped: it cannot be altered without the secret, and :func:`read`
refuses it once ``MAX_AGE`` seconds have passed. Nothing is stored, so a token ends
with its age or with the secret. Only the pages the token names are drafts: what a
draft links to is limited to public pages by whoever renders it (``api.rendering``).
"""

import string
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core import checks, signing
from wagtail.models import Page, Revision

from .resources import resource_name

DEFAULTS = {
    # The partner front end's preview URL; empty: the editor offers no partner preview.
    "FRONTEND_URL": "",
    # How long a preview token works, in seconds.
    "MAX_AGE": 30 * 60,
    # The key tokens are signed with; empty: SECRET_KEY (salted, see SALT).
    "SECRET": "",
}
# Keeps preview tokens apart from every other use of the same key.
SALT = "meridian.preview-token"
URL_FIELDS = {"token", "resource", "slug"}


def preview_setting(name):
    return {**DEFAULTS, **getattr(settings, "MERIDIAN_PREVIEW", {})}[name]


def front_end_url_template():
    """The configured front-end preview URL, or "" when partner preview is off."""
    return (preview_setting("FRONTEND_URL") or "").strip()


def max_age():
    """Seconds a token works."""
    return int(preview_setting("MAX_AGE"))


def signing_key():
    return preview_setting("SECRET") or None  # None: signing uses SECRET_KEY


@dataclass(frozen=True)
class Claim:
    """What a valid token names: a page and the revision it was issued for."""

    page_id: int
    revision_id: int | None  # None: a page saved without revisions


class InvalidToken(Exception):
    """A token that is expired, altered, or names a draft that no longer exists."""


def issue(page):
    """A fresh token for ``page`` (saved) and its latest revision in the database."""
    revision_id = (
        Page.objects.filter(pk=page.pk)
        .values_list("latest_revision_id", flat=True)
        .first()
    )
    return signing.dumps([page.pk, revision_id], key=signing_key(), salt=SALT)


def read(token):
    """The :class:`Claim` of a token, or :class:`InvalidToken` saying why not."""
    try:
        page_id, revision_id = signing.loads(
            token, key=signing_key(), salt=SALT, max_age=max_age()
        )
    except signing.SignatureExpired:
        raise InvalidToken(
            "preview token has expired: open the preview again from the editor"
        ) from None
    except (signing.BadSignature, TypeError, ValueError):
        raise InvalidToken("preview token is not valid") from None
    return Claim(page_id, revision_id)


def draft_for(claim):
    """``(page, draft)``: the page as stored and the revision the token names, as a
    page object in memory (its inline rows too); :class:`InvalidToken` if either is
    gone."""
    page = Page.objects.filter(pk=claim.page_id).specific().first()
    if page is None:
        raise InvalidToken("the page this preview token was issued for is gone")
    if claim.revision_id is None:
        return page, page
    revision = Revision.page_revisions.filter(
        pk=claim.revision_id, object_id=str(page.pk)
    ).first()
    if revision is None:
        raise InvalidToken(
            "the draft this preview token was issued for is gone: open the preview "
            "again from the editor"
        )
    draft = revision.as_object()
    # "updated" is when the page was last published, not when this revision was.
    draft.last_published_at = page.last_published_at
    return page, draft


def refusal(page):
    """Why ``page`` (a draft) may not go to the partner site, or an empty string.

    A case study goes out on the web only with the patient's consent to it.
    """
    # Imported here: case_studies imports the preview mixins, which import this.
    from .case_studies import ConsentChannel

    consent_scope = getattr(page, "consent_scope", None)
    if consent_scope is not None and ConsentChannel.WEB not in consent_scope:
        return (
            f"the patient has not agreed to '{ConsentChannel.WEB}' "
            "(or has withdrawn consent)"
        )
    return ""


def front_end_preview_url(page):
    """The partner's preview URL for ``page`` (saved), with a fresh token; or ""."""
    template = front_end_url_template()
    if not template:
        return ""
    return template.format(
        token=quote(issue(page), safe=""),
        resource=quote(resource_name(page), safe=""),
        slug=quote(page.slug, safe=""),
    )


@checks.register("preview")
def check_preview_settings(app_configs, **kwargs):
    """A broken MERIDIAN_PREVIEW stops start-up instead of breaking the editor."""
    template = front_end_url_template()
    errors = []
    if template:
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        if (
            not template.startswith(("https://", "http://"))
            or "{token}" not in template
        ):
            errors.append(
                checks.Error(
                    "MERIDIAN_PREVIEW['FRONTEND_URL'] must be an http(s) URL that "
                    "contains {token}",
                    id="preview.E001",
                )
            )
        elif fields - URL_FIELDS:
            unknown = ", ".join(sorted(fields - URL_FIELDS))
            errors.append(
                checks.Error(
                    f"MERIDIAN_PREVIEW['FRONTEND_URL'] names unknown fields: {unknown}; "
                    "it may use {token}, {resource} and {slug}",
                    id="preview.E002",
                )
            )
    try:
        valid_age = max_age() > 0
    except (TypeError, ValueError):
        valid_age = False
    if not valid_age:
        errors.append(
            checks.Error(
                "MERIDIAN_PREVIEW['MAX_AGE'] must be a whole number of seconds above 0",
                id="preview.E003",
            )
        )
    return errors
