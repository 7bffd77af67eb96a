"""The `lob` command line: ingest, search, status."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from core.config import Settings, get_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="LOB Assistent")


def _settings() -> Settings:
    return get_settings()


def _service():
    """The one entry for a question (assistant/service.py); a one-off command purges
    nothing and creates no feedback database."""
    from assistant.service import LobService

    return LobService(_settings(), retention=False)


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=None) + "\n")


def _check_data_dir(settings: Settings, for_serving: bool) -> None:
    """A wrong LOB_DATA_DIR ends the command with one line that says so (exit code 2)."""
    from core.data_dir import DataDirError, check_data_dir

    try:
        check_data_dir(settings, for_serving=for_serving)
    except DataDirError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command()
def ingest(
    path: Annotated[Path | None, typer.Argument(help="File or folder (default: corpus/)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON")] = False,
    fill: Annotated[bool, typer.Option(
        "--fill/--no-fill",
        help="With LOB_SENTENCE_FILL=background: embed the answers' sentence vectors once "
        "the index is searchable (default), or leave them to `lob serve` (answers embed "
        "what they miss meanwhile)",
    )] = True,
) -> None:
    """Load, chunk, embed and index documents; unchanged ones are skipped."""
    from core.embedder import get_embedder
    from ingest.pipeline import ingest as run_ingest

    settings = _settings()
    target = path or settings.corpus_dir
    _check_data_dir(settings, for_serving=False)
    bars = not as_json and sys.stderr.isatty()
    try:
        embedder = get_embedder(settings.embedder)
        summary = run_ingest(target, settings, embedder=embedder, progress=bars)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    filled = None
    left = 0  # sentence vectors still to fill
    if settings.fills_sentences_later:
        from core.index import IndexStore
        from core.sentence_fill import fill_after_ingest

        if fill:
            if bars:
                typer.echo(f"searchable after {summary.seconds:.1f} s; filling sentence "
                           "vectors (Ctrl-C is safe: `lob serve` or the next ingest resumes)",
                           err=True)
            filled = fill_after_ingest(settings, embedder, progress=bars)
        done, total = IndexStore(settings, embedder.name).sentence_vectors.fill_state()
        left = total - done
    if as_json:
        d = summary.to_dict()
        _print_json({
            "added": d["added"], "updated": d["updated"], "removed": d["removed"],
            "skipped": d["skipped"], "warnings": d["warnings"], "unchanged": d["unchanged"],
            "chunks_embedded": d["chunks_embedded"],
            "sentences_embedded": d["sentences_embedded"] + (filled.sentences if filled else 0),
            "chunks_total": d["chunks_total"],
            "seconds": d["seconds"], "timings": d["timings"],
            "fill_seconds": filled.seconds if filled else None,
            "sentences_left": left,
        })
        return
    sentences = summary.sentences_embedded + (filled.sentences if filled else 0)
    typer.echo(
        f"added {len(summary.added)}, updated {len(summary.updated)}, "
        f"removed {len(summary.removed)}, unchanged {len(summary.unchanged)}, "
        f"skipped {len(summary.skipped)}, warnings {len(summary.warnings)}; "
        f"embedded {summary.chunks_embedded} chunks and "
        f"{sentences} sentences, {summary.chunks_total} chunks in the index "
        f"({summary.seconds:.1f} s" + (f", sentences {filled.seconds:.1f} s)" if filled else ")")
    )
    if left:
        typer.echo(f"  {left} sentence vectors left to fill: `lob serve` fills them; answers "
                   "embed what they need meanwhile")
    for s in summary.skipped:
        typer.echo(f"  skipped {s.path}: {s.reason}")
    for w in summary.warnings:
        typer.echo(f"  warning {w.path}: {w.warning}")


@app.command()
def inspect(
    path: Annotated[Path, typer.Argument(help="One document file")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the blocks as JSON")] = False,
) -> None:
    """What the assistant reads in a file: its blocks (type, page, heading path, text)."""
    from ingest.loaders import LoaderError, load_document

    settings = _settings()
    try:
        doc = load_document(
            path, int(settings.max_file_mb * 1024 * 1024), max_pdf_pages=settings.max_pdf_pages,
            max_chars=settings.max_document_chars,
        )
    except (LoaderError, OSError) as exc:
        typer.echo(f"error: {path}: {exc}", err=True)
        raise typer.Exit(2) from None
    blocks = [
        {"type": b.kind, "start": b.start, "end": b.end, "page": b.page,
         "section": " > ".join(b.section) or None, "text": doc.text[b.start : b.end]}
        for b in doc.blocks
    ]
    if as_json:
        _print_json({"doc_id": path.stem, "title": doc.metadata.get("title"), "blocks": blocks})
        return
    typer.echo(f"{doc.metadata.get('title') or path.stem} — {len(blocks)} blocks")
    for b in blocks:
        where = f"p.{b['page']} " if b["page"] is not None else ""
        lines = b["text"].replace("\t", " | ").split("\n")
        typer.echo(f"{where}{b['type']:<9} {lines[0]}")
        for line in lines[1:]:
            typer.echo(f"{'':>{len(where) + 10}}{line}")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="De vraag of zoekterm")],
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="Number of passages")] = 5,
    doc_type: Annotated[
        list[str] | None, typer.Option("--type", help="Only this document type (repeatable)")
    ] = None,
    doc_id: Annotated[
        list[str] | None, typer.Option("--doc", help="Only this document (repeatable)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print passages as JSON")] = False,
) -> None:
    """Ranked passages for a question, with their place in the source document."""
    from assistant.service import InvalidInput

    try:
        passages = _service().search(query, k=k, doc_types=doc_type, doc_ids=doc_id)
    except InvalidInput as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        _print_json([p.public() for p in passages])
        return
    if not passages:
        typer.echo("Geen passages gevonden (is de index leeg? Draai `lob ingest`).")
    for n, p in enumerate(passages, start=1):
        where = f"{p.doc_id} [{p.start}:{p.end}]" + (f" p.{p.page}" if p.page else "")
        typer.secho(f"[{n}] {p.title} ({p.doc_type})", bold=True)
        typer.echo(f"    {where}" + (f" · {p.section}" if p.section else "") + f" · {p.score:.4f}")
        body = " ".join(p.text.split())
        typer.echo("    " + (body[:400] + " …" if len(body) > 400 else body) + "\n")


@app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON")] = False,
) -> None:
    """What is in the index and where it lives."""
    from core.index import IndexStore
    from core.store import collection_names

    settings = _settings()
    embedder = settings.embedder
    name = "e5" if embedder == "e5" else ("minilm" if embedder == "minilm" else None)
    if name is None:  # other models name themselves once loaded
        from core.embedder import get_embedder

        name = get_embedder(embedder).name
    store = IndexStore(settings, name)
    docs = store.document_records()
    lexical = store.load_lexical()
    filled, total = store.sentence_vectors.fill_state()
    info = {
        "documents": len(docs),
        "chunks": store.chunk_count(),
        "bm25_chunks": len(lexical) if lexical else 0,
        # Of the sentences the chunks hold, how many have their vector (core/sentence_fill.py).
        "sentences": f"{filled}/{total}",
        "embedder": embedder,
        "store": settings.chroma_url or str(settings.chroma_dir.resolve()),
        "collections": list(collection_names(settings, name)),
        "data_dir": str(settings.data_dir.resolve()),
        "doc_types": sorted({m.get("doc_type", "") for m in docs.values()}),
    }
    if as_json:
        _print_json(info)
        return
    for key, value in info.items():
        typer.echo(f"{key:>12}: {value}")


@app.command()
def ask(
    question: Annotated[str | None, typer.Argument(help="De vraag")] = None,
    history: Annotated[
        list[str] | None, typer.Option("--history", help="An earlier question (repeatable)")
    ] = None,
    batch: Annotated[
        Path | None, typer.Option("--batch", help='JSONL lines {"q": str, "history": [str]}')
    ] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="Passages to consider")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON")] = False,
) -> None:
    """Answer a question with citations to the exact passages (or say it cannot)."""
    if (question is None) == (batch is None):
        typer.echo("error: give a question or --batch FILE", err=True)
        raise typer.Exit(2)
    service = _service()
    if batch is not None:
        for lineno, line in enumerate(batch.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                result = service.ask(item["q"], item.get("history") or [], k=k)
            except (ValueError, KeyError, TypeError) as exc:
                typer.echo(f"error: {batch}:{lineno}: {exc}", err=True)
                raise typer.Exit(2) from None
            _print_json(result.to_dict()) if as_json else _print_answer(result, service)
        return
    from assistant.service import InvalidInput

    try:
        result = service.ask(question or "", history or [], k=k)
    except InvalidInput as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    _print_json(result.to_dict()) if as_json else _print_answer(result, service)


def _print_answer(result, service) -> None:
    """The answer, then its sources as core/sources.py writes them for a terminal (the links
    point at the source view of `lob serve` on LOB_HOST:LOB_PORT)."""
    from core.sources import plain_line

    typer.echo(result.answer + "\n")
    sources, notices = service.sources(result)
    for notice in notices:
        typer.echo(notice.text + "\n")
    if sources:
        typer.secho("Bronnen:" if result.answerable else "Mogelijk relevant:", bold=True)
        base = f"http://{service.settings.host}:{service.settings.port}"
        for source in sources:
            typer.echo("  " + plain_line(source, base))
    typer.echo("")


@app.command()
def chat() -> None:
    """Interactive terminal chat that keeps the history of your questions. Ctrl-D stops."""
    from assistant.service import InvalidInput

    service = _service()
    history: list[str] = []
    interactive = sys.stdin.isatty()
    if interactive:
        typer.echo("LOB Assistent — stel een vraag (Ctrl-D: stoppen, /nieuw: nieuw gesprek).")
    while True:
        try:
            question = input("vraag> " if interactive else "")
        except (EOFError, KeyboardInterrupt):
            typer.echo("")
            return
        if not question.strip():
            continue
        if question.strip() == "/nieuw":
            history.clear()
            continue
        try:
            _print_answer(service.ask(question, history), service)
        except InvalidInput as exc:
            typer.echo(f"error: {exc}", err=True)
            continue
        history.append(question)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface (default LOB_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default LOB_PORT)")] = None,
) -> None:
    """Serve the API (/api/v1, /v1, /docs) and the web chat (/ui)."""
    settings = _settings()
    _check_data_dir(settings, for_serving=True)

    import logging.config

    import uvicorn

    from assistant.api.main import create_app
    from assistant.logs import uvicorn_log_config
    from assistant.service import LobService
    from core.data_dir import DataDirError, check_index_not_empty
    from core.store import StoreUnavailable

    log_config = uvicorn_log_config(log_questions=settings.log_questions)
    logging.config.dictConfig(log_config)  # before the service: its start-up purge logs
    try:
        service = LobService(settings)
    except StoreUnavailable as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        check_index_not_empty(settings, service.ready()["chunks"])
    except DataDirError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    except (StoreUnavailable, ConnectionError):
        # A Chroma server that went away just now: serve, /ready says 503 until it is back.
        typer.echo("warning: the document store is unreachable; /ready answers 503", err=True)
    host, port = host or settings.host, port or settings.port
    typer.echo(f"LOB Assistent: http://{host}:{port}/ui  (API docs: http://{host}:{port}/docs)")
    uvicorn.run(
        create_app(settings, service=service), host=host, port=port, log_level="info",
        # Access lines without the query string: /api/v1/search?q=... carries questions.
        log_config=log_config,
    )


@app.command("eval", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def evaluate(ctx: typer.Context) -> None:
    """Answer-quality report: lob eval [--folds] [--set FILE] [--url URL] [--out DIR]
    [--compare OLD.json] [--min METRIC=VALUE ...] [--no-baseline]."""
    from eval.run import main as eval_main

    raise typer.Exit(eval_main(list(ctx.args)))


@app.command("train", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def train(ctx: typer.Context) -> None:
    """Train the learned answerer's model for an embedder (needs the `train` extra):
    lob train --set QUESTIONS.jsonl=DATA_DIR ... [--embedder NAME] [--out FILE]."""
    from eval.train import main as train_main

    raise typer.Exit(train_main(list(ctx.args)) or 0)


# Real options (so `lob bench --help` lists them); the module is light, the bench loads late.
from eval.bench.options import bench_command  # noqa: E402

app.command("bench")(bench_command)


feedback_app = typer.Typer(help="User feedback (thumbs up/down from the API and UI).")
app.add_typer(feedback_app, name="feedback")


@feedback_app.command("export")
def feedback_export(
    out: Annotated[Path | None, typer.Option("--out", help="JSONL file (default stdout)")] = None,
) -> None:
    """Thumbs-down cases as test-set lines (eval schema) for an evaluator to complete."""
    from assistant.feedback import FeedbackStore

    lines = FeedbackStore(_settings().feedback_db).export_candidates()
    text = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)
    if out:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"{len(lines)} candidate(s) written to {out}", err=True)
    else:
        sys.stdout.write(text)


@feedback_app.command("purge")
def feedback_purge(
    days: Annotated[
        int | None,
        typer.Option("--days", min=1, help="Older than N days (default LOB_RETENTION_DAYS)"),
    ] = None,
) -> None:
    """Delete feedback older than the retention period (the service also does this daily)."""
    import time

    from assistant.feedback import FeedbackStore
    from assistant.retention import DAY_S

    settings = _settings()
    days = settings.retention_days if days is None else days
    if days <= 0:
        typer.echo("retention is off (LOB_RETENTION_DAYS=0): removed 0 feedback rows")
        return
    removed = 0
    if settings.feedback_db.exists():  # nothing stored yet: do not create a database
        removed = FeedbackStore(settings.feedback_db).purge(time.time() - days * DAY_S)
    typer.echo(f"removed {removed} feedback row(s) older than {days} days")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
