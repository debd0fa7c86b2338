"""Preview tokens: bound to a page and its latest revision; settings checked at start."""

import pytest

from content_models import preview_tokens
from content_models.preview_tokens import check_preview_settings
from tests.factories import make_condition

FRONT_END = "https://partner.example/preview?token={token}&slug={slug}"


@pytest.mark.django_db
def test_a_token_names_the_page_and_its_latest_revision(site_tree):
    gout = make_condition(slug="gout")
    claim = preview_tokens.read(preview_tokens.issue(gout))
    assert claim == preview_tokens.Claim(gout.pk, gout.latest_revision_id)
    newer = gout.save_revision()
    assert preview_tokens.read(preview_tokens.issue(gout)).revision_id == newer.pk


@pytest.mark.django_db
def test_a_token_for_a_revision_since_deleted_is_refused(site_tree):
    gout = make_condition(slug="gout")
    claim = preview_tokens.read(preview_tokens.issue(gout))
    gout.revisions.filter(pk=claim.revision_id).delete()
    with pytest.raises(preview_tokens.InvalidToken, match="is gone"):
        preview_tokens.draft_for(claim)


@pytest.mark.django_db
def test_the_front_end_url_carries_a_token_the_resource_and_the_slug(
    site_tree, settings
):
    settings.MERIDIAN_PREVIEW = {"FRONTEND_URL": FRONT_END}
    gout = make_condition(slug="gout")
    url = preview_tokens.front_end_preview_url(gout)
    assert url.startswith("https://partner.example/preview?token=")
    assert url.endswith("&slug=gout")
    settings.MERIDIAN_PREVIEW = {}
    assert preview_tokens.front_end_preview_url(gout) == ""


@pytest.mark.parametrize(
    "preview, error",
    [
        ({}, None),
        ({"FRONTEND_URL": FRONT_END, "MAX_AGE": "600"}, None),
        ({"FRONTEND_URL": "partner.example/preview?token={token}"}, "preview.E001"),
        ({"FRONTEND_URL": "https://partner.example/preview"}, "preview.E001"),
        ({"FRONTEND_URL": FRONT_END + "&page={id}"}, "preview.E002"),
        ({"MAX_AGE": "half an hour"}, "preview.E003"),
        ({"MAX_AGE": 0}, "preview.E003"),
    ],
)
def test_a_broken_preview_setting_stops_start_up(settings, preview, error):
    settings.MERIDIAN_PREVIEW = preview
    errors = [message.id for message in check_preview_settings(None)]
    assert errors == ([error] if error else [])
