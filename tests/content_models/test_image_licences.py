"""Licences per channel, in the admin and the image model.

Staff are asked for the licence and the source whenever they upload an image (the
"Add an image" view, multiple upload, the page editor's chooser); a page that uses an
image still lacking them links to the image's edit view; and an image under a
no-derivatives (ND) licence is never cropped, whoever asks for a rendition.
"""

import html
import json

import pytest
from django.template import Context, Template
from django.urls import reverse
from wagtail.images.models import Filter

from content_models.demo.placeholder import placeholder_png
from content_models.images import CreditedImage, uncropped_spec
from content_models.licenses import License
from content_models.models import ConditionPage
from tests.content_models.test_admin import condition_form
from tests.factories import make_condition, make_image

pytestmark = pytest.mark.django_db

ND = "CC-BY-NC-ND-4.0"
REQUIRED_MESSAGES = (
    "Choose the image&#x27;s licence",
    "Say where the image comes from",
    "Give the address of the image&#x27;s page at its source",
)


def upload(name="scan.png", size=(400, 300)):
    image_file = placeholder_png(name, size=size)
    image_file.name = name
    return image_file


def credit_fields(prefix=""):
    return {
        f"{prefix}license": License.objects.get(spdx_id="CC-BY-4.0").pk,
        f"{prefix}source_name": "Wellcome Collection",
        f"{prefix}source_url": "https://wellcomecollection.org/works/abc",
    }


def make_wide_image(license=ND):
    """A 900×300 image: its aspect ratio (3:1) differs from any 4:3 box."""
    image = CreditedImage(
        title="Meridian chart",
        file=placeholder_png("Meridian chart", size=(900, 300)),
        source_name="Wellcome Collection",
        source_url="https://wellcomecollection.org/works/chart",
        license=License.objects.get(spdx_id=license),
    )
    image.save()
    return image


# The upload forms ask for licence and source


def test_add_an_image_form_shows_licence_and_source_as_required(admin_client):
    page = admin_client.get(reverse("wagtailimages:add")).content.decode()
    for name in ("license", "source_name", "source_url"):
        assert f'name="{name}"' in page
        assert f'id="id_{name}"' in page
    assert "non-commercial licence stay out of syndicated feeds" in page
    assert "The page of the work at its source" in page


def test_add_an_image_without_licence_or_source_is_refused(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Scan", "file": upload()}
    )
    assert response.status_code == 200
    page = response.content.decode()
    for message in REQUIRED_MESSAGES:
        assert message in page
    assert not CreditedImage.objects.exists()


def test_add_an_image_with_licence_and_source_saves_them(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Scan", "file": upload(), **credit_fields()},
    )
    assert response.status_code == 302
    image = CreditedImage.objects.get()
    assert image.license.spdx_id == "CC-BY-4.0"
    assert image.source_name == "Wellcome Collection"
    assert image.publication_problems() == []


def chooser_upload(admin_client, **fields):
    data = {"image-chooser-upload-title": "Scan", "image-chooser-upload-file": upload()}
    data.update({f"image-chooser-upload-{k}": v for k, v in fields.items()})
    response = admin_client.post(reverse("wagtailimages_chooser:create"), data)
    assert response.status_code == 200
    return json.loads(response.content)


def test_chooser_upload_tab_asks_for_licence_and_source(admin_client):
    response = admin_client.get(reverse("wagtailimages_chooser:choose"))
    page = json.loads(response.content)["html"]
    for name in ("license", "source_name", "source_url"):
        assert f'name="image-chooser-upload-{name}"' in page
    assert "non-commercial licence stay out of syndicated feeds" in page


def test_chooser_upload_without_licence_is_shown_again_with_the_reason(admin_client):
    result = chooser_upload(admin_client)
    assert result["step"] == "reshow_creation_form"
    for message in REQUIRED_MESSAGES:
        assert message in result["htmlFragment"]
    assert not CreditedImage.objects.exists()


def test_chooser_upload_with_licence_and_source_chooses_the_image(admin_client):
    result = chooser_upload(admin_client, **credit_fields())
    assert result["step"] == "chosen"
    image = CreditedImage.objects.get()
    assert result["result"]["id"] == str(image.pk)
    assert image.license.spdx_id == "CC-BY-4.0"


def test_multiple_upload_keeps_the_file_until_licence_and_source_are_given(
    admin_client,
):
    # Wagtail validates each file with title and collection only: the missing
    # licence keeps it an upload, not an image, and asks for the rest.
    sent = admin_client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": upload("chart.png")}
    ).json()
    assert sent["success"] and "uploaded_file_id" in sent
    assert (
        'name="uploaded-image-{}-license"'.format(sent["uploaded_file_id"])
        in (sent["form"])
    )
    assert not CreditedImage.objects.exists()

    url = reverse(
        "wagtailimages:create_multiple_from_uploaded_image",
        args=[sent["uploaded_file_id"]],
    )
    prefix = f"uploaded-image-{sent['uploaded_file_id']}-"
    refused = admin_client.post(url, {f"{prefix}title": "Chart"}).json()
    assert refused["success"] is False
    assert "Choose the image&#x27;s licence" in refused["form"]
    assert not CreditedImage.objects.exists()

    saved = admin_client.post(
        url, {f"{prefix}title": "Chart", **credit_fields(prefix)}
    ).json()
    assert saved["success"] is True
    image = CreditedImage.objects.get(pk=saved["image_id"])
    assert image.license.spdx_id == "CC-BY-4.0"
    assert image.source_url == "https://wellcomecollection.org/works/abc"


def test_multiple_upload_edit_form_of_an_existing_image_requires_a_licence(
    admin_client,
):
    image = make_image(license=None)
    prefix = f"image-{image.pk}-"
    response = admin_client.post(
        reverse("wagtailimages:edit_multiple", args=[image.pk]),
        {f"{prefix}title": "Renamed", f"{prefix}source_name": "S"},
    ).json()
    assert response["success"] is False
    assert "Choose the image&#x27;s licence" in response["form"]
    image.refresh_from_db()
    assert image.title != "Renamed"


# The page editor links to the image that lacks them


def test_page_error_links_to_the_edit_view_of_the_image_lacking_a_licence(
    admin_client, site_tree
):
    condition = make_condition(title="Gout", slug="gout")
    image = make_image(license=None, title="Toe <x-ray>")
    data = condition_form(hero_image=image.pk)
    data["action-publish"] = "action-publish"

    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[condition.pk]), data
    )

    page = response.content.decode()
    edit_url = reverse("wagtailimages:edit", args=[image.pk])
    # A real link (not escaped markup), and the image title still escaped.
    assert (
        f'<a href="{edit_url}" target="_blank" rel="noopener">Edit the image</a>'
        in (page)
    )
    assert "&lt;a href" not in page
    assert "The image 'Toe &lt;x-ray&gt;' cannot be used on a page" in page
    assert ConditionPage.objects.get(pk=condition.pk).hero_image is None


def test_page_error_names_both_licence_and_source_when_both_are_missing(site_tree):
    image = make_image(license=None, source_url="")
    page = ConditionPage(title="Gout", slug="gout", summary="s", hero_image=image)
    with pytest.raises(Exception) as caught:
        page.full_clean()
    (message,) = caught.value.message_dict["hero_image"]
    assert "a licence and a source name and source URL" in html.unescape(message)


# ND images are never cropped


def test_uncropped_spec_replaces_fill_and_keeps_the_other_operations():
    assert uncropped_spec("fill-320x240") == "max-320x240"
    assert uncropped_spec("fill-320x240-c75|format-webp") == "max-320x240|format-webp"
    assert uncropped_spec("width-400|jpegquality-60") == "width-400|jpegquality-60"


def test_nd_image_thumbnail_keeps_its_aspect_ratio(site_tree):
    image = make_wide_image(ND)
    rendition = image.get_rendition("fill-320x240")
    assert rendition.filter_spec == "max-320x240"
    assert (rendition.width, rendition.height) == (320, 106)
    assert rendition.file.name.endswith(".max-320x240.png")


def test_nd_image_is_not_cropped_through_get_renditions_or_templates(site_tree):
    image = make_wide_image(ND)
    found = image.get_renditions("fill-320x240-c100", Filter("fill-100x100"))
    # Keyed by what was asked for, made with the size-preserving filter.
    assert found["fill-320x240-c100"].filter_spec == "max-320x240"
    assert found["fill-100x100"].filter_spec == "max-100x100"
    assert (found["fill-100x100"].width, found["fill-100x100"].height) == (100, 33)

    tag = Template("{% load wagtailimages_tags %}{% image img fill-300x300 %}")
    rendered = tag.render(Context({"img": image}))
    assert 'width="300"' in rendered and 'height="100"' in rendered
    assert not image.renditions.filter(filter_spec__startswith="fill-").exists()


def test_cc_by_image_is_still_cropped_to_fill(site_tree):
    image = make_wide_image("CC-BY-4.0")
    rendition = image.get_rendition("fill-320x240")
    assert rendition.filter_spec == "fill-320x240"
    assert (rendition.width, rendition.height) == (320, 240)


def test_crops_are_withdrawn_when_an_image_gets_a_no_derivatives_licence(site_tree):
    image = make_wide_image("CC-BY-4.0")
    cropped = image.get_rendition("fill-320x240")
    image.license = License.objects.get(spdx_id=ND)
    image.save()
    assert not image.renditions.filter(pk=cropped.pk).exists()
    assert image.get_rendition("fill-320x240").filter_spec == "max-320x240"
