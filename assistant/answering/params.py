"""The answerer's parameters in one place. The thresholds that decide (refuse, runner-up,
focus) are learned: they live in the model file with the weights (models/<embedder>.json) and
override the defaults here; the rest are sizes, not tuned per question."""

from __future__ import annotations

DEFAULTS: dict[str, float] = {
    "passages_considered": 5,  # the top passages whose units are candidates
    "cache_size": 20000,  # unit vectors kept in memory
    "history_weight": 0.3,  # a follow-up's history terms weigh this much of its own
    "max_list_items": 12,  # a longer list is quoted by its item and lead-in only
    "runner_up_pool": 6,  # runners-up looked at after the best unit
    "max_runner_ups": 2,
    "duplicate": 0.8,  # share of a unit's terms already said that makes it a repeat
    # Learned (eval/train.py), stored in the model file:
    "runner_up": 0.5,
    "focus": 0.0,
    "refuse": 0.5,
    "refuse_en": 0.5,  # the same trade-off for English questions (eval/train.py)
}
