"""The multi-node topology, proven on the real thing (``make test-stack``).

Varnish in front of two gunicorn nodes, a ``db_worker``, PostgreSQL and Redis
(tests/stack/conftest.py starts them once per session). What an editor publishes
on one node is what every node and the cache serve a moment later; limits hold
across nodes; work queued while the worker is down is done when it comes back; a
withdrawn case study leaves the cache at once; and a node can restart under load
without a single failed request.
"""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from tests.browser.admin import choose_action, log_in
from tests.browser.conftest import CHROMIUM_ARGS, TIMEOUT_MS, chromium_path

from .conftest import ANON_RATE, EDITOR, LoopbackClient

pytestmark = pytest.mark.stack

FRESH_WITHIN = 1.0  # seconds from a publish to every reader serving it


def poll(read, done, within):
    """Call ``read()`` until ``done(result)``, starting reads for ``within`` seconds;
    returns the last result and how long after the first its read was started (so
    a slow machine's response time does not count as staleness)."""
    started = time.monotonic()
    while True:
        sent = time.monotonic() - started
        result = read()
        if done(result) or time.monotonic() - started >= within:
            return result, sent
        time.sleep(0.05)


def page_id(run_in_stack, model, slug):
    printed = run_in_stack(
        f"""
        from content_models.models import {model}
        print("id", {model}.objects.get(slug={slug!r}).pk)
        """
    )
    return int(printed.split("id ", 1)[1].split()[0])


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if not path:
        pytest.fail("chromium is not installed; .ci/system-packages installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_a_publish_through_node_a_is_served_by_node_b_and_varnish_within_a_second(
    stack, client, browser, run_in_stack
):
    detail = "/api/v1/conditions/sciatica/"
    client.get(stack.varnish_url + detail)
    cached = client.get(stack.varnish_url + detail)
    assert cached.status == 200
    assert cached.headers["X-Cache"] == "HIT"
    summary = f"Nerve pain down the leg, reviewed {uuid.uuid4().hex[:8]}."
    assert summary not in cached.json()["summary"]

    context = browser.new_context(base_url=stack.node_url("a"))
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        log_in(page, *EDITOR)
        page.goto(
            f"/admin/pages/{page_id(run_in_stack, 'ConditionPage', 'sciatica')}/edit/"
        )
        page.locator("#id_summary").fill(summary)
        with page.expect_response(
            lambda response: response.request.method == "POST"
        ) as posted:
            choose_action(page, "Publish")
        # The publish has committed once node A answers the form.
        assert posted.value.status == 302, "the admin did not accept the publish"
        with ThreadPoolExecutor(2) as pool:
            readers = {
                url: pool.submit(
                    poll,
                    lambda url=url: client.get(url + detail),
                    lambda response: summary in response.body.decode(),
                    FRESH_WITHIN,
                )
                for url in (stack.node_url("b"), stack.varnish_url)
            }
        for url, reader in readers.items():
            response, asked_after = reader.result()
            assert summary in response.json()["summary"], f"{url} still old"
            assert asked_after < FRESH_WITHIN
    finally:
        context.close()


def test_the_anonymous_rate_limit_holds_across_both_nodes(stack, client):
    # The limit counts in fixed one-minute windows: start early in one.
    if 60 - time.time() % 60 < 20:
        time.sleep(60 - time.time() % 60 + 0.2)
    answers = []
    for number in range(ANON_RATE + 6):
        node = "ab"[number % 2]
        response = client.get(stack.node_url(node) + "/api/v1/licenses/")
        answers.append((node, response.status))

    statuses = [status for _, status in answers]
    assert statuses == [200] * ANON_RATE + [429] * 6
    # Each node let through half and refused the rest: they share one count.
    assert {node for node, status in answers if status == 200} == {"a", "b"}
    assert {node for node, status in answers if status == 429} == {"a", "b"}


def publication(database, pk):
    return database.execute(
        "SELECT due_at, body FROM content_models_publication WHERE page_id = %s",
        [pk],
    ).fetchone()


def queued_renders(database):
    """Renders waiting for a worker now (not those planned for a later moment, such
    as a review date; django_tasks_db stores "no run_after" as its largest date)."""
    return database.execute(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE %s AND status = 'READY' "
        "AND (run_after <= now() OR run_after >= '9999-01-01')",
        ["%render_due"],
    ).fetchone()[0]


def test_a_render_queued_while_the_worker_is_stopped_completes_once_it_starts(
    stack, database, run_in_stack
):
    pk = page_id(run_in_stack, "TreatmentPage", "traditional-japanese-acupuncture")
    safety = f"Tell the practitioner about blood thinners ({uuid.uuid4().hex[:8]})."
    stack.stop("worker")
    try:
        run_in_stack(
            f"""
            from content_models.models import TreatmentPage
            page = TreatmentPage.objects.get(pk={pk})
            page.safety = "<p>" + {safety!r} + "</p>"
            page.save_revision().publish()
            """
        )
        time.sleep(1)  # long enough for a worker, were one running
        due_at, body = publication(database, pk)
        assert due_at is not None
        assert safety not in body
        assert queued_renders(database) >= 1
    finally:
        stack.start("worker")

    # No request reads the item: only the worker can render it now. Once rendered
    # it is due again only when time alone changes it (its next review date).
    def rendered(row):
        due_at, _ = row
        return due_at is None or due_at > datetime.now(UTC)

    (due_at, body), _ = poll(lambda: publication(database, pk), rendered, within=30)
    assert rendered((due_at, body))
    assert safety in body
    # And the worker goes on to drain the rest of the queue.
    left, _ = poll(lambda: queued_renders(database), lambda n: n == 0, within=30)
    assert left == 0


def test_a_withdrawn_case_study_is_gone_from_varnish_at_once(
    stack, client, run_in_stack
):
    listing = f"{stack.varnish_url}/api/v1/case-studies/"
    detail = f"{listing}mr-k-sciatica/"
    for url in (detail, listing, detail, listing):
        response = client.get(url)
    assert client.get(detail).headers["X-Cache"] == "HIT"
    assert response.headers["X-Cache"] == "HIT"
    assert "mr-k-sciatica" in [item["slug"] for item in response.json()["results"]]

    run_in_stack(
        """
        from content_models.consent import withdraw_consent
        from content_models.models import CaseStudyPage
        page = CaseStudyPage.objects.get(slug="mr-k-sciatica")
        withdraw_consent(page, None, note="Patient phoned reception")
        """
    )

    assert client.get(detail).status == 404
    slugs = [item["slug"] for item in client.get(listing).json()["results"]]
    assert "mr-k-sciatica" not in slugs


def test_varnish_serves_without_a_failure_while_an_app_node_restarts(stack):
    # Wagtail's API v2 sends no Cache-Control: every request reaches a node.
    url = f"{stack.varnish_url}/api/v2/pages/?limit=5"
    stop = threading.Event()
    answers = []  # (status or error, node, monotonic time)

    def load(address):
        client = LoopbackClient(address)
        while not stop.is_set():
            try:
                response = client.get(url, timeout=15)
                answers.append(
                    (response.status, response.headers["X-Served-By"], time.monotonic())
                )
            except OSError as error:
                answers.append((repr(error), None, time.monotonic()))

    threads = [
        threading.Thread(target=load, args=(f"127.0.1.{n}",)) for n in range(1, 5)
    ]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.5)
        stopped = time.monotonic()
        stack.stop("node_a")
        stack.start("node_a")
        back = time.monotonic()
        # Until Varnish's probe sees node A again, and a little after.
        deadline = back + 5
        while time.monotonic() < deadline and not any(
            node == "node_a" and at > back for _, node, at in answers
        ):
            time.sleep(0.1)
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join()

    failures = [answer for answer in answers if answer[0] != 200]
    assert failures == []
    assert {node for _, node, at in answers if at < stopped} == {"node_a", "node_b"}
    assert {node for _, node, at in answers if at > back} >= {"node_a"}
    assert len(answers) > 20


def test_varnish_refuses_a_purge_from_outside_its_acl_and_never_caches_the_admin(
    stack, client
):
    # The client speaks from 127.0.0.N (N ≥ 10); only 127.0.0.1 may purge.
    listing = f"{stack.varnish_url}/api/v1/symptoms/"
    client.get(listing)
    refused = client.request("PURGE", listing)
    assert refused.status == 405
    assert client.get(listing).headers["X-Cache"] == "HIT"

    for _ in range(2):
        login = client.get(f"{stack.varnish_url}/admin/login/")
        assert login.status == 200
        assert login.headers["X-Cache"] == "MISS"
