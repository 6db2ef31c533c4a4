"""Options as one frozen value, passed from the CLI to the pure core."""

from __future__ import annotations

from dataclasses import dataclass

from rewrite.glossary import SEVERITY_RANK


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()  # categories ("spun") or rules ("spun/skin-layer"); empty = all
    ignore: tuple[str, ...] = ()
    severity: str = "warning"  # lowest severity reported
    allowed: tuple[str, ...] = ()  # phrases never flagged, in any form
    discover: bool = False  # also report probable spun phrases no glossary names

    def wants(self, rule: str, category: str, severity: str) -> bool:
        if SEVERITY_RANK[severity] < SEVERITY_RANK[self.severity]:
            return False
        if self.select and not _matches(self.select, rule, category):
            return False
        return not _matches(self.ignore, rule, category)


def _matches(patterns: tuple[str, ...], rule: str, category: str) -> bool:
    return any(p in (category, rule) or (p.endswith("/") and rule.startswith(p))
               for p in patterns)
