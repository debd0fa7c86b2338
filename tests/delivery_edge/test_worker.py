"""The task worker, as production runs it: ``manage.py db_worker`` in its own process.

Publishing here only queues (the database task backend); a real worker process
renders, and one killed with SIGKILL in the middle of a render leaves work that the
next worker picks up.
"""

import datetime
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from content_models.publishing.models import Publication
from content_models.publishing.tasks import render_due
from tests.factories import make_condition

from .conftest import REPO

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.flushes_db]

WAIT = 20  # seconds: a worker starts and renders well within it on a busy machine


@pytest.fixture
def database_url(tmp_path):
    """A ``DATABASE_URL`` other processes reach this test's database by.

    PostgreSQL's test database is shared as it is. SQLite's is in memory, which no
    other process can open: it is copied to a file, and this process's connection
    moves to the file until the test ends.
    """
    connection = connections["default"]
    settings = connection.settings_dict
    if connection.vendor != "sqlite":
        user = settings["USER"]
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        host, port = settings["HOST"] or "localhost", settings["PORT"] or 5432
        yield f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"
        return
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    in_memory, name = connection.connection, settings["NAME"]
    connection.connection = None  # a close would drop the in-memory database
    settings["NAME"] = str(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        settings["NAME"], connection.connection = name, in_memory


@pytest.fixture
def workers(database_url, settings, tmp_path):
    """Starts ``manage.py db_worker`` processes; kills any left at the end."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    started = []

    def start(worker_id, render_seconds=0):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.delivery_edge.worker_settings",
            "DATABASE_URL": database_url,
            "MERIDIAN_TEST_RENDER_SECONDS": str(render_seconds),
        }
        log = open(tmp_path / f"{worker_id}-{len(started)}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--worker-id", worker_id,
             "--interval", "0.2", "--no-startup-delay", "--no-reload"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        started.append((process, log))
        return process

    yield start
    for process, log in started:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()


def wait_for(condition, what):
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"after {WAIT} s: {what}")
        time.sleep(0.1)


def rendered(page):
    row = Publication.objects.filter(page_id=page.pk).first()
    return row is not None and row.is_live and row.due_at is None


def render_tasks():
    return DBTaskResult.objects.filter(task_path=render_due.module_path)


def test_publishing_is_rendered_by_the_worker_process(site_tree, workers):
    worker = workers("worker-1")
    page = make_condition(slug="gout")
    assert not rendered(page)  # publishing only queued the render

    wait_for(lambda: rendered(page), "the worker did not render the new condition")
    done = render_tasks().filter(status="SUCCESSFUL")
    assert "worker-1" in {wid for task in done for wid in task.worker_ids}
    assert worker.poll() is None


def test_a_render_killed_with_its_worker_is_finished_by_the_restarted_worker(
    site_tree, workers
):
    worker = workers("worker-1", render_seconds=60)
    page = make_condition(slug="gout")
    wait_for(
        lambda: render_tasks().filter(status="RUNNING").exists(),
        "the worker did not start the render",
    )
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    killed = render_tasks().get(status="RUNNING")
    assert not rendered(page)

    workers("worker-1")  # the same id, as a process manager restarts it

    wait_for(lambda: rendered(page), "the restarted worker did not render it")
    killed.refresh_from_db()
    wait_for(
        lambda: render_tasks().get(pk=killed.pk).status == "SUCCESSFUL",
        "the killed task was not run again",
    )


def test_a_new_worker_renders_what_a_killed_one_left_whatever_its_id(
    site_tree, workers
):
    worker = workers("worker-1", render_seconds=60)
    page = make_condition(slug="gout")
    wait_for(
        lambda: render_tasks().filter(status="RUNNING").exists(),
        "the worker did not start the render",
    )
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    # Publishing queued a render per signal it sent; leave only the one that died.
    render_tasks().filter(status="READY").delete()

    workers("worker-2")

    wait_for(lambda: rendered(page), "a new worker did not render what was due")


def test_an_expiry_is_rendered_by_the_worker_when_it_comes(site_tree, workers):
    workers("worker-1")
    wait_for(  # its start-up render: the worker is taking tasks
        lambda: render_tasks().filter(status="SUCCESSFUL").exists(),
        "the worker did not start",
    )
    expires = timezone.now() + datetime.timedelta(seconds=6)
    page = make_condition(slug="gout", expire_at=expires)
    wait_for(
        lambda: Publication.objects.filter(page_id=page.pk, state="live").exists(),
        "the worker did not render the condition",
    )

    # No reader and no write from here: only the render the worker scheduled.
    wait_for(
        lambda: Publication.objects.get(page_id=page.pk).reason == "expired",
        "the expiry was not rendered when it came",
    )
    assert timezone.now() >= expires
