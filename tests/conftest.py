from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rewrite.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiled glossaries go to a cache shared by this test session only."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def write_glossary(path: Path, *rows: str) -> Path:
    """A user glossary file at `path`: the header line, then `rows` (tab-separated)."""
    path.write_text("".join(f"{line}\n" for line in
                            ("phrase\tcategory\treplacements\tseverity\tsource\tnote", *rows)))
    return path


def run(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)
