"""Rich text leaves sanitised, with absolute links, resolved in one query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_models.richtext import RichTextRenderer, render_rich_text
from tests.factories import make_treatment


def test_script_tags_and_event_handlers_do_not_survive(site_tree):
    html = render_rich_text('<p onclick="steal()">Hi<script>alert(1)</script></p>')
    assert html == "<p>Hi</p>"


def test_relative_links_become_absolute(site_tree):
    html = render_rich_text('<p><a href="/contact/">Contact</a></p>')
    assert 'href="http://testserver/contact/"' in html


def render_counting_queries(treatments):
    sources = {
        t.slug: f'<p><a linktype="page" id="{t.id}">{t.title}</a></p>'
        for t in treatments
    }
    with CaptureQueriesContext(connection) as queries:
        rendered = RichTextRenderer().render_many(sources)
    return rendered, len(queries)


def test_internal_links_of_many_fields_cost_the_same_queries_as_one(site_tree):
    treatments = [make_treatment() for _ in range(6)]
    render_counting_queries(treatments[:1])  # warm Wagtail's site-root cache
    _, one = render_counting_queries(treatments[:1])
    rendered, six = render_counting_queries(treatments)
    assert six == one
    for t in treatments:
        assert f'href="http://testserver/treatments/{t.slug}/"' in rendered[t.slug]


def test_links_to_draft_pages_become_plain_text(site_tree):
    draft = make_treatment(publish=False)
    html = render_rich_text(f'<p><a linktype="page" id="{draft.id}">Soon</a></p>')
    assert "href" not in html and "Soon" in html


def test_frontend_url_setting_sets_the_canonical_base(site_tree, settings):
    settings.MERIDIAN_FRONTEND_URL = "https://patients.clinic.example/"
    page = make_treatment(slug="cupping")
    html = render_rich_text(f'<a linktype="page" id="{page.id}">Cupping</a>')
    assert 'href="https://patients.clinic.example/treatments/cupping/"' in html
