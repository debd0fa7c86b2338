"""manage.py publications: report, check against fresh renders, rebuild."""

import io

import pytest
from django.core.management import CommandError, call_command

from content_models.publishing.models import Publication
from tests.factories import make_condition, make_symptom

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("publications", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_check_lists_what_differs_and_rebuild_makes_it_current(site_tree):
    back = make_symptom(slug="back")
    make_condition(slug="sciatica", symptoms=[back])
    # Nothing has been rendered yet (no commit ran the background render).
    with pytest.raises(CommandError, match="out of date"):
        run("--check")
    output = run("--rebuild")
    assert "rendered 2 items" in output and "2 public" in output
    assert "every stored representation is current" in run("--check")
    # A write nobody rendered yet (a raw update, as a bulk load might do):
    Publication.objects.filter(slug="back").update(body="{}")
    with pytest.raises(CommandError):
        run("--check")


def test_the_report_counts_items_tombstones_and_events(site_tree):
    gout = make_condition(slug="gout")
    run("--rebuild")
    gout.unpublish()
    run("--rebuild")
    assert run().startswith("0 public items, 0 bytes stored; 1 tombstones; 2 events")


def test_a_fixture_load_of_pages_is_left_to_rebuild(site_tree, tmp_path):
    """loaddata saves rows raw: the store's handlers stand aside instead of failing,
    and ``--rebuild`` then renders what was loaded."""
    gout = make_condition(slug="gout", title="Gout")
    fixture = tmp_path / "pages.json"
    call_command(
        "dumpdata",
        "wagtailcore.page",
        "content_models.conditionindexpage",
        "content_models.conditionpage",
        output=str(fixture),
        verbosity=0,
    )
    call_command("loaddata", str(fixture), verbosity=0)
    run("--rebuild")
    assert Publication.objects.get(page_id=gout.pk).state == Publication.State.LIVE
