"""Run every fault scenario against real emulator and plugin processes; print a Markdown table.

    .venv/bin/python scripts/reliability_table.py [--only KEY ...] [--details]

The scenarios are those of ``tests/faults/fault_scenarios.py`` (the fault suite runs the same
code). Exit status 1 when any scenario failed or lost, duplicated or orphaned an application.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from lakesail_testing.fault_scenarios import SCENARIOS, ScenarioResult, run_all

ROOT = Path(__file__).resolve().parents[1]

HEADER = (
    "| # | Fault | Driven through | Operations tried | Outcome | Requests seen by the API "
    "| Lost | Duplicated | Orphaned | s |"
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(results: list[ScenarioResult]) -> str:
    """The Markdown table of the results, one row per scenario."""
    rows = [HEADER, "|" + "---|" * 10]
    for number, r in enumerate(results, 1):
        cells = [
            str(number),
            f"`{r.key}`: {r.fault}",
            r.adapter,
            "; ".join(r.operations),
            r.outcome,
            r.requests,
            str(r.lost),
            str(r.duplicated),
            str(r.orphaned),
            f"{r.seconds:.1f}",
        ]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=[s.key for s in SCENARIOS], metavar="KEY")
    parser.add_argument("--details", action="store_true", help="print each audit after the table")
    args = parser.parse_args(argv)
    started = time.monotonic()
    results = run_all(args.only)
    print(table(results))
    print()
    failed = [r for r in results if not r.ok]
    print(
        f"{len(results) - len(failed)}/{len(results)} scenarios passed in "
        f"{time.monotonic() - started:.0f} s; lost {sum(r.lost for r in results)}, duplicated "
        f"{sum(r.duplicated for r in results)}, orphaned {sum(r.orphaned for r in results)}."
    )
    for r in results:
        if args.details or not r.ok:
            print(f"\n{r.key}:")
            for audit in r.audits:
                print(f"  audit {audit.when}: held {audit.held}, reported {sorted(audit.tracked)}")
            if r.error:
                print("  " + r.error.replace("\n", "\n  "))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
