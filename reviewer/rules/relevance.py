"""REL: indicators that do not measure this project."""

from __future__ import annotations

from reviewer.rules.base import Rule

RULES: list[Rule] = []
