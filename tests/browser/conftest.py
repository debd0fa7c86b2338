"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

    def test_reviewer_signs_off(clinic, staff, open_admin):
        page = open_admin(staff.reviewer)        # logged in, at the live server
        page.goto("/admin/")

One Chromium serves the whole session; each test gets fresh browser contexts, and
every page a test opens is kept so that, when the test fails, a screenshot and the
HTML of each land in ``test-artifacts/browser/<test name>/`` (ignored by git).
"""

import os
import re
import shutil
import threading
import time
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from content_models.clinical_review import (
    ReviewerProfile,
    ensure_clinical_review_workflow,
)
from content_models.demo.tree import ensure_site_tree
from content_models.groups import CLINICAL_REVIEWERS
from content_models.licence_catalogue import install_licences
from content_models.licenses import License

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the
# test itself (fixtures) are still sequential and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Long enough for a leaflet render on a busy 2-core machine, short enough to fail fast.
TIMEOUT_MS = 15_000
PASSWORD = "a-long-test-password"  # noqa: S105
ARTIFACTS = ("test-artifacts", "browser")
OPENED_PAGES = pytest.StashKey[list]()


def chromium_path():
    return os.environ.get("MERIDIAN_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class LiveServerThreads:
    """Knows when the live server (threads of this process) has nothing in hand.

    The live server shares the test's database connection: a request still running
    when the database is flushed after a test fails the flush ("database table is
    locked"), and the next test starts on the old data. Browsers leave such requests
    behind (a preview's PDF viewer, the editing session's last ping).

    ``socketserver`` handles each accepted connection in a thread named after
    ``process_request_thread``, from before its request starts until the browser
    closes the connection; the server is idle once none is left for a moment (a
    request the browser sent just before closing may still be waiting to be accepted).
    """

    HANDLER = "(process_request_thread)"
    QUIET = 0.2  # seconds with no handler thread before the server counts as idle

    def busy(self):
        return any(
            thread.name.endswith(self.HANDLER) and thread.is_alive()
            for thread in threading.enumerate()
        )

    def wait_until_idle(self, timeout=30):
        deadline = time.monotonic() + timeout
        quiet_since = None
        while time.monotonic() < deadline:
            if self.busy():
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= self.QUIET:
                return True
            time.sleep(0.02)
        return False


@pytest.fixture
def new_page(browser, request):
    """Opens pages in fresh browser contexts (no shared cookies). At the end all are
    closed, and the server is left to finish what they asked, before the flush; on
    failure ``pytest_runtest_makereport`` saves them first."""
    opened = request.node.stash.setdefault(OPENED_PAGES, [])
    contexts = []

    def open_page(base_url=None):
        context = browser.new_context(base_url=base_url, accept_downloads=True)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        opened.append(page)
        return page

    yield open_page
    for context in contexts:
        # Closing an editor sends a last request (Wagtail releases the editing
        # session): refuse it, and anything else that would start now.
        context.route("**/*", lambda route: route.abort())
        context.close()
    if not LiveServerThreads().wait_until_idle():
        pytest.fail(
            "the live server was still answering the browser 30 s after the test"
        )


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    pages = item.stash.get(OPENED_PAGES, [])
    if report.when == "call" and report.passed:
        shutil.rmtree(artifacts_folder(item), ignore_errors=True)  # an old failure's
    elif report.failed and report.when in ("setup", "call") and pages:
        folder = save_pages(item, pages)
        report.sections.append(("browser", f"screenshots and HTML in {folder}"))
    return report


def artifacts_folder(item):
    name = re.sub(r"[^\w.-]+", "_", item.name)
    return item.config.rootpath.joinpath(*ARTIFACTS, name)


def save_pages(item, pages):
    """A screenshot and the HTML of every page the test opened, for the failure."""
    folder = artifacts_folder(item)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for number, page in enumerate(pages, start=1):
        if page.is_closed():
            continue
        try:
            page.screenshot(path=folder / f"page-{number}.png", full_page=True)
            (folder / f"page-{number}.html").write_text(page.content())
        except Exception as error:  # a crashed page must not hide the test's failure
            (folder / f"page-{number}.error.txt").write_text(repr(error))
    return folder


# ------------------------------------------------------------------ the clinic


@pytest.fixture
def clinic(live_server, settings):
    """A fresh install served by the live server, as ``make run PORT=…`` sets one up:
    the default site at the server's own host and port (never 8000), the page tree,
    the licences and the Clinical review workflow on the three reviewed folders.
    """
    server = urlsplit(live_server.url)
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    # Autosave would race each journey's own clicks (a draft saved, or not, while a
    # chooser opens or the story saves), making what a journey sees depend on timing.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    home, folders = ensure_site_tree(hostname=server.hostname, port=server.port)
    install_licences(License)
    ensure_clinical_review_workflow(
        [folders[name] for name in ("conditions", "treatments", "case-studies")]
    )
    return SimpleNamespace(url=live_server.url, home=home, folders=folders)


@pytest.fixture
def staff(clinic, django_user_model):
    """An administrator, an editor ("Editors") and a clinical reviewer who signs as
    "Dr Aiko Sato, Lic. Ac., MBAcC"."""
    admin = django_user_model.objects.create_superuser(
        "admin", "admin@clinic.example", PASSWORD
    )
    editor = django_user_model.objects.create_user(
        "editor", "editor@clinic.example", PASSWORD, first_name="Emma"
    )
    editor.groups.add(editors_group(clinic.home.get_parent()))
    reviewer = django_user_model.objects.create_user(
        "reviewer", "reviewer@clinic.example", PASSWORD, first_name="Aiko"
    )
    reviewer.groups.add(Group.objects.get(name=CLINICAL_REVIEWERS))
    ReviewerProfile.objects.create(
        user=reviewer, display_name="Dr Aiko Sato", credentials="Lic. Ac., MBAcC"
    )
    return SimpleNamespace(admin=admin, editor=editor, reviewer=reviewer)


def editors_group(root_page):
    """The "Editors" group as Wagtail's migrations make it (a flushed database has
    none): admin access, add and edit pages, add, edit and choose images."""
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    for permission_type in ("add", "change"):
        if not GroupPagePermission.objects.filter(
            group=group, page=root_page, permission__codename=f"{permission_type}_page"
        ).exists():
            GroupPagePermission.objects.create(
                group=group, page=root_page, permission_type=permission_type
            )
    collection = Collection.get_first_root_node()
    # Wagtail checks image permissions on its own Image model, whichever model
    # WAGTAILIMAGES_IMAGE_MODEL names.
    for codename in ("add_image", "change_image", "choose_image"):
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label="wagtailimages", codename=codename
            ),
        )
    return group


@pytest.fixture
def open_admin(clinic, new_page):
    """A page in the admin as ``user``, logged in through the session cookie that
    ``Client.force_login`` makes: typing the password is journey 1's business."""

    def open_as(user, path="/admin/"):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        page = new_page(base_url=clinic.url)
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": clinic.url}]
        )
        page.goto(path)
        return page

    return open_as
