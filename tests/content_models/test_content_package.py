"""export_content / import_content: a package restores every row, every file and the
API's bodies; a damaged package, a non-empty database or a failure part-way changes
nothing.

Each test builds its content inside a savepoint, exports it, and rolls back: the
database is then exactly as ``migrate`` left it, the state import_content restores
into. Media storage is a fresh folder per test, and another one for the restore.
"""

import contextlib
import hashlib
import json
import zipfile
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, PageViewRestriction, Workflow

from content_models import demo
from content_models.case_studies import CaseStudyPage
from content_models.conditions import ConditionPage
from content_models.consent import withdraw_consent
from content_models.demo.tree import ensure_site_tree
from content_models.images import CreditedImage
from content_models.package.contents import exported_models, file_fields
from content_models.publishing import maintenance
from content_models.symptoms import SymptomPage
from content_models.treatments import TreatmentPage
from tests.factories import make_condition, make_image, make_symptom
from webhooks.models import WebhookSubscription

pytestmark = pytest.mark.django_db

# Models the round trip must see rows of, or it proves nothing about them.
MUST_HOLD = {
    "auth.user",
    "auth.user_groups",
    "content_models.casestudypage",
    "content_models.clinicsettings",
    "content_models.conditionpage",
    "content_models.conditionsymptom",
    "content_models.consentwithdrawal",
    "content_models.creditedimage",
    "content_models.license",
    "content_models.reviewerprofile",
    "taggit.taggeditem",
    "wagtailcore.collection",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.revision",
    "wagtailcore.site",
    "wagtailcore.taskstate",
    "wagtailcore.workflowstate",
    "wagtaildocs.document",
    "wagtailredirects.redirect",
    "webhooks.webhooksubscription",
}


class RolledBack(Exception):
    pass


@contextlib.contextmanager
def rolled_back():
    """Run the block, then put the database back as migrate left it."""
    with contextlib.suppress(RolledBack), transaction.atomic():
        yield
        raise RolledBack
    cache.clear()


@pytest.fixture
def media(settings, tmp_path):
    """Point media storage at a new, empty folder; call again for another."""

    def fresh(name):
        folder = tmp_path / name
        folder.mkdir()
        settings.MEDIA_ROOT = str(folder)
        return folder

    fresh("media")
    return fresh


def every_row():
    """Every column of every row of every exported model, by model and id."""
    return {
        model._meta.label_lower: list(model._base_manager.order_by("pk").values())
        for model in exported_models()
    }


def every_file():
    """The bytes of every media file a row points to, by storage name."""
    files = {}
    for model in exported_models():
        for field in file_fields(model):
            for name in model._base_manager.values_list(field.attname, flat=True):
                if name:
                    with field.storage.open(name, "rb") as stream:
                        files[name] = stream.read()
    return files


def api_bodies(client):
    return {
        url: client.get(url).json()
        for url in (
            "/api/v1/conditions/?limit=100",
            "/api/v1/conditions/sciatica/",
            "/api/v1/case-studies/",
            "/api/v1/licenses/",
        )
    }


def export(path):
    call_command("export_content", str(path), verbosity=0)


def restore(path):
    call_command("import_content", str(path), verbosity=0, stdout=StringIO())


def build_content():
    """The demo, generated conditions, and what neither makes: a draft over a live
    page, a workflow in progress, a withdrawal, a restriction, a redirect, a
    document, a tag, a private collection, a webhook subscription."""
    ensure_site_tree(hostname="testserver", port=80)
    demo.load()
    call_command("generate_content", conditions=12, stdout=StringIO())
    editor = User.objects.create_user("restorer", password="correct horse")
    editor.groups.add(Group.objects.get(name="Editors"))
    sciatica = ConditionPage.objects.get(slug="sciatica")
    sciatica.summary = "A draft summary nobody has published."
    sciatica.save_revision(user=editor)
    treatment = TreatmentPage.objects.live().first()
    treatment.title = f"{treatment.title} (under review)"
    treatment.save_revision(user=editor)
    Workflow.objects.get(name="Clinical review").start(treatment, editor)
    admin = User.objects.get(username="admin")
    withdraw_consent(CaseStudyPage.objects.live().first(), admin, note="by phone")
    PageViewRestriction.objects.create(
        page=SymptomPage.objects.live().last(),
        restriction_type=PageViewRestriction.PASSWORD,
        password="staff only",
    )
    Redirect.objects.create(old_path="/sciatica-old", redirect_page=sciatica)
    private = Collection.get_first_root_node().add_child(name="Private")
    get_document_model().objects.create(
        title="Consent form",
        collection=private,
        file=ContentFile(b"%PDF-1.4 consent form", name="consent-form.pdf"),
    )
    CreditedImage.objects.first().tags.add("lower back")
    WebhookSubscription.objects.create(
        name="Patient portal", url="https://portal.example/hooks"
    )
    maintenance.rebuild()


def test_a_restored_package_has_every_row_of_every_model_and_every_file(
    tmp_path, media
):
    package = tmp_path / "backup.zip"
    with rolled_back():
        build_content()
        export(package)
        rows, files = every_row(), every_file()
    assert ConditionPage.objects.count() == 0
    assert {label for label, found in rows.items() if found} >= MUST_HOLD

    media("restored-media")
    restore(package)

    restored = every_row()
    for label, expected in rows.items():
        assert restored[label] == expected, label
    assert every_file() == files
    sciatica = ConditionPage.objects.get(slug="sciatica")
    assert sciatica.latest_revision != sciatica.live_revision
    assert User.objects.get(username="restorer").check_password("correct horse")
    assert Page.find_problems() == ([], [], [], [], [])


def test_after_a_restore_the_api_serves_the_same_bodies(tmp_path, media, client):
    package = tmp_path / "backup.zip"
    with rolled_back():
        build_content()
        export(package)
        before = api_bodies(client)
    media("restored-media")

    restore(package)

    assert api_bodies(client) == before
    assert before["/api/v1/conditions/sciatica/"]["title"] == "Sciatica"


def test_the_change_feed_carries_on_after_the_packaged_sequence(
    tmp_path, media, client
):
    package = tmp_path / "backup.zip"
    with rolled_back():
        ensure_site_tree(hostname="testserver", port=80)
        for title in ("Gout", "Sciatica", "Tennis elbow"):
            make_condition(title=title, slug=title.lower().replace(" ", "-"))
        maintenance.rebuild()
        export(package)
        last = client.get("/api/v1/changes/").json()["next_cursor"]
    media("restored-media")

    restore(package)

    assert last >= 3
    assert client.get(f"/api/v1/changes/?since={last - 1}").status_code == 410
    changes = client.get(f"/api/v1/changes/?since={last}").json()["results"]
    assert {change["slug"] for change in changes} == {
        "gout",
        "sciatica",
        "tennis-elbow",
    }
    assert min(change["sequence"] for change in changes) > last


def export_a_small_package(path):
    """One condition with a symptom and an image; the database then as migrated."""
    with rolled_back():
        ensure_site_tree(hostname="testserver", port=80)
        make_condition(
            title="Gout",
            slug="gout",
            hero_image=make_image(),
            symptoms=[make_symptom()],
        )
        export(path)
    return path


def rewrite(package, change):
    """Write the package again with ``change(members)`` applied to its members."""
    with zipfile.ZipFile(package) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    with zipfile.ZipFile(package, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)


def tamper_with_a_row(members):
    member = "data/wagtailcore.page.json"
    members[member] = members[member].replace(b"Gout", b"Gone")


def unknown_version(members):
    manifest = json.loads(members["manifest.json"])
    manifest["format_version"] = 99
    members["manifest.json"] = json.dumps(manifest).encode()


def truncate(package):
    content = package.read_bytes()
    package.write_bytes(content[: len(content) // 2])


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda path: rewrite(path, tamper_with_a_row), "does not match its checksum"),
        (lambda path: rewrite(path, unknown_version), "format version 99"),
        (truncate, "not a readable zip"),
    ],
    ids=["bad checksum", "unknown version", "truncated zip"],
)
def test_a_damaged_package_is_refused_and_changes_nothing(
    tmp_path, media, damage, message
):
    package = export_a_small_package(tmp_path / "backup.zip")
    restored_media = media("restored-media")
    damage(package)
    rows = every_row()

    with pytest.raises(CommandError, match=message):
        restore(package)

    assert every_row() == rows
    assert not any(path.is_file() for path in restored_media.rglob("*"))


def point_a_symptom_link_at_nothing(members):
    """A package whose checksums hold but whose rows do not: a condition's symptom
    link names a page that is not in it. It fails only once rows are loading."""
    member = "data/content_models.conditionsymptom.json"
    rows = json.loads(members[member])
    rows[0]["fields"]["symptom"] = 999_999
    members[member] = json.dumps(rows).encode()
    manifest = json.loads(members["manifest.json"])
    manifest["members"][member] = {
        "size": len(members[member]),
        "sha256": hashlib.sha256(members[member]).hexdigest(),
    }
    members["manifest.json"] = json.dumps(manifest).encode()


def test_an_import_failing_part_way_leaves_the_database_and_media_as_before(
    tmp_path, media
):
    package = export_a_small_package(tmp_path / "backup.zip")
    restored_media = media("restored-media")
    rewrite(package, point_a_symptom_link_at_nothing)
    rows = every_row()

    with pytest.raises(CommandError, match="rows do not load"):
        restore(package)

    assert every_row() == rows
    assert not any(path.is_file() for path in restored_media.rglob("*"))


def test_import_refuses_a_database_that_holds_content(tmp_path, media):
    package = export_a_small_package(tmp_path / "backup.zip")
    ensure_site_tree(hostname="testserver", port=80)
    make_condition(title="Sciatica", slug="sciatica")
    rows = every_row()

    with pytest.raises(CommandError, match="the database is not empty"):
        restore(package)

    assert every_row() == rows


def test_a_failed_export_leaves_no_partial_file_and_the_old_one_intact(
    tmp_path, media, site_tree
):
    image = make_image()
    make_condition(title="Gout", slug="gout", hero_image=image)
    image.file.storage.delete(image.file.name)
    destination = tmp_path / "backups" / "meridian.zip"
    destination.parent.mkdir()
    destination.write_bytes(b"yesterday's package")

    with pytest.raises(CommandError, match="missing from media storage"):
        export(destination)

    assert destination.read_bytes() == b"yesterday's package"
    assert [path.name for path in destination.parent.iterdir()] == ["meridian.zip"]


def test_with_v0_export_and_import_print_nothing(tmp_path, media):
    package = tmp_path / "backup.zip"
    out, err = StringIO(), StringIO()
    with rolled_back():
        ensure_site_tree(hostname="testserver", port=80)
        make_condition(title="Gout", slug="gout")
        call_command(
            "export_content", str(package), verbosity=0, stdout=out, stderr=err
        )
    media("restored-media")
    call_command("import_content", str(package), verbosity=0, stdout=out, stderr=err)

    assert out.getvalue() == err.getvalue() == ""
    assert ConditionPage.objects.get().slug == "gout"


def test_export_into_a_missing_folder_is_a_clear_error(tmp_path, site_tree):
    with pytest.raises(CommandError, match="is not a directory"):
        export(tmp_path / "no-such-folder" / "meridian.zip")
