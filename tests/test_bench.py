"""`lob bench` (the eval/bench package) and its scaled corpus (eval/scaled.py)."""

from __future__ import annotations

import importlib.util
import json
import math

import numpy as np
import pytest
from conftest import CORPUS, make_settings

import eval.bench as bench
from eval.bench.inputs import index_texts, load_queries
from eval.bench.measure import percentiles
from eval.bench.options import DEFAULT_TESTSET, parse_sizes
from eval.bench.standins import DerivedEmbedder
from eval.bench.targets import TARGETS, evaluate_targets
from eval.scaled import (
    DOC_TYPES,
    generate_docs,
    load_pool,
    perturb,
    strip_front_matter,
    write_corpus,
)
from ingest.loaders import load_document


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# -- the scaled corpus -------------------------------------------------------------------------
def test_strip_front_matter_keeps_the_body_after_the_second_rule():
    assert strip_front_matter("---\ntitle: x\n---\nBody\n---\nmore") == "Body\n---\nmore"
    assert strip_front_matter("No front matter\n---\n") == "No front matter\n---\n"


def test_pool_holds_the_corpus_paragraphs_without_front_matter():
    pool = load_pool(CORPUS)
    assert len(pool.blocks) > 20 and pool.headings and len(pool.words) > 100
    assert not any(b.startswith(("title:", "doc_type:", "---")) for b in pool.blocks)
    assert set(pool.doc_types) <= set(DOC_TYPES)


def test_scaled_corpus_is_deterministic(tmp_path):
    a = write_corpus(tmp_path / "a", 300, seed=7)
    b = write_corpus(tmp_path / "b", 300, seed=7)
    c = write_corpus(tmp_path / "c", 300, seed=8)
    assert _files(a.folder) == _files(b.folder)
    assert (a.docs, a.chunks, a.chars) == (b.docs, b.chunks, b.chars)
    assert _files(a.folder) != _files(c.folder)


@pytest.mark.parametrize("n", [50, 400, 1500])
def test_scaled_corpus_yields_about_the_requested_chunks(tmp_path, n):
    c = write_corpus(tmp_path / "s", n, seed=1)
    # At least n, and at most one document (6-36 blocks) more.
    assert n <= c.chunks <= n + 60
    # ... counted as ingest would cut them from the files written (700/100 chunker).
    texts = index_texts(c.folder, make_settings(tmp_path / "data"))
    assert len(texts) == c.chunks


def test_scaled_documents_are_new_documents_with_front_matter(tmp_path):
    c = write_corpus(tmp_path / "s", 400, seed=3, prefix="gen")
    originals = {strip_front_matter(p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.txt")}
    bodies = set()
    for path in c.files:
        doc = load_document(path)
        assert path.stem.startswith("gen-")
        assert doc.metadata["doc_type"] in DOC_TYPES
        assert doc.metadata["title"] and doc.text.startswith(doc.metadata["title"])
        assert doc.text not in originals
        bodies.add(doc.text)
    assert len(bodies) == len(c.files)  # no two generated documents alike


def test_perturb_varies_numbers_and_words_but_keeps_lines():
    import random

    pool = load_pool(CORPUS)
    block = "In 2017 deden 12 scholen mee.\n- eerste punt van de lijst\n- tweede punt"
    outs = {perturb(block, random.Random(s), pool.words) for s in range(20)}
    assert len(outs) > 10
    assert all(o.count("\n") == 2 and o.split("\n")[1].startswith("- ") for o in outs)


def test_write_corpus_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "x.txt").write_text("stale")
    with pytest.raises(FileExistsError):
        write_corpus(tmp_path, 10)


def test_generate_docs_stops_once_enough_chunks():
    docs = list(generate_docs(30, seed=2))
    assert sum(d.n_chunks for d in docs) >= 30
    assert sum(d.n_chunks for d in docs[:-1]) < 30


# -- bench helpers -----------------------------------------------------------------------------
def test_parse_sizes():
    assert parse_sizes("10000,1000") == [1000, 10000]
    assert parse_sizes("1k, 100k,1e4") == [1000, 10000, 100000]
    with pytest.raises(ValueError):
        parse_sizes(",")


def test_lob_bench_help_lists_every_option():
    import inspect

    from typer.testing import CliRunner

    from assistant.cli import app
    from eval.bench.options import bench_command

    r = CliRunner().invoke(app, ["bench", "--help"], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    names = [f"--{p.replace('_', '-')}" for p in inspect.signature(bench_command).parameters]
    assert len(names) >= 16
    missing = [n for n in names if n not in r.output]
    assert not missing, missing


def test_bad_options_are_refused_before_anything_runs(tmp_path, capsys):
    assert bench.main(["--sizes", ",", "--out", str(tmp_path / "out")]) == 2
    assert bench.main(["--queries", "0", "--out", str(tmp_path / "out")]) == 2
    assert "--sizes" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_percentiles():
    p = percentiles([float(i) for i in range(1, 101)])
    assert p["n"] == 100 and p["p50"] == pytest.approx(50.5) and p["p95"] == pytest.approx(95.05)
    assert math.isnan(percentiles([])["p50"])


def test_derived_vectors_are_deterministic_unit_and_near_a_base_vector():
    rng = np.random.default_rng(0)
    base = rng.normal(size=(20, 384)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    e = DerivedEmbedder(base, noise=0.3, seed=5)
    a = e.embed_passages(["een", "twee", "een"])
    assert a.shape == (3, 384) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(a[0], a[2]) and not np.array_equal(a[0], a[1])
    assert np.array_equal(a, DerivedEmbedder(base, 0.3, 5).embed_passages(["een", "twee",
                                                                                  "een"]))
    nearest = (a @ base.T).max(axis=1)
    assert np.all(nearest > 0.9)
    assert e.passages == 3 and e.name == "e5"


def test_load_queries_spreads_measured_and_keeps_warmup_apart():
    measured, warm = load_queries(DEFAULT_TESTSET, 10, 3)
    assert len(measured) == 10 and len(warm) == 3
    assert not {m["q"] for m in measured} & {w["q"] for w in warm}
    assert all(isinstance(m["history"], list) for m in measured)


def _row(size, chunks, search, ask, noop=1.0, peak=500.0):
    pct = lambda v: {"p50": v, "p95": 2 * v}  # noqa: E731
    return {"size": size, "chunks": chunks, "search_ms": pct(search), "ask_ms": pct(ask),
            "noop_reingest_s": noop, "serve_memory": {"peak_mb": peak},
            "ingest_memory": {"peak_mb": peak}}


def test_latency_floor_and_ingest_ratio_targets():
    rows = [_row(100000, 100000, 30, 40)]
    rows[0]["ask_over_embed_p50"] = 1.25
    lc = {"ingest": {"e5": {"chunks_per_s": 10.0}}}
    for ours, status in ((8.0, "PASS"), (7.9, "FAIL")):
        res = {"ingest": {"ingest": {"chunks_per_s": ours}}, "baseline": lc, "sizes": rows}
        t = {x["key"]: x for x in evaluate_targets(res)}
        assert t["ingest_vs_langchain_e5"]["value"] == pytest.approx(ours / 10)
        assert t["ingest_vs_langchain_e5"]["status"] == status
        assert t["ask_over_embed_100k"]["status"] == "PASS"
    rows[0]["ask_over_embed_p50"] = 1.31
    t = {x["key"]: x for x in evaluate_targets({"ingest": {}, "sizes": rows})}
    assert t["ask_over_embed_100k"]["status"] == "FAIL"


def test_targets_pass_fail_and_growth():
    results = {
        "ingest": {"overhead_ratio": 1.2},
        "sizes": [_row(1000, 1000, 10, 40), _row(10000, 10000, 20, 60, noop=6.0),
                  _row(100000, 100000, 30, 100, peak=2500.0)],
    }
    t = {x["key"]: x for x in evaluate_targets(results)}
    assert t["ask_p50_10k"]["status"] == "FAIL"  # 60 > 50
    assert t["ask_p95_10k"]["status"] == "PASS"  # 120 <= 150
    assert t["ask_p95_100k"]["status"] == "PASS"  # 200 <= 300
    assert t["serve_peak_100k"]["status"] == "FAIL"
    assert t["ingest_overhead"]["status"] == "FAIL"
    assert t["noop_10k"]["status"] == "FAIL"
    assert t["search_growth"]["value"] == pytest.approx(math.log(3) / math.log(100), abs=1e-3)
    assert t["search_growth"]["status"] == "PASS"
    assert t["ask_over_embed_100k"]["status"] == "n/a"  # not measured in these rows
    assert t["ingest_vs_langchain_e5"]["status"] == "n/a"  # no baseline
    only_1k = evaluate_targets({"ingest": {}, "sizes": [_row(1000, 1000, 10, 40)]})
    assert {x["status"] for x in only_1k} == {"n/a"}


# -- a tiny end-to-end run -----------------------------------------------------------------------
SIZE_KEYS = {
    "size", "chunks", "docs", "vectors", "build_s", "build_timings", "noop_reingest_s", "noop",
    "disk", "search_ms", "ask_ms", "ask_split_ms", "ask_repeat_ms", "first_answer_ms", "load_s",
    "serve_memory", "ingest_memory", "embed_query_ms", "ask_over_embed_p50",
    "embed_question_ms", "ask_over_question_p50",
}


def _sane_latency(p):
    return p["n"] > 0 and 0 < p["p50"] <= p["p95"] < 60_000


def _run_bench(tmp_path, *args: str) -> dict:
    """`lob bench` with these arguments into tmp_path; its bench.json, after exit code 0."""
    out = tmp_path / "out"
    rc = bench.main([*args, "--out", str(out), "--work", str(tmp_path / "work"), "--no-progress"])
    assert rc == 0
    return json.loads((out / "bench.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_tiny_bench_run_writes_all_keys_and_sane_numbers(tmp_path):
    out = tmp_path / "out"
    res = _run_bench(
        tmp_path, "--sizes", "200", "--base", "10", "--queries", "5", "--warmup", "1",
        "--no-baseline",
    )
    assert {"meta", "ingest", "sizes", "baseline", "targets"} <= set(res)
    assert res["baseline"] is None
    assert (out / "bench.md").read_text(encoding="utf-8").startswith("# lob bench")
    assert (out / "bench.png").stat().st_size > 1000

    ing = res["ingest"]
    # The raw row embeds exactly what ingest embedded: the chunks; the sentences are filled
    # after it (LOB_SENTENCE_FILL=background), timed apart.
    assert ing["sentence_fill"] == "background"
    assert ing["chunks"] >= 10 and ing["sentences"] == ing["fill"]["sentences"] > ing["chunks"]
    assert ing["raw_embed"]["texts"] == ing["chunks"]
    assert ing["fill"]["seconds"] > 0 and ing["fill"]["chunks_per_s"] > 0
    assert ing["end_to_end"]["chunks_per_s"] < ing["ingest"]["chunks_per_s"]
    assert 0 < ing["raw_embed"]["chunks_only_per_s"]
    assert ing["raw_embed"]["seconds"] > 0 and ing["ingest"]["seconds"] > 0
    assert set(ing["ingest"]["timings"]) == {"parse", "chunk", "embed", "index"}
    assert ing["ingest"]["chunks_per_s"] > 0 and ing["raw_embed"]["chunks_per_s"] > 0
    assert ing["overhead_ratio"] > 0  # a ratio of timings: printed by the bench, not judged here
    assert ing["noop"]["chunks_embedded"] == 0 and not ing["noop"]["changed"]

    (row,) = res["sizes"]
    assert SIZE_KEYS <= set(row)
    assert row["size"] == 200 and 200 <= row["chunks"] <= 260 and row["vectors"] == "derived"
    for key in ("search_ms", "embed_query_ms", "embed_question_ms", "ask_ms", "ask_repeat_ms"):
        assert _sane_latency(row[key]) and row[key]["n"] == 5
    # The ratio is the two p50s' (rounded). Whether an answer's p50 stands above its
    # embedding's is a timing, printed by the bench and not judged here: with 5 questions on
    # a shared 2-core machine (load 2.3) it came out 0.93 once.
    assert row["ask_over_embed_p50"] == pytest.approx(
        row["ask_ms"]["p50"] / row["embed_query_ms"]["p50"], rel=0.05)
    assert row["ask_over_embed_p50"] > 0
    assert row["ask_over_question_p50"] == pytest.approx(
        row["ask_ms"]["p50"] / row["embed_question_ms"]["p50"], rel=0.05)
    # A no-op re-ingest embeds nothing and changes nothing.
    assert row["noop"]["chunks_embedded"] == 0 and row["noop"]["passages_sent_to_model"] == 0
    assert not row["noop"]["changed"] and 0 < row["noop_reingest_s"] < 30
    assert row["disk"]["total_mb"] > 0 and row["disk"]["chroma_mb"] > 0
    assert row["disk"]["bm25_mb"] > 0
    for mem in (row["serve_memory"], row["ingest_memory"]):
        assert 50 < mem["peak_mb"] < 8000 and 0 < mem["rss_mb"] <= mem["peak_mb"] + 1
    keys = {t["key"] for t in res["targets"]}
    assert keys == {k for k, *_ in TARGETS}
    status = {t["key"]: t["status"] for t in res["targets"]}
    assert status["ingest_overhead"] in ("PASS", "FAIL") and status["noop_10k"] == "n/a"


@pytest.mark.slow
def test_tiny_bench_with_baseline_and_server(tmp_path):
    res = _run_bench(
        tmp_path, "--sizes", "10,150", "--base", "10", "--queries", "3", "--warmup", "1",
        "--server",
    )
    b = res["baseline"]
    # MiniLM needs langchain-huggingface (and torch); without it that half is skipped, said so.
    has_minilm = importlib.util.find_spec("langchain_huggingface") is not None
    assert set(b["ingest"]) == ({"minilm", "e5"} if has_minilm else {"e5"})
    assert has_minilm or b["minilm_skipped"]
    for lc in b["ingest"].values():
        assert lc["chunks"] > 0 and lc["chunks_per_s"] > 0 and lc["embed_index_s"] > 0
    small, big = res["sizes"]
    assert small["vectors"] == "real" and big["vectors"] == "derived"
    for row in (small, big):
        assert _sane_latency(row["server"]["search_ms"])
        assert row["server"]["chunks"] == row["chunks"]
        assert _sane_latency(row["langchain_e5_search_ms"])
        assert not has_minilm or _sane_latency(row["langchain_minilm_search_ms"])
    assert "search_growth" in {t["key"] for t in res["targets"]}
    assert b["ratios"][str(big["size"])]["search_p50_ours_over_langchain_e5"] > 0
