"""One attribution formatter for the API's attribution block and every feed's rights."""

import datetime
from types import SimpleNamespace

from content_models.attribution import attribution_for
from content_models.licenses import License
from content_models.settings import ClinicSettings

CANONICAL = "https://clinic.example/conditions/sciatica/"


def _clinic(**fields):
    return ClinicSettings(clinic_name="Harbour Clinic", **fields)


def _cc_by(**fields):
    return License(
        spdx_id="CC-BY-4.0",
        name="Attribution 4.0 International",
        short_name="CC BY 4.0",
        url=fields.pop("url", "https://creativecommons.org/licenses/by/4.0/"),
        **fields,
    )


def _page(first, last):
    """What the formatter reads of a page (a real Page would need the database)."""

    def moment(year):
        return datetime.datetime(year, 3, 1, tzinfo=datetime.UTC) if year else None

    return SimpleNamespace(
        title="Sciatica",
        first_published_at=moment(first),
        last_published_at=moment(last),
    )


def test_item_attribution_names_page_clinic_url_and_licence():
    attribution = attribution_for(_clinic(), _cc_by(), _page(2026, 2026), CANONICAL)
    assert attribution.text == f"“Sciatica” by Harbour Clinic, {CANONICAL}. CC BY 4.0"
    assert attribution.clinic == "Harbour Clinic"
    assert attribution.canonical_url == CANONICAL


def test_licence_is_published_with_its_four_names():
    attribution = attribution_for(_clinic(), _cc_by(), _page(2026, 2026), CANONICAL)
    assert attribution.as_dict()["license"] == {
        "spdx_id": "CC-BY-4.0",
        "name": "Attribution 4.0 International",
        "short_name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }


def test_licence_without_url_has_null_url_and_no_link_in_rights():
    attribution = attribution_for(_clinic(), _cc_by(url=""))
    assert attribution.license.url is None
    assert attribution.rights == (
        "Text © Harbour Clinic, licensed under Attribution 4.0 International "
        "(CC BY 4.0)."
    )


def test_page_published_within_one_year_has_a_single_year():
    attribution = attribution_for(_clinic(), _cc_by(), _page(2026, 2026), CANONICAL)
    assert attribution.copyright == "© 2026 Harbour Clinic"


def test_page_updated_in_later_years_has_a_year_range():
    attribution = attribution_for(_clinic(), _cc_by(), _page(2023, 2026), CANONICAL)
    assert attribution.copyright == "© 2023–2026 Harbour Clinic"


def test_feed_rights_name_the_clinic_and_link_the_licence():
    attribution = attribution_for(_clinic(), _cc_by())
    assert attribution.rights == (
        "Text © Harbour Clinic, licensed under Attribution 4.0 International "
        "(CC BY 4.0): https://creativecommons.org/licenses/by/4.0/."
    )
    assert attribution.copyright == "© Harbour Clinic"


def test_without_a_licence_all_rights_are_reserved():
    attribution = attribution_for(_clinic(), None, _page(2026, 2026), CANONICAL)
    assert attribution.license is None
    assert attribution.as_dict()["license"] is None
    assert attribution.text == f"“Sciatica” by Harbour Clinic, {CANONICAL}"
    assert attribution.rights == "Text © 2026 Harbour Clinic. All rights reserved."


def test_syndication_terms_are_the_clinics_or_null():
    terms = "Show the attribution and link back."
    assert attribution_for(_clinic(syndication_terms=terms), None).terms == terms
    assert attribution_for(_clinic(syndication_terms=""), None).terms is None


def test_without_clinic_settings_the_default_clinic_is_credited():
    attribution = attribution_for(None, None, _page(2025, 2026), None)
    assert attribution.clinic == "Meridian Clinic"
    assert attribution.copyright == "© 2025–2026 Meridian Clinic"
    assert attribution.text == "“Sciatica” by Meridian Clinic"
    assert attribution.terms is None
    assert attribution.as_dict() == {
        "clinic": "Meridian Clinic",
        "canonical_url": None,
        "license": None,
        "copyright": "© 2025–2026 Meridian Clinic",
        "terms": None,
        "text": "“Sciatica” by Meridian Clinic",
    }
