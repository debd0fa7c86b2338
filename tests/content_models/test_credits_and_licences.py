"""One credit line (TASL) for every channel, and the pre-loaded licences."""

import pytest

from content_models.credits import credit_for
from content_models.licenses import License
from tests.factories import make_image


def test_credit_line_reads_title_source_licence(db):
    image = make_image(work_title="Study of a hand", source_name="Wellcome Collection")
    assert credit_for(image).text == (
        '"Study of a hand". Wellcome Collection. CC BY 4.0'
    )


def test_credit_names_the_creator_when_known(db):
    image = make_image(work_title="Meridians", creator="Hokusai", source_name="Museum")
    assert credit_for(image).text.startswith('"Meridians" by Hokusai. Museum.')


def test_credit_html_links_the_source_and_the_licence(db):
    image = make_image(source_url="https://museum.example/works/7")
    html = str(credit_for(image).html)
    assert '<a href="https://museum.example/works/7">' in html
    assert (
        '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">'
        "CC BY 4.0</a>" in html
    )


def test_credit_html_escapes_markup_in_titles(db):
    image = make_image(work_title="<script>alert(1)</script>")
    assert "<script>" not in str(credit_for(image).html)
    assert "&lt;script&gt;" in str(credit_for(image).html)


def test_credit_mentions_modifications(db):
    image = make_image(modifications="cropped and recoloured")
    assert credit_for(image).text.endswith("CC BY 4.0. Cropped and recoloured")


def test_credit_override_replaces_the_generated_line(db):
    image = make_image(credit_override="Photo © The Clinic, used with permission")
    credit = credit_for(image)
    assert credit.text == "Photo © The Clinic, used with permission"
    assert credit.as_dict()["license"]["spdx_id"] == "CC-BY-4.0"


def test_credit_as_dict_is_machine_readable(db):
    data = credit_for(make_image(work_title="W", source_name="S")).as_dict()
    assert data["title"] == "W"
    assert data["source"]["name"] == "S"
    assert data["license"] == {
        "spdx_id": "CC-BY-4.0",
        "name": "Attribution 4.0 International",
        "short_name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }


@pytest.mark.parametrize(
    "spdx_id, short_name, commercial, derivatives, attribution",
    [
        ("CC0-1.0", "CC0 1.0", True, True, False),
        ("CC-BY-4.0", "CC BY 4.0", True, True, True),
        ("CC-BY-SA-4.0", "CC BY-SA 4.0", True, True, True),
        ("CC-BY-NC-4.0", "CC BY-NC 4.0", False, True, True),
        ("CC-BY-NC-ND-4.0", "CC BY-NC-ND 4.0", False, False, True),
        ("LicenseRef-PDM-1.0", "Public Domain", True, True, False),
        (
            "LicenseRef-All-Rights-Reserved",
            "All rights reserved, used with permission",
            False,
            False,
            True,
        ),
    ],
)
def test_licences_are_preloaded_with_their_use_flags(
    db, spdx_id, short_name, commercial, derivatives, attribution
):
    licence = License.objects.get(spdx_id=spdx_id)
    assert licence.short_name == short_name
    assert licence.commercial_use_allowed is commercial
    assert licence.derivatives_allowed is derivatives
    assert licence.attribution_required is attribution
    assert licence.name
