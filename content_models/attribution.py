"""The one attribution formatter: whose text it is, under which licence, how to credit it.

    >>> attribution = attribution_for(clinic, clinic.text_license, page, canonical)
    >>> attribution.text
    '“Sciatica” by Meridian Clinic, https://clinic.example/conditions/sciatica/. CC BY 4.0'
    >>> attribution.copyright
    '© 2024–2026 Meridian Clinic'
    >>> attribution_for(clinic, clinic.text_license).rights   # a whole feed: no page
    'Text © Meridian Clinic, licensed under Attribution 4.0 International (CC BY 4.0): …'

``clinic`` is the site's ClinicSettings (or None) and ``text_license`` its licence,
passed in so that callers decide how it is fetched. The API's ``attribution`` block and
every feed's rights call this; none words the text licence or copyright itself.
"""

from dataclasses import dataclass

from .licenses import LicenseRef

# ClinicSettings.clinic_name's default, for a site whose settings were never saved.
DEFAULT_CLINIC_NAME = "Meridian Clinic"


@dataclass(frozen=True)
class Attribution:
    clinic: str
    canonical_url: str | None
    license: LicenseRef | None
    copyright: str  # © 2024–2026 Meridian Clinic
    terms: str | None  # the clinic's syndication terms
    text: str  # the line a republisher shows
    rights: str  # the rights statement: whose text, under which licence

    def as_dict(self):
        """The API's ``attribution`` block."""
        return {
            "clinic": self.clinic,
            "canonical_url": self.canonical_url,
            "license": self.license.as_dict() if self.license else None,
            "copyright": self.copyright,
            "terms": self.terms,
            "text": self.text,
        }


def _years(page):
    first = page.first_published_at or page.last_published_at
    last = page.last_published_at or page.first_published_at
    if first is None:
        return ""
    if first.year == last.year:
        return f"{first.year} "
    return f"{first.year}–{last.year} "


def attribution_for(clinic, text_license, page=None, canonical_url=None):
    """Return the :class:`Attribution` for ``page``, or for the clinic's text as a whole.

    Makes no queries: ``text_license`` is the clinic's licence, already fetched.
    """
    name = clinic.clinic_name if clinic else DEFAULT_CLINIC_NAME
    license = LicenseRef.of(text_license)
    copyright = f"© {_years(page) if page else ''}{name}"

    text = f"“{page.title}” by {name}" if page else name
    if canonical_url:
        text += f", {canonical_url}"
    if license:
        text += f". {license.short_name}"

    if license:
        rights = (
            f"Text {copyright}, licensed under {license.name} ({license.short_name})"
            + (f": {license.url}" if license.url else "")
            + "."
        )
    else:
        rights = f"Text {copyright}. All rights reserved."

    return Attribution(
        clinic=name,
        canonical_url=canonical_url,
        license=license,
        copyright=copyright,
        terms=(clinic.syndication_terms or None) if clinic else None,
        text=text,
        rights=rights,
    )
