"""A staff member logs in with the demo account and finds Sciatica in the admin."""

import pytest

from content_models import demo
from content_models.demo.tree import ensure_site_tree

# The live server needs committed data; the demo loader rebuilds what a flush removes.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.flushes_db]


@pytest.fixture
def demo_site(live_server):
    ensure_site_tree(hostname="localhost", port=80)
    demo.load()
    return live_server.url


def log_in(page, base_url):
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "changeme")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def test_editor_logs_in_and_finds_sciatica_by_searching(page, demo_site):
    log_in(page, demo_site)
    page.goto(f"{demo_site}/admin/pages/search/?q=Sciatica")
    results = page.locator("main")
    assert "Sciatica" in results.inner_text()
    page.get_by_role("link", name="Sciatica", exact=True).first.click()
    page.wait_for_url("**/edit/")
    assert page.get_by_role("tab", name="Clinical").is_visible()
    page.get_by_role("tab", name="Clinical").click()
    assert page.locator("input[value='Lumbar radiculopathy']").is_visible()


def test_condition_page_shows_its_image_with_the_credit_line(page, demo_site):
    page.goto(f"{demo_site}/conditions/sciatica/")
    assert page.get_by_role("heading", name="Sciatica", level=1).is_visible()
    caption = page.locator("figcaption").inner_text()
    assert "Wellcome Collection" in caption and "CC BY 4.0" in caption
