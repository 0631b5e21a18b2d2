"""The README and the command line agree: figures an option's ``--help`` quotes from a README
measurement are the README's, and the README's commands parse."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
from click.testing import CliRunner

from supplychain.cli import main

REPO = Path(__file__).resolve().parents[1]


def _help(*command: str) -> str:
    result = CliRunner().invoke(main, [*command, "--help"], terminal_width=10_000)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_integer_convoys_help_quotes_the_readme_gap() -> None:
    """``timeline --integer-convoys --help`` gives the back-test's gap with ``--time-limit 60``
    as README's "Solver" paragraph measures it (it said 136 % after the README had 182.10 %)."""
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    measured = re.search(r"back-test with `--time-limit 60` whole convoys deliver [\d,]+ m³ "
                         r"against the LP's [\d,]+ m³, .*? gap ([\d.]+) % on the goal", readme)
    assert measured is not None, "README's --integer-convoys --time-limit 60 measurement moved"
    quoted = re.search(r"a (\d+) % gap with --time-limit 60", _help("timeline"))
    assert quoted is not None, "--integer-convoys --help no longer quotes the gap"
    assert int(quoted.group(1)) == round(float(measured.group(1)))


def _parse(command: click.Command, args: list[str], parent: click.Context | None = None,
           name: str = "supplychain") -> None:
    """Parse ``args`` as the command line would, without running anything."""
    ctx = command.make_context(name, args, parent=parent)
    if isinstance(command, click.Group):
        rest = [*ctx._protected_args, *ctx.args]
        if rest:
            sub_name, sub, sub_args = command.resolve_command(ctx, rest)
            assert sub is not None and sub_name is not None
            _parse(sub, sub_args, ctx, sub_name)


def _bash_block_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("  #")[0].split("&&")[-1].strip()
            if "supplychain " in line and "..." not in line:
                commands.append(line[line.index("supplychain "):])
    return commands


def test_readme_bash_commands_parse() -> None:
    """Every ``supplychain`` command of the README's bash blocks names options the command has
    and gives its required ones (parsed only, not run)."""
    commands = _bash_block_commands()
    assert len(commands) >= 8, commands
    for command in commands:
        try:
            _parse(main, shlex.split(command)[1:])
        except click.UsageError as exc:
            raise AssertionError(f"{command}: {exc.format_message()}") from exc
