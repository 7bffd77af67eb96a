"""Logging for `lob serve`: no question text in the logs unless LOB_LOG_QUESTIONS is set (AVG).

The access log is the one place a question would land: GET /api/v1/search?q=<question>.
"""

from __future__ import annotations

import copy
import logging
from typing import Any


class DropQueryString(logging.Filter):
    """Cut the query string from uvicorn's access records: (client, method, path, http, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            path, sep, _ = args[2].partition("?")
            if sep:
                record.args = (*args[:2], path, *args[3:])
        return True


def uvicorn_log_config(log_questions: bool) -> dict[str, Any]:
    """uvicorn's own logging config, with the query string dropped from access lines."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    # Our own lines (retention purges, UI errors) next to uvicorn's, on stderr.
    config["loggers"]["lob"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    if not log_questions:
        config.setdefault("filters", {})["drop_query_string"] = {"()": DropQueryString}
        # On the logger, not a handler: it then holds for any handler added later.
        config["loggers"]["uvicorn.access"]["filters"] = ["drop_query_string"]
    return config
