"""``manage.py export``: files, a progress bar and a summary; clear errors otherwise."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_case_study, make_condition

REPO = Path(__file__).resolve().parents[2]


def export(*args, stderr=None, **kwargs):
    out = StringIO()
    call_command("export", *args, stdout=out, stderr=stderr or StringIO(), **kwargs)
    return out.getvalue()


def test_one_leaflet_by_slug_with_a_progress_bar_and_summary(site_tree, tmp_path):
    make_condition(slug="gout")
    progress = StringIO()
    summary = export(
        "leaflet-pdf", "--slug", "gout", "--output", str(tmp_path), stderr=progress
    )
    assert (tmp_path / "gout.pdf").read_bytes().startswith(b"%PDF-")
    assert re.match(r"Exported 1 file with leaflet-pdf to .+ in [0-9.]+ s", summary)
    assert "leaflet-pdf: 100%" in progress.getvalue()
    assert "1/1" in progress.getvalue()


def test_all_public_pages_with_options(site_tree, tmp_path):
    make_condition(slug="gout")
    make_condition(slug="asthma")
    make_condition(slug="draft", publish=False)
    summary = export(
        "leaflet-pdf", "--all", "--option", "paper=a5", "--jobs", "1",
        "--output", str(tmp_path),
    )  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "asthma-a5.pdf",
        "gout-a5.pdf",
    ]
    assert summary.startswith("Exported 2 files")


def test_case_studies_without_print_consent_are_not_exported(site_tree, tmp_path):
    make_case_study(slug="printable", consent=("web", "print"))
    make_case_study(slug="web-only", consent=("web",))
    export(
        "leaflet-pdf", "--resource", "case-studies", "--all", "--jobs", "1",
        "--output", str(tmp_path),
    )  # fmt: skip
    assert [p.name for p in tmp_path.iterdir()] == ["printable.pdf"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["fax", "--all"], "no exporter named 'fax'"),
        (
            ["leaflet-pdf", "--resource", "symptoms", "--all"],
            "exporter 'leaflet-pdf' does not export symptoms",
        ),
        (["leaflet-pdf"], "say which pages: --slug SLUG or --all"),
        (["leaflet-pdf", "--slug", "nope"], "no published conditions with slug 'nope'"),
        (["leaflet-pdf", "--all", "--option", "paper"], "--option takes NAME=VALUE"),
        (["leaflet-pdf", "--all", "--option", "paper=b5"], "paper must be a4 or a5"),
        (["rss", "--slug", "gout"], "'rss' exports a whole collection"),
    ],
)
def test_bad_arguments_stop_with_a_clear_message(site_tree, tmp_path, args, message):
    with pytest.raises(CommandError, match=message.replace("'", ".")):
        export(*args, "--output", str(tmp_path))


def test_slug_and_all_together_are_refused(db, tmp_path):
    with pytest.raises(CommandError, match="not allowed with argument"):
        export("leaflet-pdf", "--slug", "a", "--all", "--output", str(tmp_path))


def test_bad_arguments_exit_non_zero_from_the_shell(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "export", "fax", "--all",
         "--output", str(tmp_path)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "no exporter named 'fax'" in result.stderr


@pytest.mark.flushes_db
@pytest.mark.django_db(transaction=True)
def test_all_in_two_processes_writes_every_file(tmp_path):
    from content_models.demo.tree import ensure_site_tree

    ensure_site_tree(hostname="testserver", port=80)
    for n in range(4):
        make_condition(slug=f"condition-in-pool-{n}")
    summary = export(
        "leaflet-pdf", "--all", "--jobs", "2", "--fresh", "--output", str(tmp_path)
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"condition-in-pool-{n}.pdf" for n in range(4)
    ]
    assert summary.startswith("Exported 4 files")
