"""Errors the index domain raises, each carrying what a user needs to fix the input."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One broken rule: which file, which CSV line (1 = header), which rule, and what was found."""

    file: str
    line: int | None
    rule: str
    detail: str

    def __str__(self) -> str:
        where = f"{self.file}" + (f", line {self.line}" if self.line is not None else "")
        return f"{where}: [{self.rule}] {self.detail}"


class DataValidationError(ValueError):
    """The tables in data/ break one or more rules; the message lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = f"\n  ... and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"data/ failed validation ({len(self.problems)} problem(s)):\n{shown}{more}")


class UnknownCityError(KeyError):
    """A name that is not one of the report's 20 sample cities."""

    def __init__(self, name: str, sample: list[str]):
        self.name = name
        self.sample = list(sample)
        super().__init__(name)

    def __str__(self) -> str:
        return f"'{self.name}' is not one of the report's 20 sample cities: {'、'.join(self.sample)}"
