"""The answerer: candidates -> features -> score -> choose -> refuse -> compose.

Each stage is a module here. `AnsweringGenerator` runs them over the retrieved passages with
one read-only `IndexHandle` and one trained model per embedder (score.py); it returns the
`Draft` that `assistant.answer.Assistant` composes into an answer with citations.
"""

from __future__ import annotations

from assistant.answering.compose import Draft
from assistant.answering.handle import IndexHandle
from assistant.answering.pipeline import AnsweringGenerator
from assistant.answering.score import MissingModel

__all__ = ["AnsweringGenerator", "Draft", "IndexHandle", "MissingModel"]
