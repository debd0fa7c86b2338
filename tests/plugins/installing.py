"""Install a plugin package the way an editable ``pip install`` does, without a network.

    with installed(EXAMPLE_MARKDOWN):
        reset_registry()
        assert "markdown" in get_registry()

It reads the package's own ``pyproject.toml``, writes a real ``.dist-info`` (METADATA
and ``entry_points.txt``) into a temporary folder and puts that folder and the package
source on ``sys.path``. ``importlib.metadata`` then finds the entry points exactly as
it finds Meridian's own: the registry is not patched.
"""

import contextlib
import importlib
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_MARKDOWN = REPO / "examples" / "meridian-exporter-markdown"
TEST_EXPORTER = Path(__file__).parent / "meridian-test-exporter"


def write_dist_info(target, name, version, entry_points):
    """A minimal, valid ``.dist-info`` for ``name`` declaring ``entry_points``."""
    folder = Path(target) / f"{name.replace('-', '_')}-{version}.dist-info"
    folder.mkdir(parents=True)
    (folder / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    )
    lines = []
    for group, points in entry_points.items():
        lines.append(f"[{group}]")
        lines += [f"{key} = {value}" for key, value in points.items()]
    (folder / "entry_points.txt").write_text("\n".join(lines) + "\n")
    (folder / "INSTALLER").write_text("meridian-tests\n")
    return folder


@contextlib.contextmanager
def installed(package_dir):
    """Install ``package_dir`` (with a ``pyproject.toml``) for the ``with`` block."""
    project = tomllib.loads((Path(package_dir) / "pyproject.toml").read_text())[
        "project"
    ]
    with tempfile.TemporaryDirectory(prefix="meridian-plugin-") as target:
        write_dist_info(
            target, project["name"], project["version"], project["entry-points"]
        )
        with on_path(target, str(package_dir)):
            yield project["name"]


@contextlib.contextmanager
def on_path(*folders):
    sys.path[:0] = folders
    importlib.invalidate_caches()
    try:
        yield
    finally:
        for folder in folders:
            sys.path.remove(folder)
        importlib.invalidate_caches()
