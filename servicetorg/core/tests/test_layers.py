"""The apps keep to their layers: an app imports only the apps below it (the contract is in
pyproject.toml, [tool.importlinter]). The same check runs in `make lint`."""

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[3]


def test_no_app_imports_a_higher_layer(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0, (
        "an app imports one above it: see the broken contract printed above"
    )
