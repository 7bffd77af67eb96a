"""Admission of answering work: a few answers at a time, a deadline, and no work for clients
that have gone.

Answering is CPU-bound behind one embedder, so requests beyond `max_concurrent_answers` wait
in line here rather than as threads contending for the model. A request whose wait passes
`request_timeout_s` gets a 503 instead of starting late (its client has most likely given
up), and one whose client disconnected while waiting is dropped before it starts. Work that
has started runs to its end in its thread (a thread cannot be stopped) and keeps its slot
until then, so the bound on concurrent work holds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import TypeVar

from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool

from core.config import Settings

log = logging.getLogger("lob.api")
T = TypeVar("T")

# nginx's code for "client closed request": nobody reads it, but the access log shows why.
CLIENT_GONE = 499


class AnswerSlots:
    def __init__(self, slots: int, timeout_s: float) -> None:
        self.slots = slots
        self.timeout_s = timeout_s
        self._sem: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> AnswerSlots:
        return cls(settings.max_concurrent_answers, settings.request_timeout_s)

    def _semaphore(self) -> asyncio.Semaphore:
        # One per event loop: a server has one; a TestClient used without `with` starts a
        # new loop per request, and a semaphore cannot be shared across loops.
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._sem, self._loop = asyncio.Semaphore(self.slots), loop
        assert self._sem is not None
        return self._sem

    async def run(self, request: Request, fn: Callable[..., T], *args: object) -> T:
        """`fn(*args)` in a worker thread once a slot is free, within the deadline."""
        sem = self._semaphore()
        deadline = asyncio.get_running_loop().time() + self.timeout_s
        acquire = asyncio.ensure_future(sem.acquire())
        gone = asyncio.ensure_future(_disconnect(request))
        try:
            await asyncio.wait({acquire, gone}, timeout=self.timeout_s,
                               return_when=asyncio.FIRST_COMPLETED)
        finally:
            gone.cancel()
            if not acquire.done():
                acquire.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await acquire
        has_slot = acquire.done() and not acquire.cancelled()
        client_gone = gone.done() and not gone.cancelled()
        if has_slot and client_gone:
            sem.release()
        if client_gone:
            log.info("client gone before its answer started on %s", request.url.path)
            raise HTTPException(CLIENT_GONE, "client closed the request")
        if not has_slot:
            raise HTTPException(
                503,
                f"the assistant is busy: the question waited {self.timeout_s:g} s without "
                "being started; try again shortly",
                headers={"Retry-After": "5"},
            )
        work = asyncio.ensure_future(run_in_threadpool(fn, *args))
        work.add_done_callback(lambda w: _release(sem, w))  # held until the thread is done
        remaining = deadline - asyncio.get_running_loop().time()
        try:
            return await asyncio.wait_for(asyncio.shield(work), max(remaining, 0.0))
        except TimeoutError:
            raise HTTPException(
                503,
                f"no answer within {self.timeout_s:g} s; try again shortly",
                headers={"Retry-After": "5"},
            ) from None


def _release(sem: asyncio.Semaphore, work: asyncio.Future) -> None:
    sem.release()
    # Retrieve the outcome: after a 503 nobody awaits it, and asyncio would warn.
    if not work.cancelled() and work.exception() is not None:
        log.debug("answer work failed", exc_info=work.exception())


async def _disconnect(request: Request) -> None:
    """Returns when the client has disconnected (the body has been read by then)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


async def answer(request: Request, fn: Callable[..., T], *args: object) -> T:
    """Run answering work through the app's slots (see create_app)."""
    return await request.app.state.answer_slots.run(request, fn, *args)
