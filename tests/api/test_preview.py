"""Draft preview for partner front ends: a signed, expiring token shows one page's
draft in the published shape, never cached or stored, and nothing else unpublished."""

import json
import time
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.urls import reverse

from content_models import preview_tokens
from content_models.conditions import ConditionSymptom, ConditionTreatment
from content_models.partner_preview import LABEL, MODE
from content_models.publishing.models import Publication, PublicationEvent
from tests.content_models.test_admin import condition_form
from tests.factories import (
    make_case_study,
    make_condition,
    make_symptom,
    make_treatment,
)

pytestmark = pytest.mark.django_db

FRONT_END = (
    "https://partner.example/api/preview?token={token}&resource={resource}&slug={slug}"
)


@pytest.fixture(autouse=True)
def partner_front_end(settings):
    settings.MERIDIAN_PREVIEW = {"FRONTEND_URL": FRONT_END, "MAX_AGE": 30 * 60}


def save_draft(page, **fields):
    """Save a new revision of ``page`` with ``fields`` changed, without publishing."""
    draft = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.save_revision()
    return draft


def preview(api, path, page, **headers):
    return api.get(f"{path}?preview_token={preview_tokens.issue(page)}", **headers)


def test_draft_is_shown_with_a_valid_token_and_never_without(api, sciatica):
    save_draft(sciatica.condition, summary="A draft summary, not yet published.")
    published = api.get("/api/v1/conditions/sciatica/")
    assert published.data["summary"] == "Pain along the sciatic nerve."

    drafted = preview(api, "/api/v1/conditions/sciatica/", sciatica.condition)
    assert drafted.status_code == 200
    assert drafted.data["summary"] == "A draft summary, not yet published."
    # The published representation is untouched by the preview.
    again = api.get("/api/v1/conditions/sciatica/")
    assert again.data["summary"] == "Pain along the sciatic nerve."
    assert again.headers["ETag"] == published.headers["ETag"]


def test_a_draft_has_the_shape_of_the_published_item(api, sciatica):
    save_draft(sciatica.condition, summary="A draft summary.")
    published = api.get("/api/v1/conditions/sciatica/").data
    drafted = preview(api, "/api/v1/conditions/sciatica/", sciatica.condition).data
    assert list(drafted) == list(published)
    for name in ("symptoms", "treatments", "case_studies", "clinical_codes"):
        assert [list(item) for item in drafted[name]] == [
            list(item) for item in published[name]
        ], name
    assert list(drafted["hero_image"]) == list(published["hero_image"])
    assert drafted["updated"] == published["updated"]


@pytest.mark.parametrize(
    "resource, make",
    [
        ("conditions", lambda: make_condition(symptoms=[make_symptom()])),
        ("symptoms", make_symptom),
        ("treatments", make_treatment),
        ("case-studies", lambda: make_case_study(outcomes=[(1, "Pain", "less")])),
    ],
)
def test_an_unchanged_draft_renders_exactly_as_published(
    api, site_tree, resource, make
):
    page = make()
    path = f"/api/v1/{resource}/{page.slug}/"
    assert preview(api, path, page).data == api.get(path).data
    token = preview_tokens.issue(page)
    drafted = api.get(f"{path}?format=jsonld&preview_token={token}")
    assert drafted.headers["Content-Type"] == "application/ld+json"
    assert drafted.data == api.get(f"{path}?format=jsonld").data


def test_fields_select_from_the_draft_too(api, sciatica):
    save_draft(sciatica.condition, title="Sciatica (draft title)")
    token = preview_tokens.issue(sciatica.condition)
    response = api.get(
        f"/api/v1/conditions/sciatica/?fields=_,title&preview_token={token}"
    )
    assert response.data == {
        "id": sciatica.condition.pk,
        "slug": "sciatica",
        "title": "Sciatica (draft title)",
    }


def test_an_expired_token_is_refused(api, sciatica):
    save_draft(sciatica.condition, summary="A draft summary.")
    thirty_one_minutes_ago = time.time() - 31 * 60
    with mock.patch("time.time", return_value=thirty_one_minutes_ago):
        token = preview_tokens.issue(sciatica.condition)
    response = api.get(f"/api/v1/conditions/sciatica/?preview_token={token}")
    assert response.status_code == 403
    assert response.headers["Content-Type"] == "application/json"
    assert set(response.data) <= {"detail", "errors"}
    assert "expired" in response.data["detail"]
    assert api.get(f"/api/v1/preview/?token={token}").status_code == 403


def test_a_token_within_its_lifetime_works(api, sciatica):
    twenty_nine_minutes_ago = time.time() - 29 * 60
    with mock.patch("time.time", return_value=twenty_nine_minutes_ago):
        token = preview_tokens.issue(sciatica.condition)
    response = api.get(f"/api/v1/conditions/sciatica/?preview_token={token}")
    assert response.status_code == 200


def test_the_lifetime_is_a_setting(api, sciatica, settings):
    settings.MERIDIAN_PREVIEW = {"FRONTEND_URL": FRONT_END, "MAX_AGE": 60}
    two_minutes_ago = time.time() - 120
    with mock.patch("time.time", return_value=two_minutes_ago):
        token = preview_tokens.issue(sciatica.condition)
    response = api.get(f"/api/v1/conditions/sciatica/?preview_token={token}")
    assert response.status_code == 403


def tampered(token):
    """The same token with its page id changed, the signature kept."""
    payload, rest = token.split(":", 1)
    other = signing.b64_encode(b"[1,1]").decode()
    assert other != payload
    return f"{other}:{rest}"


@pytest.mark.parametrize(
    "alter",
    [
        tampered,
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "not-a-token",
    ],
)
def test_a_tampered_token_is_refused(api, sciatica, alter):
    token = alter(preview_tokens.issue(sciatica.condition))
    response = api.get(f"/api/v1/conditions/sciatica/?preview_token={token}")
    assert response.status_code == 403
    assert response.data["detail"] == "preview token is not valid"
    assert api.get(f"/api/v1/preview/?token={token}").status_code == 403


def test_a_token_signed_with_another_secret_is_refused(api, sciatica, settings):
    token = preview_tokens.issue(sciatica.condition)
    settings.MERIDIAN_PREVIEW = {"FRONTEND_URL": FRONT_END, "SECRET": "rotated"}
    response = api.get(f"/api/v1/conditions/sciatica/?preview_token={token}")
    assert response.status_code == 403


def test_a_token_for_one_page_does_not_open_another(api, sciatica):
    gout = make_condition(slug="gout")
    token = preview_tokens.issue(gout)
    response = api.get(f"/api/v1/conditions/sciatica/?preview_token={token}")
    assert response.status_code == 403
    assert response.data["detail"] == "preview token is for another page"
    # Nor a page of another resource with the same slug.
    make_symptom(slug="gout")
    assert api.get(f"/api/v1/symptoms/gout/?preview_token={token}").status_code == 403


def test_a_token_with_an_unknown_slug_is_404(api, sciatica):
    token = preview_tokens.issue(sciatica.condition)
    response = api.get(f"/api/v1/conditions/no-such-thing/?preview_token={token}")
    assert response.status_code == 404
    assert response.data["detail"] == "no condition with slug 'no-such-thing'"


def test_a_page_never_published_is_reachable_by_token_only(api, site_tree):
    draft = make_condition(slug="shingles", title="Shingles", publish=False)
    assert api.get("/api/v1/conditions/shingles/").status_code == 404
    token = preview_tokens.issue(draft)
    by_route = api.get(f"/api/v1/preview/?token={token}")
    assert by_route.status_code == 200
    assert by_route.data["title"] == "Shingles"
    assert by_route.data["updated"] is None
    by_slug = api.get(f"/api/v1/conditions/shingles/?preview_token={token}")
    assert by_slug.data == by_route.data
    assert not Publication.objects.filter(page_id=draft.pk, state="live").exists()


def test_the_slug_of_a_renamed_draft_finds_it(api, sciatica):
    save_draft(sciatica.condition, slug="sciatic-pain")
    token = preview_tokens.issue(sciatica.condition)
    for slug in ("sciatic-pain", "sciatica"):
        response = api.get(f"/api/v1/conditions/{slug}/?preview_token={token}")
        assert response.status_code == 200, slug
        assert response.data["slug"] == "sciatic-pain"
        assert response.data["url"] == "http://testserver/conditions/sciatic-pain/"


def test_a_preview_is_never_cached(api, sciatica):
    path = "/api/v1/conditions/sciatica/?preview_token=" + preview_tokens.issue(
        sciatica.condition
    )
    for url in (path, f"/api/v1/preview/?token={preview_tokens.issue(sciatica.case)}"):
        response = api.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "private, no-store"
        assert "ETag" not in response.headers
        assert "Last-Modified" not in response.headers
        # No validators, so no 304 either.
        assert api.get(url, **{"If-None-Match": "*"}).status_code == 200


def test_previews_write_nothing_to_the_publication_store(api, sciatica):
    save_draft(sciatica.condition, summary="A draft summary.")
    never_published = make_condition(slug="shingles", publish=False)
    api.get("/api/v1/conditions/sciatica/")  # whatever was due is rendered first
    stored = list(Publication.objects.order_by("page_id").values())
    events = PublicationEvent.objects.count()
    for page in (sciatica.condition, never_published):
        token = preview_tokens.issue(page)
        assert api.get(f"/api/v1/preview/?token={token}").status_code == 200
    assert preview(api, "/api/v1/conditions/sciatica/", sciatica.condition).data
    assert list(Publication.objects.order_by("page_id").values()) == stored
    assert PublicationEvent.objects.count() == events


def test_a_draft_shows_no_other_unpublished_page(api, sciatica):
    """Only the previewed page is a draft: linked drafts stay out, new rows too."""
    new_public_symptom = make_symptom(slug="buttock-pain", title="Buttock pain")
    another_draft_symptom = make_symptom(
        slug="secret-symptom", title="Secret symptom", publish=False
    )
    draft = sciatica.condition.get_latest_revision_as_object()
    # Rows added in the editor have no id until published.
    draft.symptom_links.add(
        ConditionSymptom(symptom=another_draft_symptom, sort_order=10),
        ConditionSymptom(
            symptom=new_public_symptom, note="when sitting", sort_order=11
        ),
    )
    draft.treatment_links.add(
        ConditionTreatment(
            treatment=sciatica.hidden_treatment, how_used="<p>Hidden</p>", sort_order=10
        ),
        ConditionTreatment(
            treatment=make_treatment(slug="cupping", title="Cupping"),
            how_used="<p>Cups on the lower back</p>",
            sort_order=11,
        ),
        ConditionTreatment(
            treatment=sciatica.massage, how_used="<p>Gentle massage</p>", sort_order=12
        ),
    )
    draft.save_revision()

    response = preview(api, "/api/v1/conditions/sciatica/", sciatica.condition)
    body = json.dumps(response.data)
    for hidden in ("secret-symptom", "draft-symptom", "draft-cure", "Hidden"):
        assert hidden not in body, hidden
    assert [link["slug"] for link in response.data["symptoms"]] == [
        "lower-back-pain",
        "leg-pain",
        "saddle-numbness",
        "buttock-pain",
    ]
    assert response.data["symptoms"][-1]["note"] == "when sitting"
    assert [
        (link["slug"], link["how_used"]) for link in response.data["treatments"]
    ] == [
        ("acupuncture", None),
        ("massage", None),
        ("cupping", "<p>Cups on the lower back</p>"),
        ("massage", "<p>Gentle massage</p>"),
    ]
    # The case study that names the condition: only public ones, as published.
    assert [case["slug"] for case in response.data["case_studies"]] == ["mr-k"]


def test_a_case_study_draft_shows_only_public_treatments_and_conditions(api, sciatica):
    draft_condition = make_condition(slug="draft-condition", publish=False)
    save_draft(sciatica.case, condition=draft_condition)
    response = preview(api, "/api/v1/case-studies/mr-k/", sciatica.case)
    assert response.data["condition"] is None
    assert [t["slug"] for t in response.data["treatments_given"]] == ["acupuncture"]


def test_a_case_study_without_web_consent_is_not_previewed(api, sciatica):
    token = preview_tokens.issue(sciatica.case_without_web_consent)
    response = api.get(f"/api/v1/preview/?token={token}")
    assert response.status_code == 403
    assert "has not agreed to 'web'" in response.data["detail"]


def test_the_preview_route_needs_a_token_and_nothing_else(api, site_tree):
    missing = api.get("/api/v1/preview/")
    assert missing.status_code == 400
    assert missing.data["errors"] == {"token": ["required"]}
    assert api.get("/api/v1/preview/?token=x&slug=y").status_code == 400


def test_preview_is_in_the_schema(client, site_tree):
    schema = client.get(
        "/api/v1/schema/", headers={"Accept": "application/vnd.oai.openapi+json"}
    ).json()
    route = schema["paths"]["/api/v1/preview/"]["get"]
    assert [p["name"] for p in route["parameters"]] == ["token"]
    assert {"200", "403"} <= set(route["responses"])
    detail = schema["paths"]["/api/v1/conditions/{slug}/"]["get"]
    assert "preview_token" in [p["name"] for p in detail["parameters"]]
    assert "403" in detail["responses"]


# ------------------------------------------------------------------ the editor


def partner_link(html):
    start = html.index('href="https://partner.example/') + len('href="')
    return html[start : html.index('"', start)].replace("&amp;", "&")


def test_the_editor_offers_a_partner_site_preview(admin_client, site_tree):
    condition = make_condition(slug="gout")
    assert (MODE, LABEL) in condition.preview_modes
    assert condition.preview_modes[0][0] == ""  # the HTML preview stays the default
    editor = admin_client.get(f"/admin/pages/{condition.pk}/edit/").content.decode()
    assert f'value="{MODE}"' in editor


def test_no_partner_site_preview_without_a_front_end(admin_client, site_tree, settings):
    settings.MERIDIAN_PREVIEW = {"FRONTEND_URL": ""}
    condition = make_condition(slug="gout")
    assert MODE not in dict(condition.preview_modes)


def test_the_partner_preview_opens_the_front_end_with_a_working_token(
    admin_client, api, site_tree
):
    condition = make_condition(slug="gout", title="Gout")
    save_draft(condition, summary="Gout, as the draft has it.")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[condition.pk])
    assert admin_client.post(url, condition_form()).json()["is_valid"] is True

    panel = admin_client.get(url, {"mode": MODE, "in_preview_panel": "true"})
    assert panel.status_code == 200
    html = panel.content.decode()
    link = partner_link(html)
    assert f'<iframe src="{link.replace("&", "&amp;")}"' in html
    assert "save a draft to include your latest changes" in html
    query = parse_qs(urlsplit(link).query)
    assert query["resource"] == ["conditions"]
    assert query["slug"] == ["gout"]
    token = query["token"][0]
    drafted = api.get(f"/api/v1/conditions/gout/?preview_token={token}")
    assert drafted.data["summary"] == "Gout, as the draft has it."

    # "Preview in new tab" goes straight to the partner's front end.
    new_tab = admin_client.get(url, {"mode": MODE})
    assert new_tab.status_code == 302
    assert new_tab["Location"].startswith("https://partner.example/api/preview?token=")


def test_a_page_never_saved_cannot_be_previewed_on_the_partner_site(
    site_tree, admin_user, rf
):
    from content_models.conditions import ConditionPage

    new = ConditionPage(title="Shingles", slug="shingles", summary="A painful rash.")
    request = rf.get("/")
    request.user = admin_user
    response = new.serve_preview(request, MODE)
    assert "Save a draft first" in response.render().content.decode()


def test_no_partner_preview_of_a_case_study_without_web_consent(
    site_tree, admin_user, rf
):
    case = make_case_study(consent=("print",))
    request = rf.get("/")
    request.user = admin_user
    html = case.serve_preview(request, MODE).render().content.decode()
    assert "has not agreed to &#x27;web&#x27;" in html
    assert "partner.example" not in html


def test_previews_are_throttled_like_every_route(api, sciatica, settings):
    settings.MERIDIAN_API = {**settings.MERIDIAN_API, "ANON_RATE": "1/minute"}
    url = f"/api/v1/preview/?token={preview_tokens.issue(sciatica.condition)}"
    assert api.get(url).status_code == 200
    throttled = api.get(url)
    assert throttled.status_code == 429
    assert "throttled" in throttled.data["detail"].lower()
