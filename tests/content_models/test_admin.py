"""Staff can create and publish every content type in the Wagtail admin."""

import datetime

from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from content_models.demo.tree import ensure_site_tree
from content_models.models import (
    CaseStudyPage,
    ConditionIndexPage,
    ConditionPage,
    HomePage,
    SymptomPage,
    TreatmentPage,
)
from tests.factories import make_condition, make_image, make_symptom, make_treatment


class AdminTestCase(WagtailPageTestCase):
    def setUp(self):
        self.home, self.indexes = ensure_site_tree(hostname="testserver", port=80)
        self.user = self.login()

    def add_url(self, model, index):
        return reverse(
            "wagtailadmin_pages:add",
            args=["content_models", model._meta.model_name, self.indexes[index].pk],
        )


def condition_form(**overrides):
    data = {
        "title": "Gout",
        "slug": "gout",
        "summary": "Gout is a kind of arthritis that causes sudden, severe joint pain.",
        "overview": rich_text("<p>Crystals form in a joint.</p>"),
        "medical_term": "Gouty arthritis",
        "also_called": "Podagra",
        "causes": streamfield(
            [("cause", {"name": "Uric acid", "description": "Too much in the blood."})]
        ),
        "red_flags": streamfield([("red_flag", "you have a high fever")]),
        "references": streamfield([]),
        "symptom_links": inline_formset([]),
        "treatment_links": inline_formset([]),
        "clinical_codes": inline_formset(
            [{"system": "icd-10", "code": "M10.0", "display": "Idiopathic gout"}]
        ),
        "last_reviewed": "2026-01-10",
        "next_review_due": "",
        "search_description": "",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


class CreateInAdminTests(AdminTestCase):
    def test_editor_can_create_and_publish_a_condition_with_codes(self):
        symptom = make_symptom(title="Joint pain")
        data = condition_form(
            symptom_links=inline_formset(
                [{"symptom": symptom.pk, "note": "often the big toe"}]
            )
        )
        self.assertCanCreate(self.indexes["conditions"], ConditionPage, data)
        gout = ConditionPage.objects.get(slug="gout")
        assert gout.live
        assert [c.code for c in gout.clinical_codes.all()] == ["M10.0"]
        assert gout.symptom_links.get().note == "often the big toe"
        # The next review defaults to three years after the last one.
        assert gout.next_review_due == datetime.date(2029, 1, 10)

    def test_editor_can_create_a_symptom(self):
        data = nested_form_data(
            {
                "title": "Night sweats",
                "description": "Soaking sweats at night.",
                "body_location": "whole body",
                "is_red_flag": "on",
                "comments": inline_formset([]),
            }
        )
        self.assertCanCreate(self.indexes["symptoms"], SymptomPage, data)
        assert SymptomPage.objects.get(slug="night-sweats").is_red_flag

    def test_editor_can_create_a_treatment_with_both_explanations(self):
        data = nested_form_data(
            {
                "title": "Cupping",
                "summary": "Cups create suction on the skin.",
                "tradition": "Traditional Chinese Medicine",
                "traditional_view": rich_text("<p>Moves stagnant Qi.</p>"),
                "biomedical_mechanism": rich_text("<p>Raises local blood flow.</p>"),
                "what_to_expect": rich_text(""),
                "safety": rich_text(""),
                "references": streamfield([]),
                "comments": inline_formset([]),
            }
        )
        self.assertCanCreate(self.indexes["treatments"], TreatmentPage, data)
        cupping = TreatmentPage.objects.get(slug="cupping")
        assert "Qi" in cupping.traditional_view
        assert "Qi" not in cupping.biomedical_mechanism

    def test_editor_can_publish_a_case_study_with_consent(self):
        condition = make_condition()
        data = nested_form_data(case_study_form(condition=condition.pk))
        self.assertCanCreate(self.indexes["case-studies"], CaseStudyPage, data)
        case = CaseStudyPage.objects.get(slug="mr-a")
        assert case.live and case.consent_scope == {"web", "print"}

    def test_publishing_a_case_study_without_web_consent_is_refused(self):
        data = nested_form_data(case_study_form(consent_web=""))
        data["action-publish"] = "action-publish"
        response = self.client.post(self.add_url(CaseStudyPage, "case-studies"), data)
        assert response.status_code == 200
        assert (
            "consent to publish on the web is not recorded" in response.content.decode()
        )
        assert not CaseStudyPage.objects.filter(slug="mr-a").exists()

    def test_a_case_study_without_consent_can_still_be_saved_as_a_draft(self):
        data = nested_form_data(case_study_form(consent_web=""))
        response = self.client.post(self.add_url(CaseStudyPage, "case-studies"), data)
        assert response.status_code == 302
        assert not CaseStudyPage.objects.get(slug="mr-a").live

    def test_publishing_a_case_study_without_a_disclaimer_is_refused(self):
        data = nested_form_data(case_study_form(disclaimer=""))
        data["action-publish"] = "action-publish"
        response = self.client.post(self.add_url(CaseStudyPage, "case-studies"), data)
        assert "needs a disclaimer" in response.content.decode()
        assert not CaseStudyPage.objects.filter(slug="mr-a").exists()

    def test_an_unlicensed_image_cannot_be_used_on_a_page(self):
        image = make_image(license=None)
        data = condition_form(hero_image=image.pk)
        data["action-publish"] = "action-publish"
        response = self.client.post(self.add_url(ConditionPage, "conditions"), data)
        assert "cannot be used on a page until it has a licence" in (
            response.content.decode()
        )
        assert not ConditionPage.objects.filter(slug="gout").exists()

    def test_an_invalid_clinical_code_is_reported_with_the_expected_format(self):
        data = condition_form(
            clinical_codes=inline_formset([{"system": "icd-10", "code": "M5431"}])
        )
        response = self.client.post(self.add_url(ConditionPage, "conditions"), data)
        assert "not a valid ICD-10 (WHO) code: expected like M54.3" in (
            response.content.decode()
        )


def case_study_form(**overrides):
    data = {
        "title": "Mr. A.",
        "slug": "mr-a",
        "patient_label": "Mr. A.",
        "age_band": "40-49",
        "sex": "male",
        "summary": "Back pain eased over three sessions.",
        "presenting_complaint": "Back pain.",
        "findings": rich_text(""),
        "outcomes": inline_formset(
            [{"after_session": 1, "measure": "Pain", "result": "halved"}]
        ),
        "consent_recorded_on": "2026-03-01",
        "consent_web": "on",
        "consent_print": "on",
        "disclaimer": "One person's experience; results vary.",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value != ""}


class ValidationInOneSaveTests(AdminTestCase):
    def test_every_error_of_a_bad_condition_shows_after_one_save(self):
        data = condition_form(
            summary="x" * 301,
            search_description="y" * 201,
            clinical_codes=inline_formset([{"system": "icd-10", "code": "54.3"}]),
            last_reviewed="2026-06-01",
            next_review_due="2026-01-01",
        )
        response = self.client.post(self.add_url(ConditionPage, "conditions"), data)
        assert response.status_code == 200
        form = response.context["form"]
        assert set(form.errors) >= {"summary", "search_description", "next_review_due"}
        assert form.formsets["clinical_codes"].errors[0]  # the bad ICD-10 code
        assert not ConditionPage.objects.filter(slug="gout").exists()


class LabelTests(AdminTestCase):
    def test_labels_say_what_staff_will_choose(self):
        condition = make_condition()
        html = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[condition.pk])
        ).content.decode()
        # "Add Treatment modality" opens "Choose a page (Treatment modality)"
        assert "Add Treatment modality" in html
        assert "Add Treatment\n" not in html
        assert "&quot;label&quot;: &quot;URL&quot;" in html  # a reference's link


class TreeShapeTests(AdminTestCase):
    def test_pages_can_only_be_created_in_their_own_folder(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                ConditionIndexPage,
                *(type(page) for page in self.indexes.values()),
            },
        )
        self.assertAllowedParentPageTypes(ConditionPage, {ConditionIndexPage})
        self.assertCanNotCreateAt(HomePage, ConditionPage)
        self.assertCanNotCreateAt(ConditionIndexPage, TreatmentPage)

    def test_a_second_conditions_folder_cannot_be_added(self):
        assert not ConditionIndexPage.can_create_at(self.home)


class AdminScreensTests(AdminTestCase):
    def test_admin_search_finds_a_condition_by_title_and_by_synonym(self):
        make_condition(
            title="Sciatica", slug="sciatica", also_called="Lumbar radicular pain"
        )
        for query in ("Sciatica", "radicular"):
            response = self.client.get(
                reverse("wagtailadmin_pages:search"), {"q": query}
            )
            assert "Sciatica" in response.content.decode(), query

    def test_admin_search_finds_a_treatment_by_synonym(self):
        make_treatment(title="Traditional Japanese Acupuncture", also_called="TJA")
        response = self.client.get(reverse("wagtailadmin_pages:search"), {"q": "TJA"})
        assert "Traditional Japanese Acupuncture" in response.content.decode()

    def test_condition_editor_groups_fields_in_clinic_tabs(self):
        condition = make_condition()
        response = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[condition.pk])
        )
        html = response.content.decode()
        for tab in ("Content", "Clinical", "Review", "Promote"):
            assert f">{tab}<" in html or f"{tab}\n" in html, tab
        assert "Other names patients search for" in html

    def test_image_form_asks_for_credit_and_licence(self):
        image = make_image()
        response = self.client.get(reverse("wagtailimages:edit", args=[image.pk]))
        html = response.content.decode()
        for label in ("Title of the work", "Creator", "Source URL", "Licence"):
            assert label in html, label

    def test_licences_are_listed_as_snippets(self):
        response = self.client.get(
            reverse("wagtailsnippets_content_models_license:list")
        )
        assert "CC BY-NC-ND 4.0" in response.content.decode()

    def test_clinic_settings_can_be_edited(self):
        from wagtail.models import Site

        site = Site.objects.get(is_default_site=True)
        url = reverse(
            "wagtailsettings:edit", args=["content_models", "clinicsettings", site.pk]
        )
        response = self.client.get(url)
        assert response.status_code == 200
        assert "Syndication" in response.content.decode()


class PreviewTests(AdminTestCase):
    def test_editor_previews_unsaved_changes_to_a_condition(self):
        condition = make_condition(title="Gout", slug="gout")
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[condition.pk])
        data = condition_form(summary="A changed summary, not yet saved.")
        assert self.client.post(url, data).json()["is_valid"] is True
        response = self.client.get(url)
        assert "A changed summary, not yet saved." in response.content.decode()
        condition.refresh_from_db()
        assert condition.summary == "A condition."
