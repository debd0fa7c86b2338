"""URL fields take only web addresses, and no other scheme leaves through any channel."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from wagtail.blocks import StructBlockValidationError
from wagtail.images.forms import get_image_form
from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import streamfield

from content_models.blocks import ReferenceBlock
from content_models.credits import credit_for
from content_models.demo.tree import ensure_site_tree
from content_models.images import CreditedImage
from content_models.licenses import License
from content_models.settings import ClinicSettings
from tests.content_models.test_admin import condition_form
from tests.exporters.leaflet_pdf import open_pdf, pdf_text
from tests.factories import make_condition, make_image

WEB_ONLY = "Enter a web address that starts with http:// or https://."
HOSTILE_URLS = {
    "javascript": "javascript:alert(document.cookie)",
    "data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript": "vbscript:msgbox(1)",
}
NOT_WEB_URLS = [*HOSTILE_URLS.values(), "ftp://files.example/study.pdf", "http://"]
WEB_URLS = ["https://wellcomecollection.org/works/a1", "http://clinic.example/"]


# ------------------------------------------------------------------------- input


@pytest.mark.parametrize("url", NOT_WEB_URLS)
@pytest.mark.parametrize(
    "model, field",
    [(CreditedImage, "source_url"), (License, "url"), (ClinicSettings, "website")],
)
def test_url_fields_refuse_every_scheme_but_http_and_https(model, field, url):
    form_field = model._meta.get_field(field).formfield()
    with pytest.raises(ValidationError) as refused:
        form_field.clean(url)
    assert refused.value.messages == [WEB_ONLY]


@pytest.mark.parametrize("url", WEB_URLS)
def test_url_fields_accept_web_addresses(url):
    assert License._meta.get_field("url").formfield().clean(url) == url


@pytest.mark.parametrize("url", NOT_WEB_URLS)
def test_saving_a_model_with_a_url_that_is_no_web_address_is_refused(db, url):
    license = License(spdx_id="LicenseRef-x", name="X", short_name="X", url=url)
    with pytest.raises(ValidationError) as refused:
        license.full_clean()
    assert refused.value.message_dict == {"url": [WEB_ONLY]}


@pytest.mark.parametrize("url", NOT_WEB_URLS)
def test_a_reference_url_that_is_no_web_address_is_refused(url):
    with pytest.raises(StructBlockValidationError) as refused:
        ReferenceBlock().clean({"citation": "A study, 2020", "url": url})
    assert refused.value.block_errors["url"].messages == [WEB_ONLY]


def test_a_reference_may_have_a_web_address_or_none():
    block = ReferenceBlock()
    for url in [*WEB_URLS, ""]:
        assert block.clean({"citation": "A study", "url": url})["url"] == url


def test_the_image_form_refuses_a_javascript_source(db):
    image = make_image()
    form = get_image_form(CreditedImage)(
        instance=image,
        data={
            "title": image.title,
            "collection": image.collection_id,
            "license": image.license_id,
            "source_name": "Museum",
            "source_url": HOSTILE_URLS["javascript"],
        },
    )
    assert not form.is_valid()
    assert form.errors["source_url"] == [WEB_ONLY]


class AdminFormTests(WagtailPageTestCase):
    def setUp(self):
        ensure_site_tree(hostname="testserver", port=80)
        self.login()

    def test_the_licence_form_shows_the_error_and_saves_nothing(self):
        response = self.client.post(
            reverse("wagtailsnippets_content_models_license:add"),
            {
                "short_name": "Evil",
                "name": "Evil licence",
                "spdx_id": "LicenseRef-evil",
                "url": HOSTILE_URLS["data"],
                "attribution_required": "on",
            },
        )
        assert response.status_code == 200
        assert WEB_ONLY in response.content.decode()
        assert not License.objects.filter(spdx_id="LicenseRef-evil").exists()

    def test_the_page_editor_refuses_a_javascript_reference(self):
        page = make_condition(title="Gout", slug="gout")
        data = condition_form(
            references=streamfield(
                [("reference", {"citation": "A", "url": HOSTILE_URLS["javascript"]})]
            )
        )
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]), data
        )
        assert response.status_code == 200  # the form again, with its errors
        [stream_error] = response.context["form"].errors["references"].as_data()
        assert stream_error.block_errors[0].block_errors["url"].messages == [WEB_ONLY]
        assert list(page.get_latest_revision_as_object().references) == []


# ------------------------------------------------------------------------ output

CHANNELS = {
    "API detail": "/api/v1/conditions/hostile/",
    "API listing fields=*": "/api/v1/conditions/?fields=*",
    "JSON-LD": "/api/v1/conditions/hostile/?format=jsonld",
    "image detail": "/api/v1/images/{image}/",
    "licences": "/api/v1/licenses/",
    "RSS": "/api/v1/conditions/export/rss/",
    "Atom": "/api/v1/conditions/export/atom/",
    "JSON Feed": "/api/v1/conditions/export/json-feed/",
    "HTML page": "/conditions/hostile/",
}
LEAFLET = "/api/v1/conditions/hostile/export/leaflet-pdf/"


@pytest.fixture(params=sorted(HOSTILE_URLS), ids=sorted(HOSTILE_URLS))
def hostile(request, site_tree):
    """A condition whose image source, licence, reference and clinic website all hold
    ``url``, written past validation as an import or a script could."""
    url = HOSTILE_URLS[request.param]
    license = License.objects.create(
        spdx_id="LicenseRef-hostile",
        name="Hostile",
        short_name="Hostile 1.0",
        url="https://licences.example/hostile",
    )
    image = make_image(license="LicenseRef-hostile", creator="A. Painter")
    clinic = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    clinic.text_license = license
    clinic.save()
    make_condition(
        slug="hostile",
        hero_image=image,
        references=[("reference", {"citation": "A study, 2020", "url": url})],
    )
    License.objects.filter(pk=license.pk).update(url=url)
    CreditedImage.objects.filter(pk=image.pk).update(source_url=url)
    ClinicSettings.objects.filter(pk=clinic.pk).update(website=url)
    # The updates sent no signal: render every item again from what is now stored.
    call_command("publications", rebuild=True, stdout=io.StringIO())
    return url, image


def scheme_of(url):
    return url.split(":", 1)[0] + ":"


@pytest.mark.parametrize("channel", sorted(CHANNELS))
def test_no_channel_carries_a_url_that_is_no_web_address(client, hostile, channel):
    url, image = hostile
    response = client.get(CHANNELS[channel].format(image=image.pk))
    body = response.content.decode()
    assert response.status_code in (200, 302)
    assert scheme_of(url) not in body


def test_the_leaflet_carries_no_url_that_is_no_web_address(client, hostile):
    url, _ = hostile
    response = client.get(LEAFLET)
    assert response.status_code == 200
    assert "A study, 2020" in pdf_text(response.content)
    assert scheme_of(url) not in pdf_text(response.content)
    links = [
        str(annotation.A.URI)
        for page in open_pdf(response.content).pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation and "/URI" in annotation.A
    ]
    assert not [link for link in links if link.startswith(scheme_of(url))]


def test_the_api_credit_names_the_source_without_linking_it(client, hostile):
    detail = client.get("/api/v1/conditions/hostile/").json()
    credit = detail["hero_image"]["credit"]
    assert credit["source"] == {"name": "Test Collection", "url": None}
    assert credit["license"]["url"] is None
    assert "<a href" not in credit["html"].split("Test Collection")[0]


def test_an_unsaved_image_gets_a_credit_without_its_hostile_link(db):
    image = CreditedImage(
        title="Unsaved", source_name="Museum", source_url=HOSTILE_URLS["javascript"]
    )
    credit = credit_for(image)
    assert credit.source_url == "" and "javascript" not in str(credit.html)
