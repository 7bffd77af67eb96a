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
) -> HTMLResponse:
    """The document as a page, the cited passage [start:end) highlighted and scrolled to."""
    doc = await run_in_threadpool(_get, service, doc_id)
    text = doc["text"]
    if start is not None and end is not None and start < end <= len(text):
        body = (
            html.escape(text[:start]) + '<mark id="passage">' + html.escape(text[start:end])
            + "</mark>" + html.escape(text[end:])
        )
    else:
        body = html.escape(text)
    meta = " · ".join(
        html.escape(str(doc[k])) for k in ("publisher", "doc_type", "date") if doc.get(k)
    )
    page = f"""<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>{html.escape(doc.get("title") or doc_id)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;
line-height:1.5}} pre{{white-space:pre-wrap;font-family:inherit}}
mark{{background:#ffe066;padding:.1em 0}}</style></head>
<body><h1>{html.escape(doc.get("title") or doc_id)}</h1><p>{meta}</p>
<pre>{body}</pre>
<script>var m=document.getElementById('passage');if(m)m.scrollIntoView({{block:'center'}});</script>
</body></html>"""
    return HTMLResponse(page)


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
