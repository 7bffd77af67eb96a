"""Gradio's event queue, calmed (ui/app.py: _calm): it polls every 20 ms, not every 1 ms, in
the API's process. The attributes are Gradio's private ones, so this fails when an upgrade
renames them, instead of the queue silently polling every millisecond again."""

from __future__ import annotations

import gradio as gr

from ui.app import PROGRESS_POLL_S, QUEUE_POLL_S, _calm


def test_the_ui_queue_polls_at_the_calm_intervals():
    with gr.Blocks() as demo:
        gr.Markdown("x")
    queue = demo._queue
    # Gradio's own intervals are shorter: this is what _calm changes.
    assert queue.sleep_when_free < QUEUE_POLL_S
    assert queue.progress_update_sleep_when_free < PROGRESS_POLL_S
    _calm(demo)
    assert queue.sleep_when_free == QUEUE_POLL_S
    assert queue.progress_update_sleep_when_free == PROGRESS_POLL_S
