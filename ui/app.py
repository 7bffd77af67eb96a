"""The Dutch web front end (Gradio), mounted by the API at /ui.

It talks to the assistant only through `LobService`'s public methods. Everything that comes
from a document or a user is escaped here: Gradio sanitises HTML but does not escape it.
Links in document text stay text: the chat does not render Markdown (see `safe_text`), and
the only anchors are the UI's own links to sources. Errors reach users as plain Dutch; the
details go to the log.
"""

from __future__ import annotations

import html
import logging
import os
from urllib.parse import quote

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402
import httpx  # noqa: E402

from assistant.service import InvalidInput, QuestionTooLong  # noqa: E402
from core.store import StoreUnavailable  # noqa: E402

log = logging.getLogger("lob.ui")

EXAMPLES = [
    "Welke scholen doen mee aan LOB – Gelijke Kansen?",
    "Wat is het doel van de Subsidieregeling nazorg mbo?",
    "Wat doet het Kennispunt GKDI?",
    "What is the Expertisepunt LOB?",
]
ALL = "alle typen"

CSS = """
.source-card{border:1px solid #ddd;border-radius:8px;padding:.5rem .75rem;margin:.4rem 0}
.source-card .meta{color:#555;font-size:.85em}
.source-card .snippet{font-size:.9em;margin-top:.25rem}
.refused{color:#8a4b00}
.ui-error{color:#8a4b00}
#chat .message-content{white-space:pre-wrap}
"""

STORE_DOWN = (
    "De documentenopslag is nu niet bereikbaar. Probeer het over een paar minuten opnieuw."
)
TOO_SLOW = "Het antwoord duurde te lang. Probeer het over een paar minuten opnieuw."
FAILED = (
    "Er ging iets mis. Probeer het opnieuw; blijft het misgaan, meld het dan bij de beheerder."
)


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


def source_url(doc_id: str, start: int | None = None, end: int | None = None) -> str:
    url = f"/api/v1/documents/{quote(doc_id, safe='/')}/view"
    if start is not None and end is not None:
        url += f"?start={int(start)}&end={int(end)}#passage"
    return url


def source_cards(citations: list[dict], answerable: bool) -> str:
    if not citations:
        return ""
    head = "Bronnen" if answerable else "Mogelijk relevant (geen antwoord gevonden)"
    cards = []
    for c in citations:
        snippet = " ".join(c["text"].split())
        snippet = snippet[:280] + (" …" if len(snippet) > 280 else "")
        meta = " · ".join(
            html.escape(str(x)) for x in (c.get("doc_type"), c.get("section")) if x
        )
        cards.append(
            f'<div class="source-card"><a class="source-link" target="_blank" '
            f'href="{html.escape(source_url(c["doc_id"], c["start"], c["end"]))}">'
            f'[{int(c["n"])}] {html.escape(c["title"])}</a>'
            f'<div class="meta">{meta}</div>'
            f'<div class="snippet">{html.escape(snippet)}</div></div>'
        )
    return f'<div class="sources"><h3>{head}</h3>{"".join(cards)}</div>'


def search_results(hits: list[dict]) -> str:
    if not hits:
        return "<p>Geen passages gevonden.</p>"
    rows = []
    for n, h in enumerate(hits, start=1):
        snippet = " ".join(h["text"].split())
        rows.append(
            f'<div class="source-card"><a class="source-link" target="_blank" '
            f'href="{html.escape(source_url(h["doc_id"], h["start"], h["end"]))}">'
            f'{n}. {html.escape(h["title"])}</a> <span class="meta">score '
            f'{h["score"]:.4f} · {html.escape(h["doc_type"])}'
            f'{" · " + html.escape(h["section"]) if h.get("section") else ""}</span>'
            f'<div class="snippet">{html.escape(snippet[:400])}</div></div>'
        )
    return "".join(rows)


def answer_turn(service, message: str, chat: list, asked: list[str], doc_type: str | None):
    """One chat turn: (new textbox value, chat, sources html, asked questions)."""
    message = (message or "").strip()
    if not message:
        return "", chat, gr.skip(), asked
    filters = None if doc_type in (None, ALL) else [doc_type]
    try:
        result = service.ask(message, asked, doc_types=filters)
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
    chat = chat + [
        {"role": "user", "content": safe_text(message)},
        {"role": "assistant", "content": safe_text(result.answer)},
    ]
    cites = [c.public() for c in result.citations]
    return "", chat, source_cards(cites, result.answerable), asked + [message]


def run_search(service, query: str, doc_type: str | None, k: float) -> str:
    """The search tab's results as HTML (escaped), or a plain Dutch error."""
    if not (query or "").strip():
        return "<p>Typ een zoekvraag.</p>"
    filters = None if doc_type in (None, ALL) else [doc_type]
    try:
        hits = service.search(query.strip(), int(k), doc_types=filters)
    except Exception as exc:
        log.exception("searching in the UI failed")
        return f'<p class="ui-error">{html.escape(user_message(exc))}</p>'
    return search_results([h.public() for h in hits])


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
        answer = html.unescape(str(chat[idx]["content"]))
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

    def documents_table():
        try:
            docs = service.documents()
        except Exception as exc:
            log.exception("listing documents in the UI failed")
            gr.Warning(user_message(exc))
            return []
        return [[d.title, d.doc_type, d.publisher, d.date, d.n_chunks, d.doc_id] for d in docs]

    with gr.Blocks(title="LOB Assistent") as demo:
        gr.Markdown(
            "# LOB Assistent\nVragen over loopbaanoriëntatie en -begeleiding (LOB) in vmbo, "
            "mbo en hbo. Elk antwoord verwijst met [n] naar de passage waar het staat."
        )
        with gr.Tab("Vragen"):
            asked = gr.State([])
            doc_type = gr.Dropdown(types, value=ALL, label="Documenttype", elem_id="doc-type")
            # No Markdown, no LaTeX: document text (and what an injected sentence carries
            # into an answer) must never become a link; see safe_text.
            chat = gr.Chatbot(
                label="Gesprek", height=380, elem_id="chat", buttons=["copy"],
                render_markdown=False, latex_delimiters=[],
            )
            with gr.Row():
                msg = gr.Textbox(
                    label="Je vraag", placeholder="Bijvoorbeeld: Wie betaalt LOB – Gelijke Kansen?",
                    elem_id="question", scale=5, max_length=service.max_question_chars,
                )
                send = gr.Button("Vraag", variant="primary", elem_id="ask", scale=1)
            sources = gr.HTML(elem_id="sources")
            gr.Examples(EXAMPLES, inputs=msg, label="Voorbeeldvragen")
            clear = gr.Button("Nieuw gesprek", elem_id="new-chat")
            outputs = [msg, chat, sources, asked]
            send.click(respond, [msg, chat, asked, doc_type], outputs)
            msg.submit(respond, [msg, chat, asked, doc_type], outputs)
            clear.click(lambda: ("", [], "", []), None, outputs)
            chat.like(like, [chat, asked], None)
        with gr.Tab("Zoeken"):
            with gr.Row():
                query = gr.Textbox(label="Zoek in de passages", elem_id="search-q", scale=4)
                s_type = gr.Dropdown(types, value=ALL, label="Documenttype", scale=1)
                k = gr.Slider(1, 20, value=5, step=1, label="Aantal", scale=1)
            s_btn = gr.Button("Zoek", elem_id="search-btn")
            results = gr.HTML(elem_id="search-results")
            s_btn.click(do_search, [query, s_type, k], results)
            query.submit(do_search, [query, s_type, k], results)
        with gr.Tab("Documenten"):
            table = gr.Dataframe(
                headers=["titel", "type", "uitgever", "datum", "passages", "doc_id"],
                interactive=False, elem_id="documents",
            )
            demo.load(documents_table, None, table)
    return demo
