"""``generate_content`` makes valid, published, deterministic benchmark content."""

from io import StringIO

from django.core.management import call_command
from wagtail.models import Page

from content_models.models import ConditionPage
from content_models.public import public_conditions


def generated():
    return ConditionPage.objects.filter(slug__startswith="generated-").order_by("slug")


def test_generates_n_live_conditions_with_symptoms_treatments_and_images(site_tree):
    call_command("generate_content", conditions=25, stdout=StringIO())
    pages = list(generated())
    assert len(pages) == 25
    assert public_conditions().filter(slug__startswith="generated-").count() == 25
    first = pages[0]
    assert first.symptom_links.count() == 4
    assert first.treatment_links.count() == 2
    assert first.hero_image.license.spdx_id == "CC-BY-4.0"
    assert 'linktype="page"' in first.overview
    assert first.url == "/conditions/generated-condition-00001/"


def test_generated_pages_keep_the_page_tree_consistent(site_tree):
    call_command("generate_content", conditions=30, stdout=StringIO())
    assert Page.find_problems() == ([], [], [], [], [])


def test_generation_is_deterministic_and_repeatable(site_tree):
    call_command("generate_content", conditions=10, stdout=StringIO())
    first = [
        [link.symptom.slug for link in page.symptom_links.all()] for page in generated()
    ]
    call_command("generate_content", conditions=10, stdout=StringIO())
    assert generated().count() == 10
    again = [
        [link.symptom.slug for link in page.symptom_links.all()] for page in generated()
    ]
    assert first == again


def test_each_generated_condition_has_one_revision_live_and_latest_of_its_content(
    site_tree,
):
    call_command("generate_content", conditions=5, stdout=StringIO())
    for page in generated():
        assert page.latest_revision_id == page.live_revision_id
        assert page.revisions.count() == 1
        as_saved = page.latest_revision.as_object()
        assert as_saved.overview == page.overview
        assert [link.treatment_id for link in as_saved.treatment_links.all()] == [
            link.treatment_id for link in page.treatment_links.all()
        ]
        assert len(as_saved.symptom_links.all()) == 4
