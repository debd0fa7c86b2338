"""Faults in the background render: the queue down, a render that raises, no worker.

Publishing commits whatever happens to the queue, the API answers from the last
good stored body, and a failed render is logged and tried again a little later.
"""

import logging

import pytest
from django.db import connection
from django.db.models import F
from django.test import override_settings
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.models import DBTaskResult

from content_models.publishing import renderer
from content_models.publishing.models import Publication, PublicationEvent
from content_models.publishing.store import RETRY_AFTER
from content_models.publishing.tasks import render_due
from tests.factories import make_condition

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
REFUSING_QUEUE = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}


class RefusingBackend(ImmediateBackend):
    """A task backend that cannot take the render job (its queue is down); Wagtail's
    own jobs, queued inside the write itself, still run."""

    def enqueue(self, task, args, kwargs):
        if task == render_due:
            raise ConnectionError("task queue unreachable")
        return super().enqueue(task, args, kwargs)


class RenderFault(RuntimeError):
    pass


@pytest.fixture
def meridian_log(caplog):
    """Records of the "meridian" loggers (they do not propagate to the root)."""
    logger = logging.getLogger("meridian")
    logger.addHandler(caplog.handler)
    yield caplog
    logger.removeHandler(caplog.handler)


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a new revision of ``page`` with ``fields`` changed, as the admin does:
    the transaction commits and what is queued after commit runs."""

    def publish(page, **fields):
        for name, value in fields.items():
            setattr(page, name, value)
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        page.refresh_from_db()
        return page

    return publish


@pytest.fixture
def renders():
    """The slugs every render call was asked for, through the real renderer."""
    return []


@pytest.fixture
def failing_for(renders):
    """Install, through the renderer hook, one that raises for the given slugs."""

    def install(*slugs):
        real = renderer._renderer

        def render(resource, pages):
            asked = set(pages.values_list("slug", flat=True))
            renders.append(asked)
            if asked & set(slugs):
                raise RenderFault(f"cannot render {sorted(asked & set(slugs))}")
            return real(resource, pages)

        return renderer.using(render)

    return install


@pytest.fixture
def two_conditions(site_tree):
    sciatica = make_condition(slug="sciatica", title="Sciatica")
    gout = make_condition(slug="gout", title="Gout")
    render_due.call()
    return sciatica, gout


def title_in_api(client, slug):
    response = client.get(f"/api/v1/conditions/{slug}/")
    assert response.status_code == 200, response.content
    return response.json()["title"]


# ----------------------------------------------------------------- the queue is down


def test_publishing_succeeds_when_the_task_table_is_gone_at_commit(
    client, two_conditions, meridian_log, django_capture_on_commit_callbacks
):
    sciatica, _ = two_conditions
    table = DBTaskResult._meta.db_table
    sciatica.title = "Sciatica (revised)"
    with override_settings(TASKS=DATABASE_QUEUE), connection.cursor() as cursor:
        try:
            with django_capture_on_commit_callbacks(execute=True):
                sciatica.save_revision().publish()
                # The queue's table goes away between the write and its commit.
                cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
        finally:
            cursor.execute(f"ALTER TABLE {table}_away RENAME TO {table}")
    sciatica.refresh_from_db()
    assert sciatica.live and sciatica.title == "Sciatica (revised)"
    assert "could not queue the background render" in meridian_log.text
    # Nobody rendered it in the background: the reader does.
    assert title_in_api(client, "sciatica") == "Sciatica (revised)"


def test_publishing_succeeds_when_the_task_backend_raises(
    client, two_conditions, publish, meridian_log
):
    sciatica, _ = two_conditions
    with override_settings(TASKS=REFUSING_QUEUE):
        publish(sciatica, title="Sciatica (revised)")
    warnings = [r for r in meridian_log.records if r.levelno == logging.WARNING]
    assert any("task queue unreachable" in str(r.exc_info[1]) for r in warnings)
    assert title_in_api(client, "sciatica") == "Sciatica (revised)"
    listed = client.get("/api/v1/conditions/").json()["results"]
    assert "Sciatica (revised)" in [item["title"] for item in listed]


def test_with_the_database_queue_and_no_worker_the_api_serves_fresh_content(
    client, two_conditions, publish
):
    sciatica, _ = two_conditions
    with override_settings(TASKS=DATABASE_QUEUE):
        publish(sciatica, title="Sciatica (revised)")
        queued = DBTaskResult.objects.filter(task_path=render_due.module_path)
        # Queued, and no worker has run it.
        assert {job.status for job in queued} == {"READY"}
        assert title_in_api(client, "sciatica") == "Sciatica (revised)"
        listed = client.get("/api/v1/conditions/").json()["results"]
        feed = client.get("/api/v1/conditions/export/rss/")
    assert [item["title"] for item in listed] == ["Gout", "Sciatica (revised)"]
    assert feed.status_code == 200
    assert b"Sciatica (revised)" in feed.content


# ------------------------------------------------------------- a render that raises


def test_one_failing_render_does_not_hold_back_the_others(
    two_conditions, publish, failing_for
):
    sciatica, gout = two_conditions
    with failing_for("gout"):
        publish(sciatica, title="Sciatica (revised)")
        publish(gout, title="Gout (revised)")
    stored = {p.slug: p for p in Publication.objects.all()}
    assert '"Sciatica (revised)"' in stored["sciatica"].body
    assert stored["sciatica"].due_at is None
    # The failing one keeps its last good body and stays due, a little later.
    assert '"Gout"' in stored["gout"].body
    assert stored["gout"].is_live
    assert timezone.now() < stored["gout"].due_at <= timezone.now() + RETRY_AFTER


def test_a_failing_render_is_logged_with_the_page_and_the_exception(
    two_conditions, publish, failing_for, meridian_log
):
    _, gout = two_conditions
    with failing_for("gout"):
        publish(gout, title="Gout (revised)")
    [record] = [r for r in meridian_log.records if r.levelno >= logging.ERROR]
    assert f"page {gout.pk}" in record.getMessage()
    assert isinstance(record.exc_info[1], RenderFault)
    assert "cannot render ['gout']" in meridian_log.text


def test_the_api_answers_a_failing_item_from_its_last_good_body(
    client, two_conditions, publish, failing_for, renders
):
    sciatica, gout = two_conditions
    with failing_for("gout"):
        publish(gout, title="Gout (revised)")
        publish(sciatica, title="Sciatica (revised)")
        renders.clear()
        assert title_in_api(client, "gout") == "Gout"
        assert title_in_api(client, "sciatica") == "Sciatica (revised)"
        listing = client.get("/api/v1/conditions/")
        feed = client.get("/api/v1/conditions/export/atom/")
        jsonld = client.get("/api/v1/conditions/gout/?format=jsonld")
    assert listing.status_code == 200
    titles = [item["title"] for item in listing.json()["results"]]
    assert titles == ["Gout", "Sciatica (revised)"]
    assert feed.status_code == 200 and jsonld.status_code == 200
    # Until it is due again, readers do not retry the failing render on every request.
    assert renders == []


def test_a_failed_render_is_retried_once_it_is_due_again(
    client, two_conditions, publish, failing_for, renders
):
    _, gout = two_conditions
    with failing_for("gout"):
        publish(gout, title="Gout (revised)")
        assert render_due.call() == 0  # put off: not due yet
        # A minute later, the renderer still broken: tried once more, put off again.
        Publication.objects.filter(slug="gout").update(due_at=F("due_at") - RETRY_AFTER)
        renders.clear()
        assert title_in_api(client, "gout") == "Gout"
        assert {"gout"} in renders
        assert Publication.objects.get(slug="gout").due_at > timezone.now()
    # Another minute, the fault gone: the next run renders it and records the change.
    Publication.objects.filter(slug="gout").update(due_at=F("due_at") - RETRY_AFTER)
    assert render_due.call() == 1
    assert title_in_api(client, "gout") == "Gout (revised)"
    last = PublicationEvent.objects.last()
    assert (last.slug, last.kind) == ("gout", PublicationEvent.Kind.UPSERT)


def test_an_unpublished_item_is_withdrawn_even_while_every_render_fails(
    client, two_conditions, django_capture_on_commit_callbacks
):
    _, gout = two_conditions

    def broken(resource, pages):
        raise RenderFault("renderer down")

    with (
        renderer.using(broken),
        django_capture_on_commit_callbacks(execute=True),
    ):
        gout.unpublish()
    assert client.get("/api/v1/conditions/gout/").status_code == 404
    assert Publication.objects.get(slug="gout").state == Publication.State.GONE
    last = PublicationEvent.objects.last()
    assert (last.slug, last.kind) == ("gout", PublicationEvent.Kind.DELETE)
