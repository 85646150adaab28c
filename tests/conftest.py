"""Shared fixtures: the seed documents and expert labels under ../shared (beside the checkout)."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "eval" / "gold_seeds.jsonl"
SCORER = SHARED / "eval" / "score.py"


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not available in this checkout")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _require(SEEDS)


@pytest.fixture(scope="session")
def seed_paths(seeds_dir: Path) -> list[Path]:
    """The five seed drafts, in file-name order (000 … 004)."""
    return sorted(seeds_dir.glob("*.txt"))


@pytest.fixture(scope="session")
def gold_lines() -> list[dict[str, Any]]:
    """Every line of gold_seeds.jsonl: one per project (row null), one per indicator row."""
    with _require(GOLD).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="session")
def scorer() -> ModuleType:
    """shared/eval/score.py as a module, for its norm() and doc_key()."""
    spec = importlib.util.spec_from_file_location("seed_scorer", _require(SCORER))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def norm(scorer: ModuleType) -> Callable[[object], str]:
    """The scorer's normalization: whitespace, brackets and bookmarks dropped."""
    normalize: Callable[[object], str] = scorer.norm
    return normalize
