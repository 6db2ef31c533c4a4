"""The README stays true: every command and option is documented, and the two
commands it gives are the ones CI runs."""

from __future__ import annotations

import click
import pytest
from conftest import ROOT, run

from rewrite.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "rewrite") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix} {name}")
    return found


@pytest.mark.parametrize("name, command", _commands(cli), ids=lambda x: str(x))
def test_every_command_is_documented(name: str, command: click.Command) -> None:
    words = name.split()
    if len(words) == 2:
        assert f"`{name}" in README, f"README has no section for {name}"
    else:  # subcommands are listed in their group's table
        assert f"`{words[-1]}" in README, f"README does not list {name}"


@pytest.mark.parametrize("command", ["check", "fix"])
def test_every_option_is_documented(command: str) -> None:
    for param in cli.commands[command].params:
        if isinstance(param, click.Option):
            longest = max(param.opts, key=len)
            assert longest in README, f"{command} {longest} is not in the README"


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python -m pytest" in README and "python -m pytest" in ci
    assert "pip install -e '.[test]'" in README and "-e '.[test]'" in ci


def test_exit_codes_table_matches_the_cli() -> None:
    from rewrite import cli as module

    for code in (module.EXIT_CLEAN, module.EXIT_FOUND, module.EXIT_USAGE, module.EXIT_BAD_INPUT):
        assert f"| {code} |" in README


def test_glossary_explain_example_is_what_the_command_prints() -> None:
    """The README's `rewrite glossary explain "took spot"` block, line for line (only the
    install path differs)."""
    block = README.split('$ rewrite glossary explain "took spot"\n', 1)[1].split("\n\n", 1)[0]
    shown = [line.strip() for line in block.splitlines()]
    printed = run("glossary", "explain", "took spot").output
    actual = [line.strip().replace(str(ROOT), "/path/to/rewrite") for line in printed.splitlines()]
    assert shown == actual
