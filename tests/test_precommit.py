"""End to end with the real pre-commit tool: a content repository whose config points
at this checkout (at its committed HEAD) uses the hooks from .pre-commit-hooks.yaml."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


def test_each_hook_is_a_console_script_and_in_the_readme() -> None:
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    readme = (ROOT / "README.md").read_text()
    for hook in HOOKS:
        assert hook["entry"].split()[0] in scripts
        assert set(hook["types_or"]) == {"markdown", "plain-text"}
        assert f"id: {hook['id']}" in readme


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.mark.skipif(not (ROOT / ".git").exists() or shutil.which("git") is None,
                    reason="needs the project as a git checkout")
def test_hooks_fail_on_spun_text_and_pass_after_fix(tmp_path: Path) -> None:
    rev = _git(ROOT, "rev-parse", "HEAD")
    repo = tmp_path / "content"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {ROOT}\n  rev: {rev}\n  hooks:\n"
        "  - id: rewrite-fix\n  - id: rewrite-check\n")
    page = repo / "article.md"
    page.write_text("# Care\n\nThe skin layer is actually thin.\n")
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"),
           "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    pre_commit = [sys.executable, "-m", "pre_commit", "run", "--color", "never"]

    check = subprocess.run([*pre_commit, "rewrite-check"], cwd=repo, env=env,
                           capture_output=True, text=True, timeout=900)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "article.md:3:5: error [spun/skin-layer] 'skin layer' -> 'skin'" in check.stdout
    assert "[filler/is-actually] 'is actually' -> 'is'" in check.stdout

    fixed = subprocess.run([*pre_commit, "rewrite-fix"], cwd=repo, env=env,
                           capture_output=True, text=True, timeout=300)
    assert fixed.returncode == 1 and "Fixing article.md" in fixed.stdout
    assert page.read_text() == "# Care\n\nThe skin is thin.\n"

    _git(repo, "add", ".")
    again = subprocess.run(pre_commit, cwd=repo, env=env, capture_output=True, text=True,
                           timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
