"""The governance reports (reviews due, image licences), the reviewers' dashboard
panel, and licences shown in the admin's image and licence listings."""

import csv
import datetime
import io

import lxml.html
import openpyxl
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page
from wagtail.test.utils import WagtailPageTestCase

from content_models import governance
from content_models.demo.tree import ensure_site_tree
from content_models.groups import CLINICAL_REVIEWERS
from content_models.images import CreditedImage
from content_models.licenses import License
from tests.factories import make_case_study, make_condition, make_image, make_treatment

REVIEWS_DUE = "/admin/reports/reviews-due/"
IMAGE_LICENCES = "/admin/reports/image-licences/"


def days_from_today(days):
    return governance.today() + datetime.timedelta(days=days)


def reviewed(next_due_in_days, by="Dr A. Sato"):
    """Review fields for a page whose next review is ``next_due_in_days`` away."""
    next_due = days_from_today(next_due_in_days)
    return {
        "last_reviewed": next_due - datetime.timedelta(days=3 * 365),
        "next_review_due": next_due,
        "reviewed_by_name": by,
    }


def listed(html):
    """{title: [cell texts]} for each row of the report's table, in order."""
    rows = lxml.html.fromstring(html).xpath("//*[@id='listing-results']//tbody/tr")
    cells = [
        [" ".join(td.text_content().split()) for td in row.xpath("td")] for row in rows
    ]
    return {row[0]: row for row in cells}


def rows_of_csv(response):
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def rows_of_xlsx(response):
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


class ReportTestCase(WagtailPageTestCase):
    def setUp(self):
        ensure_site_tree(hostname="testserver", port=80)
        self.user = self.login()

    def html(self, url, **params):
        response = self.client.get(url, params)
        assert response.status_code == 200
        return response.content.decode()


class ReviewsDueReportTests(ReportTestCase):
    def test_an_overdue_condition_is_listed_and_a_recently_reviewed_one_is_not(self):
        make_condition(title="Sciatica", **reviewed(-10))
        make_condition(title="Gout", **reviewed(3 * 365 - 30))
        rows = listed(self.html(REVIEWS_DUE))
        assert list(rows) == ["Sciatica"]
        title, page_type, _, next_due, reviewer, status, live = rows["Sciatica"]
        assert (page_type, reviewer, status, live) == (
            "Condition",
            "Dr A. Sato",
            "Overdue",
            "live",
        )

    def test_a_page_due_within_the_due_soon_window_is_listed_as_due_soon(self):
        make_treatment(title="Cupping", **reviewed(30))
        make_treatment(title="Moxibustion", **reviewed(governance.due_soon_days() + 5))
        rows = listed(self.html(REVIEWS_DUE))
        assert list(rows) == ["Cupping"]
        assert rows["Cupping"][5] == "Due soon"

    def test_a_page_never_reviewed_is_listed_first_and_the_report_says_why(self):
        make_condition(title="Sciatica", **reviewed(-10))
        make_case_study(title="Mr. K.", publish=False)
        html = self.html(REVIEWS_DUE)
        rows = listed(html)
        assert list(rows) == ["Mr. K.", "Sciatica"]
        assert rows["Mr. K."][3:] == ["Not set", "", "Not reviewed", "draft"]
        assert "has never been signed off: it is listed first" in html

    def test_titles_link_to_the_edit_view(self):
        page = make_condition(title="Sciatica", **reviewed(-10))
        html = self.html(REVIEWS_DUE)
        assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in html

    def test_filters_narrow_by_type_reviewer_and_status(self):
        make_condition(title="Sciatica", **reviewed(-10, by="Dr A. Sato"))
        make_treatment(title="Cupping", **reviewed(30, by="B. Jones"))
        make_case_study(title="Mr. K.", **reviewed(20, by="Dr A. Sato"))
        make_case_study(title="Mrs. T.")
        assert len(listed(self.html(REVIEWS_DUE))) == 4

        def titles(**params):
            return set(listed(self.html(REVIEWS_DUE, **params)))

        assert titles(page_type="treatments") == {"Cupping"}
        assert titles(page_type="case-studies") == {"Mr. K.", "Mrs. T."}
        assert titles(reviewer="Dr A. Sato") == {"Sciatica", "Mr. K."}
        assert titles(status="overdue") == {"Sciatica"}
        assert titles(status="due-soon") == {"Cupping", "Mr. K."}
        assert titles(status="not-reviewed") == {"Mrs. T."}
        assert titles(page_type="case-studies", status="due-soon") == {"Mr. K."}

    def test_csv_download_has_headings_and_rows_soonest_first(self):
        make_treatment(title="Cupping", **reviewed(30, by="B. Jones"))
        make_condition(title="Sciatica", **reviewed(-10))
        make_case_study(title="Mr. K.", publish=False)
        make_condition(title="Gout", **reviewed(3 * 365 - 30))

        response = self.client.get(REVIEWS_DUE, {"export": "csv"})

        assert response["Content-Type"] == "text/csv"
        assert "reviews-due-" in response["Content-Disposition"]
        header, *rows = rows_of_csv(response)
        assert header == [
            "Title",
            "Type",
            "Last reviewed",
            "Next review due",
            "Reviewer",
            "Status",
            "Live or draft",
        ]
        # Never reviewed first, then by next review date.
        assert [row[0] for row in rows] == ["Mr. K.", "Sciatica", "Cupping"]
        assert rows[0] == ["Mr. K.", "Case study", "", "", "", "Not reviewed", "draft"]
        assert rows[2] == [
            "Cupping",
            "Treatment modality",
            str(days_from_today(30) - datetime.timedelta(days=3 * 365)),
            str(days_from_today(30)),
            "B. Jones",
            "Due soon",
            "live",
        ]

    def test_xlsx_download_opens_and_has_the_filtered_rows(self):
        make_condition(title="Sciatica", **reviewed(-10))
        make_treatment(title="Cupping", **reviewed(30))

        response = self.client.get(REVIEWS_DUE, {"export": "xlsx", "status": "overdue"})

        header, *rows = rows_of_xlsx(response)
        assert header[:2] == ["Title", "Type"]
        assert len(rows) == 1
        title, page_type, _, next_due, reviewer, status, live = rows[0]
        assert (title, page_type, reviewer, status, live) == (
            "Sciatica",
            "Condition",
            "Dr A. Sato",
            "Overdue",
            "live",
        )
        assert next_due == days_from_today(-10)

    def test_both_reports_are_in_the_reports_menu(self):
        html = self.html(reverse("wagtailadmin_home"))
        sidebar = lxml.html.fromstring(html).get_element_by_id("wagtail-sidebar-props")
        assert '"label": "Reviews due"' in sidebar.text
        assert f'"url": "{REVIEWS_DUE}"' in sidebar.text
        assert '"label": "Image licences"' in sidebar.text
        assert f'"url": "{IMAGE_LICENCES}"' in sidebar.text


class ReportQueryCountTests(ReportTestCase):
    def queries_for(self, url):
        with CaptureQueriesContext(connection) as queries:
            assert self.client.get(url).status_code == 200
        return len(queries)

    def add_rows(self, count):
        for n in range(count):
            image = make_image(license="CC-BY-NC-4.0")
            make_condition(hero_image=image, **reviewed(-1 - n))
            make_case_study(publish=n % 2 == 0)

    def test_the_reports_make_as_many_queries_for_many_rows_as_for_few(self):
        self.add_rows(2)
        few = [self.queries_for(url) for url in (REVIEWS_DUE, IMAGE_LICENCES)]
        self.add_rows(6)
        many = [self.queries_for(url) for url in (REVIEWS_DUE, IMAGE_LICENCES)]
        assert many == few


class ReviewsDuePanelTests(ReportTestCase):
    def setUp(self):
        super().setUp()
        make_condition(title="Sciatica", **reviewed(-10))
        make_condition(title="Lumbago", **reviewed(-400))
        make_treatment(title="Cupping", **reviewed(30))
        make_condition(title="Gout", **reviewed(3 * 365 - 30))
        make_case_study(title="Mr. K.")

    def editor(self, *, clinical_reviewer):
        editors = Group.objects.create(name="Clinic staff")
        editors.permissions.add(Permission.objects.get(codename="access_admin"))
        GroupPagePermission.objects.create(
            group=editors,
            page=Page.get_first_root_node(),
            permission=Permission.objects.get(codename="change_page"),
        )
        user = self.create_user("editor", password="password")
        user.groups.add(editors)
        if clinical_reviewer:
            reviewers, _ = Group.objects.get_or_create(name=CLINICAL_REVIEWERS)
            user.groups.add(reviewers)
        self.client.force_login(user)
        return user

    def test_a_clinical_reviewer_sees_the_overdue_count_and_the_next_due(self):
        self.editor(clinical_reviewer=True)
        html = self.html(reverse("wagtailadmin_home"))
        assert "Clinical reviews due" in html
        assert "<strong data-overdue-count>2</strong>" in html
        assert "<strong data-not-reviewed-count>1</strong>" in html
        assert "Cupping" in html and "Gout" not in html
        assert f'href="{REVIEWS_DUE}"' in html

    def test_an_editor_outside_the_group_does_not_see_the_panel(self):
        self.editor(clinical_reviewer=False)
        html = self.html(reverse("wagtailadmin_home"))
        assert "Clinical reviews due" not in html

    def test_a_superuser_sees_the_panel(self):
        html = self.html(reverse("wagtailadmin_home"))
        assert "<strong data-overdue-count>2</strong>" in html


class ImageLicencesReportTests(ReportTestCase):
    def setUp(self):
        super().setUp()
        License.objects.create(
            spdx_id="CC-BY-ND-4.0",
            name="Attribution-NoDerivatives 4.0 International",
            short_name="CC BY-ND 4.0",
            derivatives_allowed=False,
        )
        self.nc = make_image(title="Spine diagram", license="CC-BY-NC-4.0")
        self.nd = make_image(title="Needle photo", license="CC-BY-ND-4.0")
        self.unlicensed = make_image(title="Clinic room", license=None)
        self.sourceless = make_image(title="Herbs", source_name="", source_url="")
        make_image(title="Moxa photo", license="CC-BY-NC-ND-4.0")
        self.fine = make_image(title="Acupuncture chart", license="CC-BY-4.0")
        self.condition = make_condition(title="Sciatica", hero_image=self.nc)

    def test_lists_nc_nd_unlicensed_and_sourceless_images_with_their_problems(self):
        html = self.html(IMAGE_LICENCES)
        problems = {title: row[2] for title, row in listed(html).items()}
        assert problems == {
            "Clinic room": "No licence",
            "Herbs": "Source missing",
            "Moxa photo": "Non-commercial (NC), No derivatives (ND)",
            "Needle photo": "No derivatives (ND)",
            "Spine diagram": "Non-commercial (NC)",
        }
        for image in (self.nc, self.nd, self.unlicensed, self.sourceless):
            assert reverse("wagtailimages:edit", args=[image.pk]) in html

    def test_shows_where_each_image_is_used(self):
        html = self.html(IMAGE_LICENCES)
        used_on = {title: row[3] for title, row in listed(html).items()}
        assert used_on["Spine diagram"] == "Condition “Sciatica” (Hero image)"
        assert used_on["Needle photo"] == "Not used"
        assert reverse("wagtailadmin_pages:edit", args=[self.condition.pk]) in html

    def test_filter_by_problem(self):
        def titles(problem):
            return set(listed(self.html(IMAGE_LICENCES, problem=problem)))

        assert titles("nd") == {"Needle photo", "Moxa photo"}
        assert titles("nc") == {"Spine diagram", "Moxa photo"}
        assert titles("no_licence") == {"Clinic room"}
        assert titles("no_source") == {"Herbs"}

    def test_a_stored_source_url_that_no_channel_may_carry_counts_as_missing(self):
        # Written past the form (an old row, a bulk update): every channel reads it
        # as no source, and so must the report.
        hostile = make_image(title="Cupping set")
        CreditedImage.objects.filter(pk=hostile.pk).update(
            source_url="javascript:alert(1)"
        )
        shouting = make_image(title="Gua sha")
        CreditedImage.objects.filter(pk=shouting.pk).update(
            source_url="HTTPS://collection.example/works/gua-sha"
        )

        problems = {
            title: row[2] for title, row in listed(self.html(IMAGE_LICENCES)).items()
        }
        assert problems["Cupping set"] == "Source missing"
        assert "Gua sha" not in problems
        assert CreditedImage.objects.get(pk=hostile.pk).publication_problems() == [
            "a source name and source URL"
        ]

    def test_csv_download_names_problems_and_usage(self):
        header, *rows = rows_of_csv(self.client.get(IMAGE_LICENCES, {"export": "csv"}))
        assert header == ["Title", "Licence", "Problems", "Used on"]
        by_title = {row[0]: row for row in rows}
        assert set(by_title) == {
            "Spine diagram",
            "Needle photo",
            "Moxa photo",
            "Clinic room",
            "Herbs",
        }
        assert by_title["Spine diagram"] == [
            "Spine diagram",
            "CC BY-NC 4.0",
            "Non-commercial (NC)",
            "Condition “Sciatica” (Hero image)",
        ]
        assert by_title["Clinic room"][1:3] == ["", "No licence"]

    def test_xlsx_download_opens_and_has_the_rows(self):
        header, *rows = rows_of_xlsx(
            self.client.get(IMAGE_LICENCES, {"export": "xlsx", "problem": "nc"})
        )
        assert header == ["Title", "Licence", "Problems", "Used on"]
        assert [row[0] for row in rows] == ["Moxa photo", "Spine diagram"]


class LicencesInListingsTests(ReportTestCase):
    def test_images_listing_shows_each_images_licence_in_both_layouts(self):
        make_image(title="Spine diagram", license="CC-BY-NC-4.0")
        make_image(title="Clinic room", license=None)
        for layout in ("grid", "list"):
            html = self.html(reverse("wagtailimages:index"), layout=layout)
            assert "CC BY-NC 4.0" in html
            assert "data-image-licence-missing" in html and "No licence" in html

    def test_licences_listing_shows_flags_as_icons(self):
        html = self.html(reverse("wagtailsnippets_content_models_license:list"))
        assert "Commercial use" in html
        assert "w-text-positive-100" in html and "w-text-text-error" in html
        assert ">False<" not in html and ">True<" not in html
