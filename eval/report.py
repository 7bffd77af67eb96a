"""Render an evaluation (the results dict of eval.run) as report.md and a self-contained
report.html: plots are inline base64 PNGs, all text is escaped. Labels are in English."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display on a server or in CI
import matplotlib.pyplot as plt  # noqa: E402

RATE_METRICS = (
    "recall@1", "recall@5", "mrr", "fact_recall", "citation_support", "citation_validity",
    "refusal_precision", "refusal_recall", "false_refusals",
)
LATENCY_METRICS = ("latency_p50_ms", "latency_p95_ms")
LABELS = {
    "recall@1": "Recall@1",
    "recall@5": "Recall@5",
    "mrr": "MRR",
    "fact_recall": "Fact recall",
    "citation_support": "Citation support",
    "citation_validity": "Citation validity",
    "refusal_precision": "Refusal precision",
    "refusal_recall": "Refusal recall",
    "false_refusals": "False refusals",
    "latency_p50_ms": "Latency p50 (ms)",
    "latency_p95_ms": "Latency p95 (ms)",
}
# Per-tag / per-language table: (metric, system) columns.
GROUP_COLUMNS = (
    ("recall@5", "assistant"), ("recall@5", "baseline"),
    ("fact_recall", "assistant"), ("fact_recall", "baseline"),
    ("citation_support", "assistant"), ("refusal_recall", "assistant"),
)
SNIPPET = 400  # characters of an answer / citation shown per failure


# -- formatting ------------------------------------------------------------------------------
def fmt(metric: str, value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}" if metric in LATENCY_METRICS else f"{value:.3f}"


def fmt_delta(metric: str, value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:+.1f}" if metric in LATENCY_METRICS else f"{value:+.3f}"


def _short(text: str, n: int = SNIPPET) -> str:
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def _md_cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def headline_rows(results: Mapping[str, Any]) -> list[tuple[str, str, str, str | None]]:
    """(label, assistant, baseline, delta-or-None) per headline metric."""
    a = results["assistant"]["overall"]
    b = (results.get("baseline") or {}).get("overall", {})
    delta = (results.get("compare") or {}).get("delta")
    rows = []
    for m in RATE_METRICS + LATENCY_METRICS:
        d = fmt_delta(m, delta.get(m)) if delta is not None else None
        rows.append((LABELS[m], fmt(m, a.get(m)), fmt(m, b.get(m)), d))
    return rows


def group_rows(results: Mapping[str, Any], key: str) -> list[list[str]]:
    """Rows of the per-tag (key="by_tag") or per-language (key="by_lang") table."""
    a = results["assistant"][key]
    b = (results.get("baseline") or {}).get(key, {})
    rows = []
    for group, metrics in a.items():
        row = [group, str(metrics["n"])]
        for m, system in GROUP_COLUMNS:
            source = metrics if system == "assistant" else b.get(group, {})
            row.append(fmt(m, source.get(m)))
        rows.append(row)
    return rows


def group_header() -> list[str]:
    return ["", "n"] + [f"{LABELS[m]} ({s[0].upper()})" for m, s in GROUP_COLUMNS]


def failed_items(results: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [r for r in results["assistant"]["items"] if r["failures"]]


def _first_citation(record: Mapping[str, Any]) -> str:
    if not record["citations"]:
        return "(none)"
    c = record["citations"][0]
    where = c["doc_id"] + (f" § {c['section']}" if c.get("section") else "")
    return f"[{c['n']}] {where}: {_short(c['text'])}"


def _summary_lines(results: Mapping[str, Any]) -> list[str]:
    meta = results["meta"]
    a = results["assistant"]["overall"]
    s = meta["settings"]
    lines = [
        f"Test set: {meta['set']} — {meta['n_items']} questions "
        f"({a['n_answerable']} answerable, {a['n_unanswerable']} unanswerable)",
        f"Mode: {meta['mode']}" + (f" ({meta['url']})" if meta.get("url") else "")
        + f"; embedder {s['embedder']}, fusion {s['fusion']}, k {meta['k']}",
        f"Run: {meta['created']}; assistant {meta['seconds']['assistant']} s, "
        f"baseline {meta['seconds']['baseline']} s",
        "Baseline: LangChain Chroma over the same chunks, dense similarity only, "
        "answer = top chunk, never refuses, ignores the history.",
    ]
    if results.get("compare"):
        lines.append(f"Compared with: {results['compare']['path']} "
                     f"({results['compare'].get('created') or 'unknown date'})")
    return lines


# -- plots -----------------------------------------------------------------------------------
def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def plot_metric_bars(results: Mapping[str, Any]) -> str:
    """Base64 PNG: the rate metrics, assistant vs baseline."""
    a = results["assistant"]["overall"]
    b = (results.get("baseline") or {}).get("overall")
    fig, ax = plt.subplots(figsize=(9, 3.6))
    xs = range(len(RATE_METRICS))
    width = 0.4 if b else 0.6
    series = [("assistant", a, "#2b6cb0")] + ([("baseline", b, "#c05621")] if b else [])
    for i, (name, m, color) in enumerate(series):
        offset = (i - (len(series) - 1) / 2) * width
        values = [m.get(k) for k in RATE_METRICS]
        ax.bar([x + offset for x in xs], [v or 0.0 for v in values], width, label=name,
               color=color)
        for x, v in zip(xs, values):
            # Undefined (e.g. refusal precision of a system that never refuses) is not 0.
            label = "n/a" if v is None else f"{v:.2f}"
            ax.text(x + offset, (v or 0.0) + 0.01, label, ha="center", fontsize=7)
    ax.set_xticks(list(xs), [LABELS[k] for k in RATE_METRICS], rotation=25, ha="right")
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("score")
    ax.set_title("Headline metrics")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return _png(fig)


def _totals(records: Sequence[Mapping[str, Any]]) -> list[float]:
    return [
        float(r["timings_ms"].get("retrieve", 0.0)) + float(r["timings_ms"].get("answer", 0.0))
        for r in records
    ]


def plot_latency(results: Mapping[str, Any]) -> str:
    """Base64 PNG: histogram of per-question latency (retrieve + answer)."""
    fig, ax = plt.subplots(figsize=(7, 3.2))
    a = _totals(results["assistant"]["items"])
    b = _totals(results["baseline"]["items"]) if results.get("baseline") else []
    top = max(a + b + [1.0])
    bins = [top * i / 40 for i in range(41)]
    ax.hist(a, bins=bins, alpha=0.7, label="assistant", color="#2b6cb0")
    if b:
        ax.hist(b, bins=bins, alpha=0.6, label="baseline", color="#c05621")
    ax.set_xlabel("ms per question (retrieve + answer)")
    ax.set_ylabel("questions")
    ax.set_title("Latency")
    ax.legend(fontsize=8)
    return _png(fig)


def plot_tags(results: Mapping[str, Any]) -> str:
    """Base64 PNG: fact recall and recall@5 of the assistant per tag."""
    by_tag = results["assistant"]["by_tag"]
    tags = sorted(by_tag)
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(tags) + 1.2))
    ys = range(len(tags))
    h = 0.4
    for i, (metric, color) in enumerate((("fact_recall", "#2f855a"), ("recall@5", "#2b6cb0"))):
        values = [by_tag[t].get(metric) for t in tags]
        ax.barh([y + (i - 0.5) * h for y in ys], [v or 0.0 for v in values], h,
                label=LABELS[metric], color=color)
    ax.set_yticks(list(ys), [f"{t} (n={by_tag[t]['n']})" for t in tags], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.05)
    ax.set_title("Assistant per tag (no bar: not applicable, e.g. unanswerable)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    return _png(fig)


# -- markdown --------------------------------------------------------------------------------
def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    align = ["---"] + ["---:"] * (len(header) - 1)
    out = ["| " + " | ".join(_md_cell(h) for h in header) + " |", "|" + "|".join(align) + "|"]
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return out


def render_markdown(results: Mapping[str, Any]) -> str:
    lines = ["# Answer-quality evaluation", ""]
    lines += [f"- {line}" for line in _summary_lines(results)]
    lines += ["", "Plots: see report.html.", "", "## Headline metrics", ""]
    with_delta = results.get("compare") is not None
    header = ["metric", "assistant", "baseline"] + (["Δ vs compared run"] if with_delta else [])
    rows = [
        [label, a, b] + ([d] if with_delta else []) for label, a, b, d in headline_rows(results)
    ]
    lines += _md_table(header, rows)
    mins = results["thresholds"]["mins"]
    if mins:
        lines += ["", "## Thresholds", ""]
        lines += [f"- {m} {'≤' if m.startswith('latency') else '≥'} {v}" for m, v in mins.items()]
        missed = results["thresholds"]["missed"]
        lines += [f"- **MISSED**: {m}" for m in missed] or ["- all met"]
    lines += ["", "## Per tag", "", "(A) assistant, (B) baseline.", ""]
    lines += _md_table(group_header(), group_rows(results, "by_tag"))
    lines += ["", "## Per language", ""]
    lines += _md_table(group_header(), group_rows(results, "by_lang"))

    failed = failed_items(results)
    lines += ["", f"## Failed questions ({len(failed)})", ""]
    for r in failed:
        lines += [f"### {r['id']} — {', '.join(r['failures'])}", ""]
        lines.append(f"- **Question**: {_md_cell(r['q'])}")
        if r["history"]:
            lines.append(f"- **History**: {_md_cell(' → '.join(r['history']))}")
        lines.append(f"- **Tags**: {', '.join(r['tags'])}")
        if r["answerable"]:
            lines.append(f"- **Expected facts**: {_md_cell('; '.join(r['facts']))}")
            lines.append(f"- **Evidence**: {_md_cell(' … '.join(r['evidence']))}")
            if r["missing_facts"]:
                lines.append(f"- **Missing facts**: {_md_cell('; '.join(r['missing_facts']))}")
            rank = r["first_hit_rank"]
            lines.append(f"- **First evidence hit in top 5**: {rank if rank else 'none'}")
        else:
            lines.append("- **Expected**: a refusal (answerable: false)")
        for p in r["citation_problems"]:
            lines.append(f"- **Citation problem**: {_md_cell(p)}")
        lines.append(f"- **Answered**: {'yes' if r['answered'] else 'no (refused)'}")
        lines.append("- **Answer**:")
        lines += ["  > " + line for line in _short(r["answer"]).split("\n")]
        lines.append(f"- **First citation**: {_md_cell(_first_citation(r))}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# -- html ------------------------------------------------------------------------------------
_CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1a202c}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #cbd5e0;padding:4px 8px}
td:not(:first-child),th:not(:first-child){text-align:right}th{background:#edf2f7}
.fail{border-left:4px solid #c53030;padding:.4em 1em;margin:1em 0;background:#fff5f5}
.kinds{color:#c53030;font-weight:600}blockquote{margin:.3em 0;padding-left:1em;
border-left:3px solid #a0aec0;white-space:pre-wrap}img{max-width:100%}.missed{color:#c53030}
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _html_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _img(b64: str, alt: str) -> str:
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{b64}">'


def render_html(results: Mapping[str, Any]) -> str:
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>Answer-quality evaluation</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Answer-quality evaluation</h1><ul>",
        *(f"<li>{_e(line)}</li>" for line in _summary_lines(results)),
        "</ul><h2>Headline metrics</h2>",
    ]
    with_delta = results.get("compare") is not None
    header = ["metric", "assistant", "baseline"] + (["Δ vs compared run"] if with_delta else [])
    rows = [
        [label, a, b] + ([d] if with_delta else []) for label, a, b, d in headline_rows(results)
    ]
    parts.append(_html_table(header, rows))
    mins = results["thresholds"]["mins"]
    if mins:
        parts.append("<h2>Thresholds</h2><ul>")
        parts += [
            f"<li>{_e(m)} {'≤' if m.startswith('latency') else '≥'} {_e(v)}</li>"
            for m, v in mins.items()
        ]
        missed = results["thresholds"]["missed"]
        missed_li = [f"<li class='missed'>MISSED: {_e(m)}</li>" for m in missed]
        parts += missed_li or ["<li>all met</li>"]
        parts.append("</ul>")
    parts += [
        _img(plot_metric_bars(results), "headline metrics, assistant vs baseline"),
        _img(plot_latency(results), "latency histogram"),
        "<h2>Per tag</h2><p>(A) assistant, (B) baseline.</p>",
        _img(plot_tags(results), "fact recall and recall@5 per tag"),
        _html_table(group_header(), group_rows(results, "by_tag")),
        "<h2>Per language</h2>",
        _html_table(group_header(), group_rows(results, "by_lang")),
    ]
    failed = failed_items(results)
    parts.append(f"<h2>Failed questions ({len(failed)})</h2>")
    for r in failed:
        dl = [("Question", r["q"])]
        if r["history"]:
            dl.append(("History", " → ".join(r["history"])))
        dl.append(("Tags", ", ".join(r["tags"])))
        if r["answerable"]:
            dl.append(("Expected facts", "; ".join(r["facts"])))
            dl.append(("Evidence", " … ".join(r["evidence"])))
            if r["missing_facts"]:
                dl.append(("Missing facts", "; ".join(r["missing_facts"])))
            dl.append(("First evidence hit in top 5", r["first_hit_rank"] or "none"))
        else:
            dl.append(("Expected", "a refusal (answerable: false)"))
        dl += [("Citation problem", p) for p in r["citation_problems"]]
        dl.append(("Answered", "yes" if r["answered"] else "no (refused)"))
        items = "".join(f"<li><b>{_e(k)}</b>: {_e(v)}</li>" for k, v in dl)
        parts.append(
            f"<div class='fail'><h3>{_e(r['id'])} — "
            f"<span class='kinds'>{_e(', '.join(r['failures']))}</span></h3><ul>{items}</ul>"
            f"<b>Answer</b><blockquote>{_e(_short(r['answer']))}</blockquote>"
            f"<b>First citation</b><blockquote>{_e(_first_citation(r))}</blockquote></div>"
        )
    parts.append("</body></html>")
    return "\n".join(parts)


def write_reports(results: Mapping[str, Any], out_dir: Path) -> tuple[Path, Path]:
    """Write report.md and report.html into out_dir; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    md, page = out_dir / "report.md", out_dir / "report.html"
    md.write_text(render_markdown(results), encoding="utf-8")
    page.write_text(render_html(results), encoding="utf-8")
    return md, page
