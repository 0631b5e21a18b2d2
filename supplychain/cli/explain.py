"""``supplychain threat`` (explain a threat file) and ``supplychain schema``."""

from __future__ import annotations

from pathlib import Path

import click

from supplychain.cli._common import (
    _PATH,
    _graph,
    _network_name,
    _user_errors,
    main,
)

__all__ = ["schema", "threat_command"]


@main.command("threat")
@click.argument("threat_file", type=_PATH)
@click.option("--network", "network_file", default="embedded", show_default=True, callback=_network_name,
              help="A saved network file, or 'embedded'.")
@_user_errors
def threat_command(threat_file: Path, network_file: str) -> None:
    """Explain a threat file on a network: each segment's effect, attack probability and why
    (which rules; which incidents, how far, how old)."""
    from supplychain.cli.solve import _warn_dates_ignored
    from supplychain.scenarios import load_threat

    graph = _graph(network_file)
    definition = load_threat(threat_file)
    _warn_dates_ignored(definition, threat_file)  # as solve and stress: "closed" is every day here
    for line in definition.resolve(graph).report_lines():
        click.echo(line)


@main.command("schema")
@_user_errors
def schema() -> None:
    """Print the network attribute schema as a Markdown table."""
    from supplychain.networks.schema import schema_markdown

    click.echo(schema_markdown())
