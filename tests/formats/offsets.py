"""The offset property every converter's blocks keep (shared by the per-format tests)."""

from __future__ import annotations

from core.blocks import Block


def check_offsets(text: str, blocks: list[Block]) -> None:
    """Every block is a non-empty span of the stored text; spans in order, not overlapping;
    a table's rows lie inside it."""
    end = 0
    for b in blocks:
        assert b.start >= end and b.end > b.start and text[b.start : b.end].strip()
        for a, z in b.rows:
            assert b.start <= a < z <= b.end
        end = b.end
