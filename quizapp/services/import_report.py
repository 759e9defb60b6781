"""What an import did, file by file, in words: the one report the command line and the pack
manager both show. Per file: what happened to the pack, how many questions of each type came
in, what was skipped and why, its language, and every warning with its line, in line order."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from quizapp.core.model import Pack
from quizapp.core.problems import Problem
from quizapp.core.summaries import ImportResult, ImportStatus
from quizapp.core.words import plural

TYPE_NAMES = {
    "multiple_choice": "multiple choice",
    "true_false": "true/false",
    "multiple_response": "select-all",
}


def type_counts(pack: Pack) -> tuple[tuple[str, int], ...]:
    """Questions per type (those it has), always in the same order."""
    counts = Counter(str(q.type) for q in pack.questions)
    return tuple((t, counts[t]) for t in TYPE_NAMES if counts[t])


def result_line(result: ImportResult) -> str:
    """One sentence for one file: added, updated (with counts), unchanged, refused, failed."""
    name = Path(result.file).name or result.title
    status = result.status
    if status is ImportStatus.ADDED:
        text = (
            f"{name}: added “{result.title}” (version {result.version}, "
            f"{plural(result.added, 'question')})."
        )
    elif status is ImportStatus.UPDATED:
        text = (
            f"{name}: updated “{result.title}” from {result.previous_version} to "
            f"{result.version}: {result.added} added, {result.changed} changed, "
            f"{result.retired} retired, {result.unchanged} unchanged."
        )
    elif status is ImportStatus.UNCHANGED:
        text = f"{name}: unchanged — version {result.version} of “{result.title}” is already in."
    elif status is ImportStatus.REFUSED:
        text = (
            f"{name}: not imported — the bank has the newer version {result.previous_version} "
            f"of “{result.title}”."
        )
    else:
        errors = sum(1 for p in result.problems if p.severity != "warning")
        text = f"{name}: not imported — {plural(errors, 'problem')} (see the list)."
    if result.warnings:
        text += f" {plural(len(result.warnings), 'warning')}."
    return text


def skipped(warnings: tuple[Problem, ...]) -> list[Problem]:
    """The warnings that say a question (or a part of the file) was left out."""
    return [w for w in warnings if " skipped" in w.message or w.message.startswith("skipped")]


def contents_line(types: tuple[tuple[str, int], ...], warnings: tuple[Problem, ...]) -> str:
    """``12 questions read: 10 multiple choice, 2 true/false; 3 skipped; 1 other warning``."""
    if not types:
        return ""
    total = sum(n for _, n in types)
    kinds = ", ".join(f"{n:,} {TYPE_NAMES.get(t, t)}" for t, n in types)
    text = f"{plural(total, 'question')} read: {kinds}"
    left_out = len(skipped(warnings))
    others = len(warnings) - left_out
    if left_out:
        text += f"; {left_out:,} skipped"
    if others:
        text += f"; {plural(others, 'other warning')}"
    return text


def language_line(language: str, how: str) -> str:
    """What the report says of the pack's language (see packs.language.report_line)."""
    if not language or not how:
        return ""
    from quizapp.packs.language import report_line

    return report_line(language, how)


def in_line_order(problems: tuple[Problem, ...]) -> list[Problem]:
    """Problems by line (those about the whole file first), as one readable list."""
    return sorted(problems, key=lambda p: (p.line is not None, p.line or 0))


def notes(
    types: tuple[tuple[str, int], ...], warnings: tuple[Problem, ...], language: str, how: str
) -> list[str]:
    """What a file converted from another format held, and its language: the lines under its
    result. A TOML pack or a .quizpack (``how`` empty: the file says its language, and
    nothing was converted) needs none."""
    if not how:
        return []
    lines = (contents_line(types, warnings), language_line(language, how))
    return [line for line in lines if line]
