"""The export store: a repeat download comes from it; a publish renders anew."""

import pytest
from django_tasks_db.models import DBTaskResult

from exporters.store import get_store
from tests.exporters.leaflet_pdf import pdf_text
from tests.factories import make_condition, make_treatment

URL = "/api/v1/conditions/gout/export/leaflet-pdf/"


@pytest.fixture
def gout(site_tree):
    get_store().clear()
    return make_condition(slug="gout", title="Gout")


def publish_new_title(page, title):
    page.title = title
    page.save_revision().publish()


def test_repeat_download_is_served_from_the_store(client, gout):
    first = client.get(URL)
    second = client.get(URL)
    assert first["X-Export-Store"] == "miss"
    assert second["X-Export-Store"] == "hit"
    assert second.content == first.content


def test_each_option_set_is_stored_apart(client, gout):
    client.get(URL)
    assert client.get(URL + "?paper=a5")["X-Export-Store"] == "miss"
    assert client.get(URL + "?paper=a5")["X-Export-Store"] == "hit"


def test_publishing_a_new_revision_misses_the_old_file(client, gout):
    client.get(URL)
    publish_new_title(gout, "Gout (revised)")  # the background task waits for commit
    response = client.get(URL)
    assert response["X-Export-Store"] == "miss"
    assert "Gout (revised)" in pdf_text(response.content)


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_publishing_renders_on_the_worker_so_the_next_reader_hits(
    client, gout, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        publish_new_title(gout, "Gout (pre-rendered)")
    # What a worker does, in this process and transaction: run each queued task (the
    # publication's render, whose event queues the leaflet, run next). The worker
    # process itself is tested in tests/delivery_edge/test_worker.py.
    ran = []
    while queued := list(DBTaskResult.objects.ready()):
        for row in queued:
            with django_capture_on_commit_callbacks(execute=True):
                row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
            row.delete()
            ran.append(row.task.name)
    assert "prerender_exports" in ran
    response = client.get(URL)
    assert response["X-Export-Store"] == "hit"
    assert "Gout (pre-rendered)" in pdf_text(response.content)


def test_without_a_worker_publishing_renders_no_leaflet_and_the_first_reader_does(
    client, gout, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_new_title(gout, "Gout (on demand)")
    first = client.get(URL)
    assert first["X-Export-Store"] == "miss"
    assert "Gout (on demand)" in pdf_text(first.content)
    assert client.get(URL)["X-Export-Store"] == "hit"


def test_publishing_a_linked_treatment_changes_the_condition_leaflet(client, site_tree):
    treatment = make_treatment(title="Cupping", slug="cupping")
    make_condition(slug="gout", treatments=[treatment])
    client.get(URL)
    treatment.title = "Cupping therapy"
    treatment.save_revision().publish()
    response = client.get(URL)
    assert response["X-Export-Store"] == "miss"
    assert "Cupping therapy" in pdf_text(response.content)


def test_unpublishing_removes_the_stored_files(
    client, gout, django_capture_on_commit_callbacks
):
    client.get(URL)
    store = get_store()
    folder = f"{store.location}/leaflet-pdf/{gout.pk}"
    assert store.storage.listdir(folder)[1]
    # The store's tombstone, recorded after commit, is what clears the files.
    with django_capture_on_commit_callbacks(execute=True):
        gout.unpublish()
    assert not store.storage.exists(folder) or not store.storage.listdir(folder)[1]


class StubPage:
    def __init__(self, revision, pk=7):
        self.pk = pk
        self.live_revision_id = revision
        self.latest_revision_id = revision
        self.last_published_at = None


def stub_context(**options):
    from exporters.base import ExportContext

    return ExportContext(
        base_url="https://clinic.example", clinic=None, resource="conditions",
        options=options,
    )  # fmt: skip


def test_store_key_changes_with_everything_that_changes_the_file(tmp_path):
    from django.core.files.storage import FileSystemStorage

    from exporters.leaflet.exporter import LeafletExporter
    from exporters.store import ExportStore

    class Plain(LeafletExporter):
        def cache_parts(self, page, context):
            return []

    class Newer(Plain):
        version = "999"

    store = ExportStore(FileSystemStorage(location=tmp_path), "exports")
    exporter = Plain()
    key = store.key_for(exporter, StubPage(1), stub_context(paper="a4"))
    assert key == store.key_for(exporter, StubPage(1), stub_context(paper="a4"))
    assert key.startswith("exports/leaflet-pdf/7/1-") and key.endswith(".pdf")
    assert key != store.key_for(exporter, StubPage(2), stub_context(paper="a4"))
    assert key != store.key_for(exporter, StubPage(1), stub_context(paper="a5"))
    assert key != store.key_for(Newer(), StubPage(1), stub_context(paper="a4"))


def test_storing_a_new_revision_drops_the_old_ones(tmp_path):
    from django.core.files.storage import FileSystemStorage

    from exporters.store import ExportStore

    store = ExportStore(FileSystemStorage(location=tmp_path), "exports")
    store.put("exports/leaflet-pdf/7/1-aaaa.pdf", b"old")
    store.put("exports/leaflet-pdf/7/1-bbbb.pdf", b"old, A5")
    store.put("exports/leaflet-pdf/7/2-cccc.pdf", b"new")
    assert store.storage.listdir("exports/leaflet-pdf/7")[1] == ["2-cccc.pdf"]
    assert store.get("exports/leaflet-pdf/7/2-cccc.pdf") == b"new"
    assert store.get("exports/leaflet-pdf/7/1-aaaa.pdf") is None


def test_repeat_download_skips_the_store_key(
    client, gout, django_assert_max_num_queries
):
    client.get(URL)
    # the page's lookup (nothing gone is confirmed), its stored representation and
    # those of the items it shows: the ETag
    with django_assert_max_num_queries(3):
        repeat = client.get(URL)
    assert repeat["X-Export-Store"] == "hit"
    assert repeat.content.startswith(b"%PDF-")
