"""The `dutygraph` command: a thin layer over graph.service and graph.ingestion.

Human tables by default, ``--json`` for programs.  Every expected failure is
one line on stderr (``Error: …``) and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from api.settings import DB_ENV, Settings, SettingsError, settings_from_env
from graph.model import Role
from graph.service import ServiceError
from graph.store import StoreError

ROLE_CHOICES = click.Choice([r.value for r in Role], case_sensitive=False)


class CleanErrors(click.Group):
    """Turns the errors a person can act on into one line and exit status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (StoreError, ServiceError, SettingsError) as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)


def db_option(func):
    return click.option(
        "--db",
        "db",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=f"Folder of the embedded graph (default: ${DB_ENV} or the user data folder).",
    )(func)


def json_option(func):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for programs.")(func)


def _settings(db: Path | None, **overrides) -> Settings:
    return settings_from_env(db=str(db) if db is not None else None, **overrides)


def _service(db: Path | None, *, read_only: bool):
    from api.wiring import build_service

    return build_service(_settings(db), read_only=read_only)


def _print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(cls=CleanErrors)
@click.version_option(package_name="dutygraph")
def main():
    """dutygraph: who owns which task in Chinese work-safety plans."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@json_option
def ingest(paths, db, as_json):
    """Read documents (files or folders) into the graph."""
    from api.wiring import build_parser
    from graph.ingestion import collect_files, ingest_paths
    from ingest import IngestError

    parser = build_parser()
    files, _ = collect_files(paths, parser.supported_suffixes)
    console = Console(stderr=True)
    service = _service(db, read_only=False)
    try:
        with Progress(
            TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
            console=console, transient=True, disable=as_json or len(files) < 2 or not console.is_terminal,
        ) as progress:
            bar = progress.add_task("", total=len(files))

            file_names = {str(f) for f in files}

            def on_file(result):
                # Paths that were never files (a missing folder) are reported but not counted.
                if result.path in file_names:
                    progress.update(bar, advance=1, description=Path(result.path).name)

            report = ingest_paths(paths, parser, service.store, on_file=on_file, parse_error=IngestError)
    finally:
        service.store.close()
    if as_json:
        _print_json([r.__dict__ for r in report.results])
    else:
        _print_ingest_summary(report)
    if not report.ok:
        sys.exit(1)


def _print_ingest_summary(report) -> None:
    console = Console()
    table = Table(title="ingest summary")
    for column in ("file", "status", "tasks", "edges"):
        table.add_column(column, justify="right" if column in ("tasks", "edges") else "left")
    for r in report.results:
        status = "[red]failed[/red]" if r.status == "failed" else r.status
        table.add_row(Path(r.path).name, status, str(r.tasks), str(r.edges))
    console.print(table)
    counts = ", ".join(
        f"{report.count(s)} {s}" for s in ("added", "replaced", "unchanged", "failed") if report.count(s)
    )
    console.print(counts or "nothing to ingest")
    for r in report.failed:
        click.echo(f"Error: {r.error}", err=True)


@main.command()
@click.argument("org")
@click.option("--role", type=ROLE_CHOICES, default=None, help="Only this role.")
@click.option("--jurisdiction", default=None, help="九江 or 九江市; all jurisdictions when omitted.")
@db_option
@json_option
def tasks(org, role, jurisdiction, db, as_json):
    """Tasks of an organization, e.g. `dutygraph tasks 市应急局 --role lead`."""
    from graph.export import printed_number

    service = _service(db, read_only=True)
    try:
        groups = service.tasks_of(org, role, jurisdiction)
    finally:
        service.store.close()
    if as_json:
        _print_json(
            [
                {
                    "document": r.task.source,
                    "jurisdiction": g.jurisdiction,
                    "number": printed_number(r.task.number),
                    "title": r.task.title,
                    "role": r.role.value,
                    "org": g.org.name,
                    "mention": r.mention,
                    "evidence": r.evidence,
                    "task_id": r.task.id,
                }
                for g in groups
                for r in g.rows
            ]
        )
        return
    console = Console()
    for g in groups:
        what = f"{role} " if role else ""
        table = Table(title=f"{g.org.name} ({g.jurisdiction or '—'}): {len(g.rows)} {what}edges", title_justify="left")
        for column in ("document", "no.", "task", "role", "evidence"):
            table.add_column(column, overflow="fold")
        for r in g.rows:
            table.add_row(r.task.source, r.task.number, r.task.title, r.role.value, r.evidence)
        console.print(table)


@main.command()
@click.argument("query")
@click.option("--jurisdiction", default=None, help="九江 or 九江市.")
@db_option
@json_option
def orgs(query, jurisdiction, db, as_json):
    """Find organizations by name, abbreviation or alias."""
    service = _service(db, read_only=True)
    try:
        found = service.find_organizations(query, jurisdiction)
    finally:
        service.store.close()
    if as_json:
        _print_json([o.__dict__ | {"aliases": list(o.aliases)} for o in found])
        return
    table = Table()
    for column in ("id", "name", "kind", "jurisdiction", "aliases"):
        table.add_column(column, overflow="fold")
    for o in found:
        table.add_row(o.id, o.name, o.kind, o.jurisdiction or "", "、".join(o.aliases))
    Console().print(table)


@main.group()
def export():
    """Export the graph."""


@export.command("triples")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write to a file.")
@db_option
def export_triples(out, db):
    """Responsibility edges as JSON Lines (the format of ONTOLOGY.md)."""
    service = _service(db, read_only=True)
    try:
        lines = [json.dumps(t, ensure_ascii=False) for t in service.triples()]
    finally:
        service.store.close()
    text = "".join(line + "\n" for line in lines)
    if out is None:
        click.echo(text, nl=False)
    else:
        tmp = out.with_name(out.name + ".partial")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)  # never a half-written export
        click.echo(f"{len(lines)} triples written to {out}", err=True)


@main.command()
@db_option
@json_option
def stats(db, as_json):
    """Counts of nodes and edges in the graph."""
    service = _service(db, read_only=True)
    try:
        s = service.stats()
    finally:
        service.store.close()
    if as_json:
        _print_json({"documents": s.documents, "jurisdictions": s.jurisdictions, "nodes": s.counts.nodes,
                     "edges": s.counts.edges})
        return
    console = Console()
    console.print(f"{s.documents} documents; jurisdictions: {'、'.join(s.jurisdictions) or 'none'}")
    table = Table()
    table.add_column("kind")
    table.add_column("name")
    table.add_column("count", justify="right")
    for label, n in s.counts.nodes.items():
        table.add_row("node", label, str(n))
    for rel, n in s.counts.edges.items():
        table.add_row("edge", rel, str(n))
    table.add_row("", "total nodes / edges", f"{s.counts.total_nodes} / {s.counts.total_edges}")
    console.print(table)


@main.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--triples", "triples_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Score this JSON Lines export instead of the graph.")
@db_option
@json_option
def evaluate(gold, triples_file, db, as_json):
    """Score the graph's triples against gold files (precision, recall, resolution)."""
    from ingest.evaluate import format_report, load_gold, score

    if triples_file is not None:
        triples = _read_triples(triples_file)
    else:
        service = _service(db, read_only=True)
        try:
            triples = list(service.triples())
        finally:
            service.store.close()
    report = score(triples, [load_gold(g) for g in gold])
    if as_json:
        _print_json(report.as_dict())
    else:
        click.echo(format_report(report))


def _read_triples(path: Path) -> list[dict]:
    triples = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                triples.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise click.ClickException(f"{path}:{n}: not a JSON line ({exc.msg})") from None
    return triples


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to bind.")
@db_option
def serve(host, port, db):
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    from api.app import create_app
    from api.wiring import build_service

    settings = _settings(db, host=host, port=port)
    # Open once up front so a locked or broken store is one clear line, not a server that starts sick.
    build_service(settings, read_only=False).store.close()
    # The event loop (cached answers) and the request thread (store calls) share one GIL; at the
    # default 5 ms a thread that gave up the GIL for a store call waits that long to get it back.
    # 0.2 ms: 726 → 1,137 requests/s for random organizations at 50 connections (bench/results/api.md).
    sys.setswitchinterval(0.0002)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@main.group()
def viz():
    """Export a graph-browser view as one self-contained HTML file that opens offline."""


def _export_view(db: Path | None, out: Path, build) -> None:
    from viz.render import PageMode, render_page

    service = _service(db, read_only=True)
    try:
        view = build(service)
    finally:
        service.store.close()
    tmp = out.with_name(out.name + ".partial")
    tmp.write_text(render_page(view, PageMode(base=None)), encoding="utf-8")
    tmp.replace(out)
    capped = " (capped)" if view.capped else ""
    click.echo(f"{view.title}: {len(view.nodes)} nodes, {len(view.edges)} edges{capped} written to {out}", err=True)


def viz_command(name: str, help_text: str):
    """A `dutygraph viz NAME … --out FILE` subcommand with the options every view takes."""

    def decorate(func):
        func = click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
                            help="The HTML file to write.")(func)
        return viz.command(name, help=help_text)(db_option(func))

    return decorate


def _limit(func):
    return click.option("--limit", default=250, show_default=True, type=click.IntRange(1, 2000),
                        help="Most nodes drawn; the page says when it bites.")(func)


@viz_command("home", "The landing view: documents, busiest units, campaigns, sectors.")
def viz_home(db, out):
    from viz.overview import home_view

    _export_view(db, out, home_view)


@viz_command("org", "An organization's tasks by role, e.g. `dutygraph viz org 市应急局 --jurisdiction 九江`.")
@click.argument("org")
@click.option("--jurisdiction", default=None, help="Which unit, when the name fits several; also filters tasks.")
@click.option("--role", type=ROLE_CHOICES, default=None, help="Only this role.")
@click.option("--document", default=None, help="Only tasks of this document (id or file name).")
@click.option("--year", default=None, help="Only tasks of documents covering this year.")
@_limit
def viz_org(org, jurisdiction, role, document, year, limit, db, out):
    from viz.views import org_view

    def build(service):
        found = [service.organization(org)] if org.startswith("org:") else service.find_organizations(org, jurisdiction)
        if len(found) != 1:
            names = "、".join(f"{o.name} ({o.id})" for o in found) or "none"
            raise ServiceError(f"{org!r} matches {len(found)} units: {names}; pass --jurisdiction or an id")
        return org_view(service, found[0].id, role=role, document=document, year=year, jurisdiction=jurisdiction,
                        limit=limit)

    _export_view(db, out, build)


@viz_command("task", "A task (its id, as `dutygraph tasks … --json` prints it) with all parties.")
@click.argument("task_id")
def viz_task(task_id, db, out):
    from viz.views import task_view

    _export_view(db, out, lambda service: task_view(service, task_id))


@viz_command("sector", "A sector (e.g. 危险化学品): tasks, units and the covering committee.")
@click.argument("name")
@_limit
def viz_sector(name, limit, db, out):
    from viz.views import topic_view

    _export_view(db, out, lambda service: topic_view(service, "sector", name, limit))


@viz_command("campaign", "A campaign (e.g. 打非治违): tasks and units.")
@click.argument("name")
@_limit
def viz_campaign(name, limit, db, out):
    from viz.views import topic_view

    _export_view(db, out, lambda service: topic_view(service, "campaign", name, limit))


@viz_command("document", "A document (id, file name or title): sections, tasks and units.")
@click.argument("document")
@_limit
def viz_document(document, limit, db, out):
    from viz.views import document_view

    _export_view(db, out, lambda service: document_view(service, document, limit))


@viz_command("compare", "Two jurisdictions side by side, e.g. `dutygraph viz compare 九江 宜春`.")
@click.argument("first")
@click.argument("second")
def viz_compare(first, second, db, out):
    from viz.overview import compare_view

    _export_view(db, out, lambda service: compare_view(service, first, second))
