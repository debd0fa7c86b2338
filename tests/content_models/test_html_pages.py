"""The HTML pages show only what the API shows, safely, under a content security policy.

Visitors read ``/conditions/<slug>/`` and the folder and home pages; staff preview
drafts in the admin. Every test reads the pages through the test client.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from content_models.consent import withdraw_consent
from content_models.folders import FolderPage
from tests.factories import (
    make_case_study,
    make_condition,
    make_image,
    make_symptom,
    make_treatment,
)

CSP = "Content-Security-Policy"


def html_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def restrict(page, kind, **fields):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=kind, **fields
    )


# ------------------------------------------------------------------ what is public


def test_a_published_condition_page_shows_its_public_content(site_tree, client):
    symptom = make_symptom(title="Toe pain", slug="toe-pain")
    treatment = make_treatment(title="Cupping", slug="cupping")
    make_condition(
        title="Gout",
        slug="gout",
        medical_term="Gouty arthritis",
        overview="<p>Crystals form in a <b>joint</b>.</p>",
        symptoms=[symptom],
        treatments=[treatment],
    )
    html = html_of(client, "/conditions/gout/")
    assert "<h1>Gout</h1>" in html and "Gouty arthritis" in html
    assert "Crystals form in a <b>joint</b>." in html
    assert 'href="http://testserver/symptoms/toe-pain/"' in html
    assert 'href="http://testserver/treatments/cupping/"' in html


def test_a_draft_condition_page_is_not_found(site_tree, client):
    make_condition(slug="gout", publish=False)
    assert client.get("/conditions/gout/").status_code == 404


def test_an_unpublished_condition_page_is_not_found(site_tree, client):
    page = make_condition(slug="gout")
    assert client.get("/conditions/gout/").status_code == 200
    page.unpublish()
    assert client.get("/conditions/gout/").status_code == 404


def test_an_expired_page_is_not_found_before_the_scheduler_runs(site_tree, client):
    page = make_condition(slug="gout")
    assert client.get("/conditions/gout/").status_code == 200
    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save()  # still live: publish_scheduled has not run
    assert client.get("/conditions/gout/").status_code == 404


def test_a_password_protected_page_is_not_found_and_asks_for_no_password(
    site_tree, client
):
    page = make_condition(slug="gout")
    restriction = restrict(page, PageViewRestriction.PASSWORD, password="secret")
    response = client.get("/conditions/gout/")
    assert response.status_code == 404
    assert "password" not in response.content.decode().lower()
    # Even a visitor who knows the password gets nothing: it is not public.
    client.post(
        reverse(
            "wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]
        ),
        {"password": "secret", "return_url": "/conditions/gout/"},
    )
    assert client.get("/conditions/gout/").status_code == 404


def test_a_page_restricted_to_a_group_is_not_found_even_for_its_members(
    site_tree, client
):
    page = make_condition(slug="gout")
    clinicians = Group.objects.create(name="Clinicians")
    restrict(page, PageViewRestriction.GROUPS).groups.add(clinicians)
    assert client.get("/conditions/gout/").status_code == 404  # no login redirect
    member = User.objects.create_user("member", password="pw")
    member.groups.add(clinicians)
    client.force_login(member)
    assert client.get("/conditions/gout/").status_code == 404


def test_pages_under_a_restricted_folder_are_not_found(site_tree, client):
    _, folders = site_tree
    make_symptom(slug="toe-pain")
    restrict(folders["symptoms"], PageViewRestriction.LOGIN)
    assert client.get("/symptoms/toe-pain/").status_code == 404
    assert client.get("/symptoms/").status_code == 404
    assert "/symptoms/" not in html_of(client, "/")


def test_a_case_study_without_web_consent_is_not_found(site_tree, client):
    make_case_study(slug="mr-p", consent=("print",))
    assert client.get("/case-studies/mr-p/").status_code == 404


def test_a_case_study_whose_consent_was_withdrawn_is_not_found(site_tree, client):
    case = make_case_study(slug="mr-b", consent=("web",))
    assert client.get("/case-studies/mr-b/").status_code == 200
    withdraw_consent(case, None)
    assert client.get("/case-studies/mr-b/").status_code == 404


def test_a_case_study_page_shows_its_disclaimer(site_tree, client):
    make_case_study(slug="mr-k", disclaimer="One person's experience.")
    assert "One person&#x27;s experience." in html_of(client, "/case-studies/mr-k/")


def test_folder_pages_list_only_public_items(site_tree, client):
    _, folders = site_tree
    make_condition(title="Visible gout", slug="gout")
    make_condition(title="Hidden draft", slug="draft", publish=False)
    expired = make_condition(title="Hidden expired", slug="expired")
    expired.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    expired.save()
    restricted = make_condition(title="Hidden private", slug="private")
    restrict(restricted, PageViewRestriction.PASSWORD, password="x")
    make_case_study(title="Shown case", slug="shown")
    make_case_study(title="Hidden case", slug="unconsented", consent=())

    conditions = html_of(client, "/conditions/")
    assert "Visible gout" in conditions
    for hidden in ("draft", "expired", "private"):
        assert f"/{hidden}/" not in conditions and f"Hidden {hidden}" not in conditions
    cases = html_of(client, "/case-studies/")
    assert "Shown case" in cases and "unconsented" not in cases


def test_folder_pages_list_their_items_a_page_at_a_time(site_tree, client, monkeypatch):
    for letter in "abc":
        make_condition(title=f"Condition {letter}", slug=f"condition-{letter}")
    monkeypatch.setattr(FolderPage, "reference_per_page", 2)
    first = html_of(client, "/conditions/")
    second = html_of(client, "/conditions/?page=2")
    odd = html_of(client, "/conditions/?page=bogus")
    assert "Condition a" in first and "Condition c" not in first
    assert 'href="?page=2"' in first
    assert "Condition c" in second and "Condition a" not in second
    assert odd == first


def test_the_home_page_links_its_public_folders(site_tree, client):
    html = html_of(client, "/")
    for path in ("/conditions/", "/symptoms/", "/treatments/", "/case-studies/"):
        assert f'href="http://testserver{path}"' in html


# ------------------------------------------------------------------ linked pages


def test_a_draft_treatment_linked_from_a_condition_is_not_shown(site_tree, client):
    draft = make_treatment(title="Secret moxa", slug="secret-moxa", publish=False)
    condition = make_condition(slug="gout", treatments=[draft])
    link = condition.treatment_links.get()
    link.how_used = "<p>Zebracorn note on the draft.</p>"
    link.save()
    condition.save_revision().publish()
    html = html_of(client, "/conditions/gout/")
    assert "Secret moxa" not in html
    assert "secret-moxa" not in html
    assert "Zebracorn" not in html


def test_rich_text_links_to_draft_and_private_pages_are_plain_text(site_tree, client):
    draft = make_treatment(slug="draft-cure", publish=False)
    private = make_treatment(slug="private-cure")
    restrict(private, PageViewRestriction.PASSWORD, password="x")
    make_condition(
        slug="gout",
        overview=(
            f'<p><a linktype="page" id="{draft.pk}">Draft link</a> and '
            f'<a linktype="page" id="{private.pk}">private link</a></p>'
        ),
    )
    html = html_of(client, "/conditions/gout/")
    assert "Draft link" in html and "private link" in html
    assert "draft-cure" not in html and "private-cure" not in html


@pytest.mark.parametrize(
    "bad_id", ["abc", "12345678901234567890123"], ids=["letters", "23 digits"]
)
def test_a_malformed_internal_link_renders_as_plain_text(site_tree, client, bad_id):
    make_condition(
        slug="gout", overview=f'<p>See <a linktype="page" id="{bad_id}">this</a>.</p>'
    )
    html = html_of(client, "/conditions/gout/")
    assert "See <a>this</a>." in html or "See this." in html
    assert bad_id not in html


# ------------------------------------------------------------------ hostile content


HOSTILE_RICH_TEXT = (
    "<p>Safe words.<script>alert('script')</script>"
    '<img src="x" onerror="alert(\'onerror\')">'
    '<svg onload="alert(\'svg\')"><circle r="1"/></svg>'
    "<a href=\"javascript:alert('href')\">click</a></p>"
)


def assert_harmless(html):
    lowered = html.lower()
    for marker in ("<script", "onerror", "onload", "<svg", "javascript:", "alert("):
        assert marker not in lowered, marker


def test_hostile_rich_text_never_reaches_a_page(site_tree, client):
    make_condition(slug="gout", overview=HOSTILE_RICH_TEXT)
    make_treatment(slug="cupping", safety=HOSTILE_RICH_TEXT)
    make_case_study(slug="mr-k", findings=HOSTILE_RICH_TEXT)
    for path in ("/conditions/gout/", "/treatments/cupping/", "/case-studies/mr-k/"):
        html = html_of(client, path)
        assert "Safe words." in html, path
        assert_harmless(html)


def test_a_javascript_source_url_never_becomes_a_link(site_tree, client):
    image = make_image()
    make_condition(
        slug="gout",
        hero_image=image,
        references=[
            ("reference", {"citation": "A bad link", "url": "javascript:alert(1)"})
        ],
    )
    # Saved by a script, past the form's validation; the page is rendered again.
    image.source_url = "javascript:alert('source')"
    image.save()
    html = html_of(client, "/conditions/gout/")
    assert "<figcaption>" in html and "A bad link" in html
    assert_harmless(html)


def test_text_fields_are_escaped(site_tree, client):
    make_symptom(slug="toe-pain", description="<script>alert('desc')</script>")
    html = html_of(client, "/symptoms/toe-pain/")
    assert "&lt;script&gt;alert" in html and "<script" not in html


# ------------------------------------------------------------------ front end


def test_visitors_are_sent_to_the_front_end_when_it_is_configured(
    site_tree, client, settings
):
    settings.MERIDIAN_FRONTEND_URL = "https://patients.clinic.example/"
    make_condition(slug="gout")
    for path in ("/conditions/gout/", "/conditions/", "/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"https://patients.clinic.example{path}"


def test_a_page_that_is_not_public_is_not_redirected_but_not_found(
    site_tree, client, settings
):
    settings.MERIDIAN_FRONTEND_URL = "https://patients.clinic.example"
    make_condition(slug="gout", publish=False)
    make_case_study(slug="mr-p", consent=())
    assert client.get("/conditions/gout/").status_code == 404
    assert client.get("/case-studies/mr-p/").status_code == 404


# ------------------------------------------------------------------ staff preview


def test_staff_preview_of_a_draft_uses_the_page_template(site_tree, admin_client):
    draft = make_condition(slug="gout", summary="Zebracorn draft summary.")
    draft.unpublish()
    revision = draft.save_revision()
    url = reverse("wagtailadmin_pages:revisions_view", args=[draft.pk, revision.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Zebracorn draft summary." in response.content.decode()
    used = [template.name for template in response.templates]
    assert "content_models/condition_page.html" in used
    assert not any(name.startswith("content_models/reference/") for name in used)
    # The preview is framed by the admin: no policy forbids that.
    assert CSP not in response


# ------------------------------------------------------------------ CSP


@pytest.mark.parametrize(
    "path", ["/", "/conditions/", "/conditions/gout/", "/conditions/missing/"]
)
def test_page_responses_carry_a_content_security_policy(site_tree, client, path):
    make_condition(slug="gout")
    policy = client.get(path).get(CSP, "")
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_the_admin_is_left_to_its_own_policy(site_tree, client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" not in response.get(CSP, "")


def test_pages_need_no_inline_style_or_script(site_tree, client):
    make_condition(slug="gout", hero_image=make_image())
    for path in ("/", "/conditions/", "/conditions/gout/"):
        html = html_of(client, path).lower()
        assert "<style" not in html and "<script" not in html, path
        assert " style=" not in html, path
        assert 'rel="stylesheet" href="/static/content_models/pages.css"' in html
