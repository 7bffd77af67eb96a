"""The benchmark's report: bench.md (also printed), bench.json and the latency plot."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any


def _f(v: Any, nd: int = 1) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if isinstance(v, float):
        return f"{v:,.{nd}f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def _pp(d: dict | None) -> str:
    return "–" if not d else f"{_f(d['p50'])} / {_f(d['p95'])}"


def render_markdown(results: dict) -> str:
    m = results["meta"]
    lines = [
        "# lob bench",
        "",
        f"{m['started']} · {m['machine']['cpus']} CPUs · Python {m['machine']['python']} · "
        f"load average {m.get('loadavg_start')} → {m.get('loadavg_end')} · "
        f"{m['queries']} queries after {m['warmup_queries']} warm-up, k={m['k']} · "
        f"{m.get('seconds', '?')} s in all",
        "",
        "## Query latency, disk and memory per size",
        "",
        "Latencies in ms as p50 / p95. *answer*: `Assistant.ask`, each question the first time "
        "in the process; *query embedding*: the embedding of what its search encodes (the "
        "question; a follow-up with its previous turn) alone, timed just before its answer "
        "(the answer's floor), and *answer / query embedding* the ratio of their p50s; *answer "
        "/ bare question's embedding*: the same over the question as typed (a follow-up's is "
        "shorter than its query); "
        "*again*: the same questions a second time (sentence vectors cached). "
        "Memory: peak (ru_maxrss) of the process that served the queries, and of the one that "
        "built the index.",
        "",
        "| chunks | vectors | search | query embedding | answer | answer / query embedding "
        "| answer / bare question's embedding | answer again "
        "| LangChain e5 search "
        "| LangChain MiniLM search | server search | build s | no-op re-ingest s | disk MB "
        "| serve peak / RSS MB | ingest peak MB |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results["sizes"]:
        srv = r.get("server", {}).get("search_ms")
        lines.append(
            f"| {_f(r['chunks'])} | {r['vectors']} | {_pp(r['search_ms'])} "
            f"| {_pp(r.get('embed_query_ms'))} | {_pp(r['ask_ms'])} "
            f"| {_f(r.get('ask_over_embed_p50'), 2)} | {_f(r.get('ask_over_question_p50'), 2)} "
            f"| {_pp(r['ask_repeat_ms'])} | {_pp(r.get('langchain_e5_search_ms'))} "
            f"| {_pp(r.get('langchain_minilm_search_ms'))} | {_pp(srv)} "
            f"| {_f(r['build_s'])} | {_f(r['noop_reingest_s'], 2)} | {_f(r['disk']['total_mb'])} "
            f"| {_f(r['serve_memory']['peak_mb'], 0)} / {_f(r['serve_memory']['rss_mb'], 0)} "
            f"| {_f(r['ingest_memory']['peak_mb'], 0)} |"
        )
    split = [
        f"{_f(r['chunks'])}: retrieve {_f(r['ask_split_ms'].get('retrieve'))} ms + "
        f"answer {_f(r['ask_split_ms'].get('answer'))} ms"
        for r in results["sizes"] if r.get("ask_split_ms")
    ]
    if split:
        lines += ["", "Median split of a full answer: " + "; ".join(split) + "."]

    ing = results.get("ingest") or {}
    if ing:
        t = ing["ingest"]["timings"]
        n = ing["chunks"]
        lines += [
            "",
            "## Ingest throughput (real e5, new text)",
            "",
            "| pipeline | texts embedded | seconds | chunks/s | parse | chunk | embed | index "
            "| time / model time |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| raw `embed_passages()`, same batches, paired "
            f"| {_f(ing['raw_embed']['texts'])} | {_f(ing['raw_embed']['seconds'])} "
            f"| {_f(ing['raw_embed'].get('chunks_only_per_s'))} | | | | | 1.00 |",
            f"| ours: `ingest()` | {_f(n)} chunks + {_f(ing.get('sentences', 0))} sentences "
            f"| {_f(ing['ingest']['seconds'])} "
            f"| {_f(ing['ingest']['chunks_per_s'])} | {_f(t.get('parse'), 2)} s "
            f"| {_f(t.get('chunk'), 2)} s | {_f(t.get('embed'), 1)} s | {_f(t.get('index'), 2)} s "
            f"| {_f(ing['overhead_ratio'], 3)} |",
        ]
        fill = ing.get("fill") or {}
        if fill.get("sentences"):
            lines.append(
                f"| ours: sentence fill after it | {_f(fill['sentences'])} sentences "
                f"| {_f(fill['seconds'])} | {_f(fill.get('chunks_per_s'))} | | | | "
                f"| {_f(fill.get('overhead_ratio'), 3)} |"
            )
            e2e = ing.get("end_to_end") or {}
            lines.append(
                f"| ours: ingest + fill | | {_f(e2e.get('seconds'))} "
                f"| {_f(e2e.get('chunks_per_s'))} | | | | | |"
            )
        b = results.get("baseline")
        if b:
            for name, lc in b["ingest"].items():
                idx = lc["embed_index_s"] - lc.get("embed_s", 0.0)
                lines.append(
                    f"| LangChain + {name} (same folder) | {_f(lc['chunks'])} "
                    f"| {_f(lc['seconds'])} | {_f(lc['chunks_per_s'])} | {_f(lc['load_s'], 2)} s "
                    f"| {_f(lc['split_s'], 2)} s | {_f(lc.get('embed_s'), 1)} s | {_f(idx, 2)} s "
                    f"| {_f(lc.get('time_over_embed'), 3)} (own embed calls) |"
                )
        lines += [
            "",
            "Ours embeds each chunk's sentences too (`LOB_SENTENCE_VECTORS`), so that answers "
            "embed only the question: within the ingest (`LOB_SENTENCE_FILL=ingest`) or after "
            f"it (`background`; this run: {ing.get('sentence_fill', 'ingest')}), when the "
            "index is already searchable and answers embed what they miss. The raw row embeds "
            "the very texts of the ingest, and its chunks/s is the rate of the chunks alone "
            "(the raw time of the chunk batches). "
            f"Cores used: ingest {_f(ing['ingest'].get('cores'), 2)}, fill "
            f"{_f(fill.get('cores'), 2)}; load average {ing.get('loadavg_at')}. "
            f"Per stage (chunks/s): {ing['ingest']['stage_chunks_per_s']}. Embedding inside "
            f"the pipeline took {_f(ing['embed_in_pipeline_ratio'], 3)}× the raw time; "
            f"everything else {_f(ing['non_embed_s'], 2)} s. In CPU time the ratio is "
            f"{_f(ing.get('overhead_ratio_cpu'), 3)}. Model load "
            f"{_f(ing['model_load_s'], 2)} s (not counted). The raw calls are paired with the "
            "pipeline's own (each batch embedded once more, timed apart), so both see the "
            "same machine load.",
        ]
    b = results.get("baseline")
    if b and b.get("ratios"):
        lines += ["", "## Against the plain LangChain pipeline (ratios)", ""]
        for k, v in b["ratios"].items():
            if isinstance(v, dict):
                if v:
                    lines.append(f"- {k} chunks: " + ", ".join(f"{a} = {_f(x, 2)}"
                                                                for a, x in v.items()))
            else:
                lines.append(f"- {k} = {_f(v, 3)}")
    lines += ["", "## Targets", "", "| target | value | status |", "|---|---:|---|"]
    for t in results["targets"]:
        lines.append(f"| {t['target']} | {_f(t['value'], 3 if 'growth' in t['key'] else 2)} "
                     f"| {t['status']} |")
    lines += ["", f"Derived vectors: {m['derived_vectors']}.", ""]
    return "\n".join(lines)


def plot(results: dict, path: Path) -> Path | None:
    rows = results["sizes"]
    if not rows:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = [r["chunks"] for r in rows]
    fig, ax = plt.subplots(figsize=(9.5, 4.5), dpi=110)
    series = [
        ("embed_query_ms", "query embedding alone", "C6"),
        ("search_ms", "search (ours)", "C0"), ("ask_ms", "full answer (ours)", "C1"),
        ("ask_repeat_ms", "full answer, again", "C2"),
        ("langchain_e5_search_ms", "LangChain e5 search", "C3"),
        ("langchain_minilm_search_ms", "LangChain MiniLM search", "C4"),
    ]
    for key, label, color in series:
        if all(key in r for r in rows):
            ax.plot(x, [r[key]["p50"] for r in rows], "o-", color=color, label=f"{label} p50")
            ax.plot(x, [r[key]["p95"] for r in rows], "o--", color=color, alpha=0.5,
                    label=f"{label} p95")
    if all("server" in r for r in rows):
        ax.plot(x, [r["server"]["search_ms"]["p50"] for r in rows], "s-", color="C5",
                label="search via chroma server p50")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("chunks in the index")
    ax.set_ylabel("latency (ms)")
    ax.set_title("Warm query latency vs index size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.02, 0.5))
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def write_outputs(results: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    png = plot(results, out / "bench.png")
    results["meta"]["plot"] = str(png) if png else None
    (out / "bench.json").write_text(json.dumps(results, indent=1, ensure_ascii=False),
                                    encoding="utf-8")
    (out / "bench.md").write_text(render_markdown(results), encoding="utf-8")
