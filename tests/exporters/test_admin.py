"""Admin: the "Leaflet (PDF)" action on the editor, and the leaflet as a preview mode."""

from django.test import RequestFactory

from tests.exporters.leaflet_pdf import pdf_text
from tests.factories import make_case_study, make_condition, make_treatment


def test_edit_view_offers_the_leaflet_download(admin_client, site_tree):
    condition = make_condition(slug="gout")
    page = admin_client.get(f"/admin/pages/{condition.pk}/edit/").content.decode()
    download = f"/admin/exporters/page/{condition.pk}/leaflet-pdf/"
    assert download in page
    assert "Leaflet (PDF)" in page
    response = admin_client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="gout.pdf"'


def test_download_of_a_draft_explains_what_to_do(admin_client, site_tree):
    draft = make_condition(slug="draft", title="Draft gout", publish=False)
    response = admin_client.get(
        f"/admin/exporters/page/{draft.pk}/leaflet-pdf/", follow=True
    )
    # back in the editor, with a message saying why
    assert response.redirect_chain[-1][0] == f"/admin/pages/{draft.pk}/edit/"
    assert "&#x27;Draft gout&#x27; is not published" in response.content.decode()


def test_no_leaflet_is_offered_for_a_case_study_without_print_consent(
    admin_client, site_tree
):
    case = make_case_study(consent=("web",))
    download = f"/admin/exporters/page/{case.pk}/leaflet-pdf/"
    editor = admin_client.get(f"/admin/pages/{case.pk}/edit/").content.decode()
    assert download not in editor
    response = admin_client.get(download, follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/pages/{case.pk}/edit/"
    assert "has not agreed to &#x27;print&#x27;" in response.content.decode()
    printable = make_case_study(consent=("web", "print"))
    editor = admin_client.get(f"/admin/pages/{printable.pk}/edit/").content.decode()
    assert f"/admin/exporters/page/{printable.pk}/leaflet-pdf/" in editor


def test_leaflet_is_a_preview_mode_beside_the_html_preview(admin_client, site_tree):
    treatment = make_treatment(slug="cupping")
    assert ("export:leaflet-pdf", "Leaflet (PDF)") in treatment.preview_modes
    assert treatment.preview_modes[0][0] == ""  # the HTML preview stays the default
    page = admin_client.get(f"/admin/pages/{treatment.pk}/edit/").content.decode()
    assert 'value="export:leaflet-pdf"' in page


def test_preview_renders_unsaved_changes(site_tree, admin_user):
    condition = make_condition(slug="gout", title="Gout")
    condition.title = "Gout (unsaved edit)"
    request = RequestFactory().get("/")
    request.user = admin_user
    response = condition.serve_preview(request, "export:leaflet-pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "Gout (unsaved edit)" in pdf_text(response.content)


def test_preview_of_a_case_study_without_print_consent_says_why(site_tree, admin_user):
    case = make_case_study(consent=("web",))
    request = RequestFactory().get("/")
    request.user = admin_user
    response = case.serve_preview(request, "export:leaflet-pdf")
    assert response["Content-Type"].startswith("text/plain")
    assert "has not agreed to 'print'" in response.content.decode()


def test_preview_of_a_page_never_saved_renders(site_tree, admin_user):
    from content_models.conditions import ConditionPage

    new = ConditionPage(title="Shingles", slug="shingles", summary="A painful rash.")
    request = RequestFactory().get("/")
    request.user = admin_user
    response = new.serve_preview(request, "export:leaflet-pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "A painful rash." in pdf_text(response.content)
