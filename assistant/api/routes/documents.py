"""The corpus: list, read (with a source view that highlights a passage), upload, delete."""

from __future__ import annotations

import html
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query, UploadFile, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from assistant.api.deps import AdminDep, ServiceDep
from assistant.api.models import DocumentInfoOut, DocumentOut, IngestResult
from core.sources import date_label, highlight_segments, parse_quotes

router = APIRouter(prefix="/api/v1/documents", tags=["documents"])

_DOC_ID = r"^[\w\-./ ]{1,300}$"


def _get(service, doc_id: str) -> dict:
    """The document as a dict; the service raises NotFound (a 404) for an unknown doc_id."""
    return asdict(service.document(doc_id))


@router.get("", response_model=list[DocumentInfoOut])
async def list_documents(service: ServiceDep) -> list[dict]:
    return [asdict(d) for d in await run_in_threadpool(service.documents)]


@router.get("/{doc_id:path}/view", response_class=HTMLResponse)
async def view_document(
    doc_id: str,
    service: ServiceDep,
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
    q: Annotated[str | None, Query(max_length=2000, pattern=r"^[0-9,\-]*$")] = None,
) -> HTMLResponse:
    """The document as a page: the cited passage [start:end) marked lightly, the quoted units
    (`q`: "a-b,c-d", document offsets) strongly, the first of them scrolled to; a link back
    to the conversation (closing this tab when the chat opened it)."""
    doc = await run_in_threadpool(_get, service, doc_id)
    return HTMLResponse(source_page(doc, start, end, parse_quotes(q)))


VIEW_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:50rem;
margin:0 auto;padding:1rem;line-height:1.6;color:#1a1a1a;background:#fff}
h1{font-size:1.5rem;line-height:1.3;margin:.5rem 0}
.meta{color:#444;margin:.25rem 0 1rem}
nav{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid #cbd5e1}
.back{display:inline-block;padding:.4rem .8rem;border:2px solid #1d4ed8;border-radius:6px;
color:#1d4ed8;text-decoration:none;font-weight:600}
mark:focus{outline:3px solid #1d4ed8;outline-offset:2px}
.back:focus-visible,.back:hover{background:#1d4ed8;color:#fff;outline:3px solid #1a1a1a}
.legend{font-size:.9rem;color:#444}
.doc{white-space:pre-wrap;font-family:inherit;font-size:1rem;overflow-wrap:anywhere}
mark.passage{background:#fdf3c4;color:inherit;padding:.1em 0}
mark.quote{background:#f7c600;color:#000;padding:.1em 0;border-bottom:2px solid #000;
font-weight:600}
"""
BACK_JS = """
var b=document.getElementById('back');
b.addEventListener('click',function(e){
  if(window.opener&&!window.opener.closed){e.preventDefault();try{window.opener.focus()}catch(x){}
    window.close();setTimeout(function(){location.href=b.href},300);}
});
// The cited text is where reading starts, for eyes and for a screen reader (focus);
// Shift+Tab from there is the way back.
var m=document.getElementById('quote')||document.getElementById('passage');
function show(){if(m){m.scrollIntoView({block:'center'});m.focus({preventScroll:true});}}
show();window.addEventListener('load',function(){setTimeout(show,0)});
"""


def source_page(doc: dict, start: int | None, end: int | None, quotes: list[list[int]]) -> str:
    """The source view's HTML; every piece of document text is escaped here."""
    text = doc["text"]
    ok = start is not None and end is not None and start < end <= len(text)
    pieces, first = [], {"quote": True, "passage": True}
    for a, b, kind in highlight_segments(len(text), start if ok else None,
                                         end if ok else None, quotes if ok else []):
        chunk = html.escape(text[a:b])
        if not kind:
            pieces.append(chunk)
            continue
        ident = f' id="{kind}" tabindex="-1"' if first[kind] else ""
        first[kind] = False
        pieces.append(f'<mark class="{kind}"{ident}>{chunk}</mark>')
    title = html.escape(doc.get("title") or doc["doc_id"])
    meta = " · ".join(
        html.escape(str(x)) for x in (doc.get("doc_type"), doc.get("publisher")) if x
    )
    meta = (meta + " · " if meta else "") + html.escape(date_label(doc.get("date")))
    legend = (
        '<p class="legend">Donkergeel en vet: wat het antwoord citeert. Lichtgeel: de rest '
        "van de passage.</p>" if ok and quotes else
        '<p class="legend">Lichtgeel: de passage waar het antwoord naar verwijst.</p>' if ok
        else ""
    )
    return f"""<!doctype html><html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title} — LOB Assistent</title><link rel="icon" href="/favicon.ico">
<style>{VIEW_CSS}</style></head>
<body><nav aria-label="Terug">
<a class="back" id="back" href="/ui/">← terug naar het gesprek</a></nav>
<main><h1>{title}</h1><p class="meta">{meta}</p>{legend}
<div class="doc">{"".join(pieces)}</div></main>
<script>{BACK_JS}</script>
</body></html>"""


@router.get("/{doc_id:path}", response_model=DocumentOut)
async def get_document(doc_id: str, service: ServiceDep) -> dict:
    return await run_in_threadpool(_get, service, doc_id)


@router.post("", response_model=IngestResult, status_code=status.HTTP_201_CREATED)
async def upload_document(file: UploadFile, service: ServiceDep, _: AdminDep) -> dict:
    # Read at most one byte past the limit: a huge upload is refused without holding it all.
    # The service's refusals (UploadRejected and its kinds) become 413/415/422 in main.py.
    data = await file.read(service.upload_limit_bytes() + 1)
    summary = await run_in_threadpool(service.upload, file.filename or "", data)
    return {
        "added": summary.added, "updated": summary.updated, "unchanged": summary.unchanged,
        "chunks_embedded": summary.chunks_embedded, "chunks_total": summary.chunks_total,
        "warnings": [w.warning for w in summary.warnings],
    }


@router.delete("/{doc_id:path}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_document(doc_id: str, service: ServiceDep, _: AdminDep) -> None:
    await run_in_threadpool(service.delete, doc_id)  # NotFound: a 404
