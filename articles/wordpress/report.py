"""What an import did, or in a dry run would do, and what it could not map."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# The report prints this many problems; the rest are counted.
PROBLEMS_SHOWN = 200


@dataclass
class ImportReport:
    dry_run: bool
    site: str = ""
    counts: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time spent in each phase
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # and this process's CPU time

    def count(self, what: str, number: int = 1) -> None:
        self.counts[what] += number

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def lines(self) -> list[str]:
        would = "Dry run: nothing was written. It would have" if self.dry_run else "Imported"
        lines = [f"{would} from {self.site or 'the export'}:"]
        lines += [f"  {what}: {number}" for what, number in sorted(self.counts.items())]
        if self.problems:
            lines.append(f"Could not map ({len(self.problems)}):")
            lines += [f"  - {problem}" for problem in self.problems[:PROBLEMS_SHOWN]]
            if len(self.problems) > PROBLEMS_SHOWN:
                lines.append(f"  … and {len(self.problems) - PROBLEMS_SHOWN} more.")
        return lines
