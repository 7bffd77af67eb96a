"""The evaluation end to end on the real bundled-corpus index and the real test set.

One full run (assistant + baseline) is shared by the module; a second run through the CLI
checks --compare and --min without the baseline, to keep the file well under 90 s.
"""

from __future__ import annotations

import copy
import html
import json

import pytest
from conftest import PROJECT_ROOT

from eval.report import render_html, render_markdown
from eval.run import METRICS, main, run_eval

TESTSET = PROJECT_ROOT / "eval" / "testset.jsonl"
# The CI gate on the original test set (same as the Makefile's `eval`): issue 15 asks it to
# stay at >= 0.9 fact recall (measured 0.911; refusal recall 0.818, 18 of 22, false refusals
# 0.036). It is training data (eval/train.py: DEFAULT_SETS); the held-out fold is the
# evidence (tests/test_quality_gate.py). Its refusal floor (13 of 22) is the level of the
# model trained without the fresh folds, which retraining moved between 0.591 and 0.773.
GATE = {"recall@5": 0.9, "fact_recall": 0.9, "citation_support": 0.9, "refusal_recall": 0.59}


@pytest.fixture(scope="module")
def first_run(corpus_index, tmp_path_factory):
    out = tmp_path_factory.mktemp("eval-run")
    results, code = run_eval(corpus_index, TESTSET, out_dir=out, mins=GATE, progress=False)
    return results, code, out


def test_writes_results_and_reports(first_run):
    results, code, out = first_run
    for name in ("results.json", "report.md", "report.html"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    saved = json.loads((out / "results.json").read_text(encoding="utf-8"))
    n = sum(1 for line in TESTSET.read_text(encoding="utf-8").splitlines() if line.strip())
    assert saved["meta"]["n_items"] == n
    for system in ("assistant", "baseline"):
        part = saved[system]
        assert set(METRICS) <= set(part["overall"]), system
        assert len(part["items"]) == n
        assert {"nl", "en"} <= set(part["by_lang"])
        assert "followup" in part["by_tag"] and "unanswerable" in part["by_tag"]
        record = part["items"][0]
        for key in ("id", "q", "history", "tags", "lang", "answerable", "answer", "refused",
                    "facts_ok", "missing_facts", "first_hit_rank", "citation_support",
                    "citation_valid", "timings_ms"):
            assert key in record, key
    assert saved["assistant"]["overall"]["latency_ms"]["total"]["p50"] > 0


def test_ci_gate_holds_for_the_assistant(first_run):
    results, code, _ = first_run
    overall = results["assistant"]["overall"]
    print("\n" + "  ".join(f"{m} {overall[m]}" for m in METRICS))
    for metric, floor in GATE.items():
        assert overall[metric] >= floor, (metric, overall[metric])
    assert results["thresholds"]["missed"] == [] and code == 0
    # Citations are verbatim spans of their documents, always.
    assert overall["citation_validity"] == 1.0


def test_assistant_beats_the_baseline_and_the_baseline_never_refuses(first_run):
    results, _, _ = first_run
    a, b = results["assistant"]["overall"], results["baseline"]["overall"]
    assert all(r["answered"] and not r["refused"] for r in results["baseline"]["items"])
    assert b["refusal_recall"] == 0.0 and b["refusal_precision"] is None
    assert a["fact_recall"] > b["fact_recall"]
    assert a["recall@5"] >= b["recall@5"]
    # The baseline answers with its top chunk and cites it.
    for r in results["baseline"]["items"]:
        assert r["answer"].endswith(" [1]") and r["answer"][: -len(" [1]")] == (
            r["citations"][0]["text"]
        )
        assert r["citation_valid"], r["citation_problems"]


def test_html_report_has_plots_and_escapes_text(first_run):
    results, _, out = first_run
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("<img") >= 3 and "data:image/png;base64," in page
    assert "Failed questions" in page
    failed = [r for r in results["assistant"]["items"] if r["failures"]]
    for r in failed:
        assert html.escape(r["q"], quote=True) in page
    # Markup in a question or an answer is shown, never interpreted.
    hostile = copy.deepcopy(results)
    record = next(r for r in hostile["assistant"]["items"] if r["failures"])
    record["q"] = "<script>alert('x')</script> & <b>vet</b>"
    record["answer"] = "<img src=x onerror=alert(1)> [1]"
    page = render_html(hostile)
    assert "<script>" not in page and "<b>vet</b>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;vet&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script>" in render_markdown(hostile)  # markdown is plain text, left as written


def test_cli_compare_and_impossible_min(first_run, corpus_index, tmp_path, monkeypatch, capsys):
    results, _, out = first_run
    # A slice of the set keeps this second run short; its deltas against the full run are
    # known exactly from the two results.
    subset = tmp_path / "subset.jsonl"
    subset.write_text(
        "".join(line + "\n" for line in TESTSET.read_text(encoding="utf-8").splitlines()[:12]),
        encoding="utf-8",
    )
    monkeypatch.setenv("LOB_DATA_DIR", str(corpus_index.data_dir))
    code = main([
        "--set", str(subset), "--out", str(tmp_path / "out"),
        "--compare", str(out / "results.json"),
        "--min", "recall@5=1.01", "--min", "latency_p95_ms=0.001", "--no-baseline",
        "--no-progress",
    ])
    assert code == 1
    err = capsys.readouterr().err
    assert "recall@5" in err and "below the minimum 1.01" in err
    assert "latency_p95_ms" in err and "above the maximum 0.001" in err
    saved = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert saved["baseline"] is None and len(saved["thresholds"]["missed"]) == 2
    old, new = results["assistant"]["overall"], saved["assistant"]["overall"]
    delta = saved["compare"]["delta"]
    for metric in ("recall@5", "fact_recall"):
        assert delta[metric] == pytest.approx(new[metric] - old[metric])
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "Δ vs compared run" in md
    row = next(line for line in md.splitlines() if line.startswith("| Recall@5 |"))
    assert row.rstrip().endswith(f"| {delta['recall@5']:+.3f} |"), row


def test_unknown_metric_is_rejected_before_running(tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["--min", "accuracy=0.5", "--out", str(tmp_path)])
    assert exc.value.code == 2
    with pytest.raises(ValueError):
        run_eval(None, TESTSET, out_dir=tmp_path, mins={"accuracy": 0.5})  # type: ignore[arg-type]
