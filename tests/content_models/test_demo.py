"""The demo content carries the sciatica article's facts, structured, and loads twice."""

import pytest
from django.core.management import CommandError, call_command

from content_models import demo
from content_models.credits import credit_for
from content_models.models import CaseStudyPage, ConditionPage, CreditedImage


def test_load_demo_twice_creates_nothing_new(demo_content):
    counts = (ConditionPage.objects.count(), CaseStudyPage.objects.count())
    demo.load()
    assert (ConditionPage.objects.count(), CaseStudyPage.objects.count()) == counts
    assert CreditedImage.objects.count() == 1


def test_sciatica_lists_the_five_symptoms_in_the_articles_order(demo_content):
    sciatica = ConditionPage.objects.get(slug="sciatica")
    assert [link.symptom.slug for link in sciatica.symptom_links.all()] == [
        "lower-back-pain",
        "buttock-or-leg-pain",
        "radiating-hip-pain",
        "burning-or-tingling-in-the-leg",
        "leg-weakness-or-numbness",
    ]
    notes = {link.symptom.slug: link.note for link in sciatica.symptom_links.all()}
    assert notes["buttock-or-leg-pain"] == "worse when sitting"


def test_sciatica_carries_term_codes_causes_and_red_flags(demo_content):
    sciatica = ConditionPage.objects.get(slug="sciatica")
    assert sciatica.medical_term == "Lumbar radiculopathy"
    codes = {(c.system, c.code) for c in sciatica.clinical_codes.all()}
    assert {("icd-10", "M54.3"), ("icd-10-cm", "M54.16")} <= codes
    causes = [block.value["name"] for block in sciatica.causes]
    assert causes == ["Sudden trauma", "Postural imbalance", "Dehydration", "Ageing"]
    red_flags = " ".join(block.value for block in sciatica.red_flags)
    assert "genitals" in red_flags and "bladder or bowels" in red_flags


def test_demo_image_is_a_labelled_placeholder_credited_to_wellcome(demo_content):
    image = CreditedImage.objects.get()
    assert "placeholder" in image.title.lower()
    assert credit_for(image).text == (
        '"Qigong exercise to treat lack of essence and pulses". '
        "Wellcome Collection. CC BY 4.0"
    )


def test_load_demo_points_every_link_at_the_port_it_is_served_on(site_tree, client):
    call_command("load_demo", "--site-url", "http://127.0.0.1:8800", stdout=None)
    data = client.get("/api/v1/conditions/sciatica/").json()
    assert data["url"] == "http://127.0.0.1:8800/conditions/sciatica/"
    assert data["attribution"]["canonical_url"] == data["url"]
    rss = client.get("/api/v1/conditions/export/rss/").content.decode()
    assert "http://127.0.0.1:8800/conditions/sciatica/" in rss
    assert "http://127.0.0.1:8000/" not in rss


def test_load_demo_refuses_a_site_url_that_is_not_http(site_tree):
    with pytest.raises(CommandError, match="not an http"):
        call_command("load_demo", "--site-url", "ftp://example.org")
