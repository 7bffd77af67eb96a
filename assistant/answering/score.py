"""Stage 3, score: the probability that a unit answers the question, from a linear model
trained per embedder by `lob train` (eval/train.py) and stored as a small JSON file beside
this module (models/<embedder>.json). At run time: standardise, weigh, squash - plain numpy.

The unit model is a conditional logit: its probabilities are a softmax over the question's
candidates ("which of these units is the answer"), fitted to rank the answer first within
each question rather than to classify units one by one (better at picking the best unit).
The refusal model is a plain logistic regression."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODELS_DIR = Path(__file__).parent / "models"
FORMAT_VERSION = 2


class MissingModel(RuntimeError):
    """No trained answer model for the configured embedder."""


@dataclass
class Logistic:
    names: list[str]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    intercept: float
    link: str = "logistic"  # or "softmax": probabilities over the rows of one question

    @classmethod
    def from_dict(cls, d: dict) -> Logistic:
        return cls(list(d["features"]), np.asarray(d["mean"], float),
                   np.asarray(d["scale"], float), np.asarray(d["weights"], float),
                   float(d["intercept"]), d.get("link", "logistic"))

    def to_dict(self) -> dict:
        return {"features": self.names, "link": self.link, "mean": _r(self.mean),
                "scale": _r(self.scale), "weights": _r(self.weights),
                "intercept": round(self.intercept, 6)}

    def proba(self, X: np.ndarray) -> np.ndarray:
        if X.shape[0] == 0:
            return np.zeros(0)
        z = ((X - self.mean) / self.scale) @ self.weights + self.intercept
        if self.link == "softmax":
            e = np.exp(z - z.max())
            return e / e.sum()
        return 1.0 / (1.0 + np.exp(-z))


@dataclass
class AnswerModel:
    """The unit model, the refusal model and the thresholds chosen with them."""

    embedder: str
    unit: Logistic
    refuse: Logistic
    thresholds: dict[str, float]
    meta: dict

    @classmethod
    def load(cls, embedder: str, directory: Path = MODELS_DIR) -> AnswerModel:
        path = directory / f"{embedder}.json"
        if not path.exists():
            raise MissingModel(
                f"no answer model for embedder '{embedder}' ({path}); train one with "
                f"`lob train` (LOB_EMBEDDER={embedder})"
            )
        d = json.loads(path.read_text(encoding="utf-8"))
        if d.get("format") != FORMAT_VERSION or d.get("embedder") != embedder:
            raise MissingModel(
                f"answer model {path} is not a format-{FORMAT_VERSION} model for embedder "
                f"'{embedder}'; retrain with `lob train`"
            )
        return cls(embedder, Logistic.from_dict(d["unit_model"]),
                   Logistic.from_dict(d["refusal_model"]), dict(d["thresholds"]),
                   {k: v for k, v in d.items()
                    if k not in ("unit_model", "refusal_model", "thresholds")})

    def to_dict(self) -> dict:
        return {"format": FORMAT_VERSION, "embedder": self.embedder, **self.meta,
                "thresholds": {k: round(v, 4) for k, v in self.thresholds.items()},
                "unit_model": self.unit.to_dict(), "refusal_model": self.refuse.to_dict()}


def score(model: AnswerModel, X: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    if tuple(model.unit.names) != tuple(names):
        raise MissingModel("answer model features differ from the code's; retrain with `lob train`")
    return model.unit.proba(X)


def _r(a: np.ndarray) -> list[float]:
    return [round(float(x), 6) for x in a]
