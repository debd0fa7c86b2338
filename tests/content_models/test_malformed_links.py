"""Malformed and dangling internal links: plain text in every channel, told to editors."""

import html
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import GroupPagePermission
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import rich_text

from content_models.conditions import ConditionPage, ConditionTreatment
from content_models.demo.tree import ensure_site_tree
from content_models.internal_links import LinkProblem, page_link_target
from content_models.richtext import render_rich_text
from tests.content_models.test_admin import condition_form
from tests.content_models.test_reports import listed, rows_of_csv
from tests.exporters.leaflet_pdf import pdf_text
from tests.factories import make_condition, make_treatment

BROKEN_IDS = {
    "not a number": "abc",
    "past any database integer": "12345678901234567890123",
    "past a 32-bit page id": "2147483648",
    "a page that does not exist": "999999",
}
CHANNELS = {
    "API detail": "/api/v1/conditions/linking/",
    "API listing fields=*": "/api/v1/conditions/?fields=*",
    "JSON-LD": "/api/v1/conditions/linking/?format=jsonld",
    "RSS": "/api/v1/conditions/export/rss/",
    "Atom": "/api/v1/conditions/export/atom/",
    "JSON Feed": "/api/v1/conditions/export/json-feed/",
    "leaflet": "/api/v1/conditions/linking/export/leaflet-pdf/",
    "HTML page": "/conditions/linking/",
}
LINKED_WORDS = "ghostly words"


def link(target, words=LINKED_WORDS):
    return f'<a linktype="page" id="{target}">{words}</a>'


def linked_as_a_link(body):
    """Whether the linked words are wrapped in a link, in a body of any format."""
    return re.search(rf"<a\b[^>]*>\s*{LINKED_WORDS}", html.unescape(body)) is not None


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("42", 42),
        ("2147483647", 2147483647),
        ("abc", None),
        ("", None),
        ("-3", None),
        ("0", None),
        ("4.2", None),
        ("٤٢", None),  # Arabic-Indic digits: isdigit() but no id
        ("2147483648", None),
        ("12345678901234567890123", None),
    ],
)
def test_only_a_positive_32_bit_number_is_a_page_id(raw, expected):
    assert page_link_target({"linktype": "page", "id": raw}) == expected


@pytest.mark.parametrize("target", sorted(BROKEN_IDS.values()))
def test_a_broken_link_renders_as_its_words_without_a_link(site_tree, target):
    rendered = render_rich_text(f"<p>See {link(target)} now.</p>")
    assert rendered == f"<p>See {LINKED_WORDS} now.</p>"


def test_a_link_to_a_draft_renders_as_its_words_without_a_link(site_tree):
    draft = make_treatment(publish=False)
    assert render_rich_text(f"<p>{link(draft.pk)}</p>") == f"<p>{LINKED_WORDS}</p>"


def test_other_wagtail_link_types_render_as_their_words(site_tree):
    rendered = render_rich_text('<p><a linktype="document" id="x">a leaflet</a></p>')
    assert rendered == "<p>a leaflet</p>"


def test_a_broken_link_leaves_the_links_around_it_alone(site_tree):
    live = make_treatment(slug="cupping")
    rendered = render_rich_text(f"<p>{link('abc')} and {link(live.pk, 'cupping')}</p>")
    assert rendered == (
        f'<p>{LINKED_WORDS} and <a href="http://testserver/treatments/cupping/" '
        'rel="noopener">cupping</a></p>'
    )


@pytest.fixture(params=sorted(BROKEN_IDS), ids=sorted(BROKEN_IDS))
def condition_with_a_broken_link(request, site_tree):
    target = BROKEN_IDS[request.param]
    treatment = make_treatment()
    condition = make_condition(
        slug="linking",
        overview=f"<p>Read about {link(target)} here.</p>",
        treatments=[treatment],
    )
    ConditionTreatment.objects.filter(condition=condition).update(
        how_used=f"<p>Used with {link(target, 'more words')}.</p>"
    )
    condition.save_revision().publish()
    return condition


@pytest.mark.parametrize("channel", sorted(CHANNELS))
def test_every_channel_shows_a_broken_link_as_plain_text(
    client, condition_with_a_broken_link, channel
):
    response = client.get(CHANNELS[channel])
    assert response.status_code == 200
    if channel == "leaflet":
        assert response["Content-Type"] == "application/pdf"
        assert f"Read about {LINKED_WORDS} here." in pdf_text(response.content)
    else:
        body = response.content.decode()
        assert LINKED_WORDS in body and "more words" in html.unescape(body)
        assert not linked_as_a_link(body)
        assert "linktype" not in body


# --------------------------------------------------------------------- editors

BROKEN_LINKS = "/admin/reports/broken-links/"


class EditorTestCase(WagtailPageTestCase):
    def setUp(self):
        self.home, self.indexes = ensure_site_tree(hostname="testserver", port=80)
        self.user = self.login()

    def edit_url(self, page):
        return reverse("wagtailadmin_pages:edit", args=[page.pk])

    def messages_after(self, response):
        return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


class SaveWarningTests(EditorTestCase):
    def save(self, page, overview, action=None):
        data = condition_form(
            title=page.title, slug=page.slug, overview=rich_text(overview)
        )
        if action:
            data[action] = action
        return self.client.post(self.edit_url(page), data)

    def test_saving_a_page_with_a_link_to_a_missing_page_warns_but_saves(self):
        page = make_condition(title="Gout", slug="gout")
        response = self.save(page, f"<p>See {link(999999)}.</p>")
        assert response.status_code == 302
        [(level, message)] = [
            m for m in self.messages_after(response) if m[0] == "warning"
        ]
        assert f"Overview: “{LINKED_WORDS}” (page 999999)" in message
        assert LinkProblem.MISSING.label in message
        page.refresh_from_db()
        assert 'id="999999"' in page.get_latest_revision_as_object().overview

    def test_publishing_with_a_link_to_a_draft_warns_and_publishes(self):
        draft = make_treatment(title="Cupping", publish=False)
        page = make_condition(title="Gout", slug="gout")
        response = self.save(page, f"<p>{link(draft.pk)}</p>", "action-publish")
        assert response.status_code == 302
        warnings = [
            m for level, m in self.messages_after(response) if level == "warning"
        ]
        assert LinkProblem.NOT_PUBLIC.label in warnings[0]
        page.refresh_from_db()
        assert f'id="{draft.pk}"' in page.overview and not page.has_unpublished_changes

    def test_saving_a_page_whose_links_all_work_gives_no_warning(self):
        live = make_treatment(title="Cupping")
        page = make_condition(title="Gout", slug="gout")
        response = self.save(page, f"<p>{link(live.pk)}</p>")
        levels = [level for level, _ in self.messages_after(response)]
        assert "warning" not in levels

    def test_a_page_with_a_malformed_link_opens_in_the_editor_and_keeps_the_link(self):
        page = make_condition(
            title="Gout", slug="gout", overview=f"<p>{link('abc')}</p>"
        )
        response = self.client.get(self.edit_url(page))
        assert response.status_code == 200
        # Saved again unchanged, the link is still there (and still reported).
        form = response.context["form"]
        overview = form.initial["overview"]
        response = self.save(page, overview)
        assert response.status_code == 302
        page.refresh_from_db()
        assert 'id="abc"' in page.get_latest_revision_as_object().overview


class BrokenLinksReportTests(EditorTestCase):
    def test_lists_pages_with_malformed_missing_and_unpublished_targets(self):
        draft = make_treatment(title="Cupping", publish=False)
        live = make_treatment(title="Massage")
        make_condition(title="Gout", overview=f"<p>{link('abc')}</p>")
        make_condition(title="Lumbago", overview=f"<p>{link(999999)}</p>")
        make_treatment(title="Moxa", safety=f"<p>{link(draft.pk)}</p>")
        make_condition(title="Sciatica", overview=f"<p>{link(live.pk)}</p>")
        rows = listed(self.client.get(BROKEN_LINKS).content.decode())
        assert sorted(rows) == ["Gout", "Lumbago", "Moxa"]
        assert rows["Gout"][1:3] == [
            "Condition",
            f"Overview: “{LINKED_WORDS}” (page abc): {LinkProblem.MALFORMED.label}",
        ]
        assert LinkProblem.MISSING.label in rows["Lumbago"][2]
        assert rows["Moxa"][2] == (
            f"Safety and contraindications: “{LINKED_WORDS}” (page {draft.pk}): "
            f"{LinkProblem.NOT_PUBLIC.label}"
        )

    def test_reads_the_latest_revision_not_the_live_page(self):
        fixed = make_condition(title="Fixed", overview=f"<p>{link('abc')}</p>")
        fixed.overview = "<p>No links.</p>"
        fixed.save_revision()  # a draft that removes the link: not listed
        broken = make_condition(title="Broken later")
        broken.overview = f"<p>{link(999999)}</p>"
        broken.save_revision()  # a draft that adds one: listed
        rows = listed(self.client.get(BROKEN_LINKS).content.decode())
        assert list(rows) == ["Broken later"]

    def test_names_links_in_a_conditions_treatment_notes(self):
        treatment = make_treatment(title="Cupping")
        condition = make_condition(title="Gout", treatments=[treatment])
        ConditionTreatment.objects.filter(condition=condition).update(
            how_used=f"<p>{link('abc')}</p>"
        )
        ConditionPage.objects.get(pk=condition.pk).save_revision()
        rows = listed(self.client.get(BROKEN_LINKS).content.decode())
        assert rows["Gout"][2] == (
            f"How it is used for this condition (row 1): “{LINKED_WORDS}” (page abc): "
            f"{LinkProblem.MALFORMED.label}"
        )

    def queries_for(self, url):
        with CaptureQueriesContext(connection) as queries:
            assert self.client.get(url).status_code == 200
        return len(queries)

    def test_makes_as_many_queries_for_many_pages_as_for_few(self):
        draft = make_treatment(publish=False)

        def add_pages(count):
            for n in range(count):
                target = ("abc", 999999, draft.pk)[n % 3]
                make_condition(overview=f"<p>{link(target)}</p>")

        add_pages(3)  # one of each problem
        self.queries_for(BROKEN_LINKS)  # warm Django's content type cache
        few = self.queries_for(BROKEN_LINKS)
        add_pages(9)
        assert self.queries_for(BROKEN_LINKS) == few

    def test_csv_download_has_the_broken_links(self):
        make_condition(title="Gout", overview=f"<p>{link('abc')}</p>")
        rows = rows_of_csv(self.client.get(BROKEN_LINKS, {"export": "csv"}))
        assert rows[0] == ["Title", "Type", "Broken links", "Live or draft"]
        assert rows[1][:2] == ["Gout", "Condition"] and "(page abc)" in rows[1][2]

    def test_is_in_the_reports_menu(self):
        response = self.client.get("/admin/")
        assert BROKEN_LINKS in response.content.decode()

    def test_an_editor_sees_only_the_pages_they_may_edit(self):
        make_condition(title="Gout", overview=f"<p>{link('abc')}</p>")
        make_treatment(title="Moxa", safety=f"<p>{link('abc')}</p>")
        editors = Group.objects.create(name="Treatment editors")
        editors.permissions.add(Permission.objects.get(codename="access_admin"))
        GroupPagePermission.objects.create(
            group=editors,
            page=self.indexes["treatments"],
            permission=Permission.objects.get(codename="change_page"),
        )
        user = self.create_user("editor", password="password")
        user.groups.add(editors)
        self.client.force_login(user)
        rows = listed(self.client.get(BROKEN_LINKS).content.decode())
        assert list(rows) == ["Moxa"]
