"""The README stays true: every command is documented, and the set-up commands are the real ones."""

from __future__ import annotations

import click

from api.cli import main
from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "dutygraph"):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from command_paths(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}"


def test_every_command_is_in_the_readme():
    missing = [c for c in command_paths(main) if f"`{c}" not in README]
    assert not missing, f"undocumented commands: {missing}"


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [l.strip() for l in ci.splitlines() if l.strip() and not l.lstrip().startswith(("#", "set ", "cd "))]
    assert commands == ["bash tests/run.sh"]
    assert "    bash tests/run.sh\n" in README


def test_readme_has_exactly_two_setup_commands():
    setup = README.split("## Set-up: two commands", 1)[1].split("\n## ", 1)[0]
    commands = [l for l in setup.splitlines() if l.startswith("    ")]
    assert len(commands) == 2, commands
