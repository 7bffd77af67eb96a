"""The Dutch web front end (Gradio), mounted by the API at /ui.

It talks to the assistant only through `LobService`'s public methods. Everything that comes
from a document or a user is escaped here: Gradio sanitises HTML but does not escape it.
Links in document text stay text: the chat does not render Markdown (see `safe_text`), and
the only anchors are the UI's own links to sources. Errors reach users as plain Dutch; the
details go to the log.

Each answer carries its own sources in its bubble: `[n]` is a link to the source view (the
quoted sentence highlighted) with a card on hover or focus, and the numbered list below the
answer stays with it, so an earlier answer stays checkable after follow-ups.
"""

from __future__ import annotations

import html
import logging
import os
import re
from importlib import resources

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402
import httpx  # noqa: E402
import yaml  # noqa: E402

from assistant.service import InvalidInput, QuestionTooLong  # noqa: E402
from core.sources import (  # noqa: E402
    Notice,
    Source,
    card_meta,
    date_label,
    snippet,
    view_url,
)
from core.store import StoreUnavailable  # noqa: E402
from ui import page  # noqa: E402

log = logging.getLogger("lob.ui")

# The example questions are about the documents served, so they are data (ui/examples.yaml).
EXAMPLES: list[str] = [
    str(q) for q in yaml.safe_load(
        resources.files("ui").joinpath("examples.yaml").read_text("utf-8")
    ).get("examples") or []
]
ALL = "alle typen"
CSS = page.CSS  # kept for callers that mount the UI themselves

STORE_DOWN = (
    "De documentenopslag is nu niet bereikbaar. Probeer het over een paar minuten opnieuw."
)
TOO_SLOW = "Het antwoord duurde te lang. Probeer het over een paar minuten opnieuw."
FAILED = (
    "Er ging iets mis. Probeer het opnieuw; blijft het misgaan, meld het dan bij de beheerder."
)
# Links to a source open a tab of their own; rel="opener" lets that tab's "terug naar het
# gesprek" close it and return here (a chat's state lives in this page).
LINK_ATTRS = 'target="_blank" rel="opener"'
SEARCH_SNIPPET = 320


def _store_down(exc: BaseException) -> bool:
    """Chroma's HTTP client raises httpx and connection errors when its server is gone."""
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, StoreUnavailable | ConnectionError | httpx.TransportError):
            return True
        e = e.__cause__ or e.__context__
    return False


def user_message(exc: BaseException) -> str:
    """What a teacher reads when something fails: plain Dutch, never the exception's text."""
    if _store_down(exc):
        return STORE_DOWN
    if isinstance(exc, TimeoutError):
        return TOO_SLOW
    return FAILED


def safe_text(text: str) -> str:
    """Plain text for a chat bubble. The Chatbot renders no Markdown (render_markdown=False),
    so a URL or `[x](y)` from a document is never made into a link, and the exact text stays
    readable and copyable (no zero-width characters or backslashes inserted). What is left to
    the browser is HTML, so it is escaped."""
    return html.escape(text)


def _esc(x: object) -> str:
    return html.escape(str(x), quote=True)


# -- an answer's bubble --------------------------------------------------------------------
def _cite(s: Source, turn: int) -> str:
    """`[n]` as a link to the source view, with its card shown on hover and focus."""
    card_id = f"t{turn}-c{s.n}"
    meta = " · ".join(_esc(x) for x in card_meta(s))
    quote = f'<span class="q">“{_esc(s.quote)}”</span>' if s.quote else ""
    return (
        f'<span class="cite-wrap"><a class="cite" href="{_esc(s.url)}" {LINK_ATTRS} '
        f'aria-describedby="{card_id}">[{s.n}]</a>'
        f'<span class="cite-card" role="tooltip" id="{card_id}">'
        f'<span class="t">{_esc(s.title)}</span><span class="m">{meta}</span>{quote}</span>'
        "</span>"
    )


def _source_card(s: Source) -> str:
    meta = " · ".join(_esc(x) for x in card_meta(s))
    return (
        f'<li class="source-card"><a class="source-link" href="{_esc(s.url)}" {LINK_ATTRS}>'
        f"[{s.n}] {_esc(s.title)}</a>"
        f'<span class="meta">{meta}</span>'
        f'<div class="snippet">“{_esc(s.quote)}”</div></li>'
    )


_MARK = re.compile(r"\[(\d+)\]")


def answer_html(
    text: str, answerable: bool, sources: list[Source], notices: list[Notice], turn: int
) -> str:
    """One answer's bubble: the answer with its `[n]` as links, the notices of newer
    documents, and its own numbered sources (collapsible)."""
    by_n = {s.n: s for s in sources}
    body = _MARK.sub(
        lambda m: _cite(by_n[int(m.group(1))], turn) if int(m.group(1)) in by_n
        else m.group(0),
        _esc(text),
    )
    notes = "".join(
        f'<p class="notice" role="note">{_MARK.sub(lambda m: _notice_ref(m, by_n), _esc(n.text))}'
        "</p>"
        for n in notices
    )
    listed = ""
    if sources:
        head = "Bronnen" if answerable else "Mogelijk relevant (geen antwoord gevonden)"
        cards = "".join(_source_card(s) for s in sources)
        listed = (
            f'<details class="answer-sources" open><summary>{head} ({len(sources)})</summary>'
            f"<ol>{cards}</ol></details>"
        )
    cls = "answer-text" if answerable else "answer-text refused"
    return f'<div class="answer"><p class="{cls}">{body}</p>{notes}{listed}</div>'


def _notice_ref(m: re.Match, by_n: dict[int, Source]) -> str:
    s = by_n.get(int(m.group(1)))
    if s is None:
        return m.group(0)
    return f'<a class="cite" href="{_esc(s.url)}" {LINK_ATTRS}>[{s.n}]</a>'


_CARD = re.compile(r'<span class="cite-card".*?</span></span>', re.S)
_LIST = re.compile(r'<details class="answer-sources".*?</details>', re.S)
_TAG = re.compile(r"<[^>]+>")


def plain_answer(bubble: str) -> str:
    """The answer's own text back from its bubble (for feedback): no cards, no source list."""
    text = _TAG.sub("", _LIST.sub("", _CARD.sub("", bubble)))
    return html.unescape(text).strip()


def answer_turn(service, message: str, chat: list, asked: list[str], doc_type: str | None):
    """One chat turn: (new textbox value, chat, status for screen readers, asked questions).
    The answer's sources are in its bubble."""
    message = (message or "").strip()
    if not message:
        return "", chat, gr.skip(), asked
    filters = None if doc_type in (None, ALL) else [doc_type]
    try:
        result = service.ask(message, asked, doc_types=filters)
        sources, notices = service.sources(result)
    except QuestionTooLong as exc:  # the service's check; its limit, said in Dutch
        chat = chat + [
            {"role": "user", "content": safe_text(message[:200] + " …")},
            {"role": "assistant", "content": f"Die vraag is te lang (max. {exc.limit} tekens)."},
        ]
        return "", chat, "", asked
    except InvalidInput:
        chat = chat + [
            {"role": "user", "content": safe_text(message[:200])},
            {"role": "assistant", "content": "Die vraag kan ik niet lezen. Typ hem opnieuw."},
        ]
        return "", chat, "", asked
    except Exception as exc:
        # The details (not the question: AVG) go to the log, a plain sentence to the user.
        log.exception("answering a question in the UI failed")
        chat = chat + [
            {"role": "user", "content": safe_text(message)},
            {"role": "assistant", "content": safe_text(user_message(exc))},
        ]
        return message, chat, "", asked  # the question stays in the box to try again
    turn = len(chat) // 2
    bubble = answer_html(result.answer, result.answerable, sources, notices, turn)
    chat = chat + [
        {"role": "user", "content": safe_text(message)},
        {"role": "assistant", "content": bubble},
    ]
    status = (
        f"Antwoord ontvangen met {len(sources)} bron{'nen' if len(sources) != 1 else ''}."
        if result.answerable else "Geen antwoord gevonden in de documenten."
    )
    return "", chat, status, asked + [message]


# -- search --------------------------------------------------------------------------------
def diversify(hits: list[dict], k: int, per_doc: int = 2) -> list[dict]:
    """The best `k` hits with at most `per_doc` from one document, in rank order; the rest
    of a document's hits fill up only when too few documents match."""
    taken, spare, count = [], [], {}
    for h in hits:
        if count.get(h["doc_id"], 0) < per_doc:
            count[h["doc_id"]] = count.get(h["doc_id"], 0) + 1
            taken.append(h)
        else:
            spare.append(h)
    return (taken + spare)[:k] if len(taken) < k else taken[:k]


def relevance(score: float, best: float) -> tuple[str, int]:
    """A word and a bar width (percent) for a hit's score relative to the best hit's: the
    fused scores mean nothing on their own."""
    ratio = score / best if best > 0 else 0.0
    word = "zeer relevant" if ratio >= 0.8 else "relevant" if ratio >= 0.5 else "mogelijk relevant"
    return word, max(8, round(100 * ratio))


def search_results(hits: list[dict]) -> str:
    if not hits:
        return "<p>Geen passages gevonden.</p>"
    best = max(h["score"] for h in hits)
    rows = []
    for n, h in enumerate(hits, start=1):
        word, width = relevance(h["score"], best)
        meta = " · ".join(_esc(x) for x in (h.get("doc_type"), h.get("date_label"),
                                             h.get("section")) if x)
        url = view_url(h["doc_id"], h["start"], h["end"])
        rows.append(
            f'<li class="source-card"><a class="source-link" href="{_esc(url)}" {LINK_ATTRS}>'
            f"{n}. {_esc(h['title'])}</a> "
            f'<span class="rel"><span class="bar" aria-hidden="true"><i style="width:{width}%">'
            f"</i></span>{word}</span>"
            f'<span class="meta">{meta}</span>'
            f'<div class="snippet">{_esc(snippet(h["text"], SEARCH_SNIPPET))}</div></li>'
        )
    return f'<ol class="doc-list">{"".join(rows)}</ol>'


def run_search(service, query: str, doc_type: str | None, k: float) -> str:
    """The search tab's results as HTML (escaped), or a plain Dutch error."""
    if not (query or "").strip():
        return "<p>Typ een zoekvraag.</p>"
    filters = None if doc_type in (None, ALL) else [doc_type]
    k = int(k)
    try:
        # Three times as many as shown, so that one document cannot fill the list.
        hits = [h.public() for h in service.search(query.strip(), 3 * k, doc_types=filters)]
        dates = {d.doc_id: d.date for d in service.documents()}
    except InvalidInput:
        return "<p>Die zoekvraag kan ik niet lezen. Typ hem opnieuw.</p>"
    except Exception as exc:
        log.exception("searching in the UI failed")
        return f'<p class="ui-error">{_esc(user_message(exc))}</p>'
    for h in hits:
        h["date_label"] = date_label(dates.get(h["doc_id"]))
    return search_results(diversify(hits, k))


# -- documents -----------------------------------------------------------------------------
def documents_html(docs: list) -> str:
    """The corpus as a readable list: each title opens its document."""
    if not docs:
        return "<p>Er zijn nog geen documenten.</p>"
    items = []
    for d in sorted(docs, key=lambda d: ((d.title or d.doc_id).lower())):
        meta = " · ".join(_esc(x) for x in (
            d.doc_type, d.publisher, date_label(d.date),
            f"{d.n_chunks} passage{'s' if d.n_chunks != 1 else ''}",
        ) if x)
        items.append(
            f'<li class="source-card"><a class="source-link" href="{_esc(view_url(d.doc_id))}" '
            f'{LINK_ATTRS}>{_esc(d.title or d.doc_id)}</a><span class="meta">{meta}</span></li>'
        )
    return f'<p>{len(docs)} documenten.</p><ul class="doc-list">{"".join(items)}</ul>'


def build_ui(service) -> gr.Blocks:
    try:
        types = [ALL, *service.doc_types()]
    except Exception as exc:  # the store is down at start-up: the filter offers "all" only
        log.warning("document types unavailable for the UI: %s", type(exc).__name__)
        types = [ALL]

    def respond(message: str, chat: list, asked: list[str], doc_type: str):
        return answer_turn(service, message, chat, asked, doc_type)

    def like(data: gr.LikeData, chat: list, asked: list[str]):
        idx = data.index if isinstance(data.index, int) else data.index[0]
        if idx < 1 or chat[idx]["role"] != "assistant":
            return
        question = html.unescape(str(chat[idx - 1]["content"]))
        answer = plain_answer(str(chat[idx]["content"]))
        turn = (idx - 1) // 2
        try:
            service.feedback(
                question, answer, "up" if data.liked else "down", history=asked[:turn]
            )
        except Exception:
            log.exception("storing feedback from the UI failed")
            gr.Warning("Je beoordeling kon niet worden opgeslagen. Probeer het later opnieuw.")

    def do_search(query: str, doc_type: str, k: float):
        return run_search(service, query, doc_type, k)

    def documents_list():
        try:
            return documents_html(service.documents())
        except Exception as exc:
            log.exception("listing documents in the UI failed")
            return f'<p class="ui-error">{_esc(user_message(exc))}</p>'

    with gr.Blocks(title="LOB Assistent") as demo:
        gr.Markdown(
            "# LOB Assistent\nVragen over loopbaanoriëntatie en -begeleiding (LOB) in vmbo, "
            "mbo en hbo. Elk antwoord verwijst met [n] naar de passage waar het staat: "
            "wijs [n] aan voor de bron, klik om het geciteerde in het document te zien.",
            elem_classes="lob-intro",
        )
        with gr.Tab("Vragen"):
            asked = gr.State([])
            # No Markdown, no LaTeX: document text (and what an injected sentence carries
            # into an answer) must never become a link; see safe_text. The UI's own HTML
            # (citations, cards) is escaped text around the UI's own anchors.
            chat = gr.Chatbot(
                label="Gesprek", show_label=False, height="min(68vh, 640px)", elem_id="chat",
                buttons=["copy"], render_markdown=False, latex_delimiters=[], autoscroll=False,
            )
            with gr.Row(equal_height=True):
                msg = gr.Textbox(
                    label="Je vraag", placeholder=(
                        f"Bijvoorbeeld: {EXAMPLES[0]}" if EXAMPLES else "Stel je vraag"),
                    elem_id="question", scale=5, max_length=service.max_question_chars,
                    lines=1,
                )
                send = gr.Button("Vraag", variant="primary", elem_id="ask", scale=1,
                                 min_width=90)
            status = gr.HTML(elem_id="status", elem_classes="sr-only", container=False)
            with gr.Row():
                doc_type = gr.Dropdown(types, value=ALL, label="Alleen documenten van type",
                                       elem_id="doc-type", scale=3)
                clear = gr.Button("Nieuw gesprek", elem_id="new-chat", scale=1, min_width=120)
            if EXAMPLES:
                gr.Examples(EXAMPLES, inputs=msg, label="Voorbeeldvragen")
            outputs = [msg, chat, status, asked]
            send.click(respond, [msg, chat, asked, doc_type], outputs)
            msg.submit(respond, [msg, chat, asked, doc_type], outputs)
            clear.click(lambda: ("", [], "", []), None, outputs)
            chat.like(like, [chat, asked], None)
        with gr.Tab("Zoeken"):
            with gr.Row():
                query = gr.Textbox(label="Zoek in de passages", elem_id="search-q", scale=4)
                s_type = gr.Dropdown(types, value=ALL, label="Documenttype", scale=1)
                k = gr.Dropdown([5, 10, 20], value=5, label="Aantal resultaten", scale=1,
                                elem_id="search-k")
            s_btn = gr.Button("Zoek", elem_id="search-btn", variant="primary")
            results = gr.HTML(elem_id="search-results")
            s_btn.click(do_search, [query, s_type, k], results)
            query.submit(do_search, [query, s_type, k], results)
        with gr.Tab("Documenten") as docs_tab:
            doc_list = gr.HTML(elem_id="documents")
            demo.load(documents_list, None, doc_list)
            docs_tab.select(documents_list, None, doc_list)
    return demo


def mount(app, service) -> None:
    """Mount the UI at /ui: Dutch, no Gradio footer (the API is documented at /docs), the
    page's favicon at /favicon.ico."""
    from fastapi.responses import Response

    @app.get("/favicon.ico", include_in_schema=False)
    def _favicon() -> Response:
        return Response(page.FAVICON_SVG, media_type="image/svg+xml",
                        headers={"Cache-Control": "public, max-age=86400"})

    # max_file_size=0: the UI has no upload component, so Gradio's own anonymous
    # /ui/gradio_api/upload route must store nothing (any non-empty file is a 413).
    demo = build_ui(service)
    gr.mount_gradio_app(
        app, demo, path="/ui", max_file_size=0, footer_links=[],
        css=page.CSS, head=page.HEAD, theme=page.theme(), i18n=page.i18n(),
    )
    _calm(demo)


# Gradio's event queue polls for work every 1 ms and for progress every 10 ms, in a thread of
# the API's process: an idle `lob serve` used 7.1% of a core (0.7 s of CPU in 10 s) and every
# poll takes the GIL from the answer threads. Every 20 ms and 100 ms it used 1.8%. A UI event
# then waits at most 20 ms more to start, beside an answer of ~50 ms; the UI sends no progress.
QUEUE_POLL_S = 0.02
PROGRESS_POLL_S = 0.1


def _calm(demo) -> None:
    # Private attributes of gradio.queueing.Queue (no public setting; tests/test_ui_queue.py checks
    # they exist, so an upgrade that renames them fails there rather than polling again).
    queue = demo._queue
    queue.sleep_when_free = max(queue.sleep_when_free, QUEUE_POLL_S)
    queue.progress_update_sleep_when_free = max(queue.progress_update_sleep_when_free,
                                                PROGRESS_POLL_S)

