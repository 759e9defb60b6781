"""Import real-sized teachers' files: how long reading one takes, and saving it in a bank.

Each part writes one file of about --mb megabytes in the shape real teachers' files have
(see tests/data/real), then times ``quizapp.packs.registry.read`` on it (the median of
--repeat runs; the target is under 5 s) and its import into a fresh SQLite bank through the
import service (``services.packs.import_files``, as ``quizapp pack import`` does).

A part is one function that returns a ``Sample``; add it to PARTS to measure another format.

    python benchmarks/bench_real_import.py [--mb 5] [--repeat 5] [--only gift]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synth import sentence

from quizapp.packs import registry
from quizapp.packs.formats import ReadResult
from quizapp.services import open_bank, packs

READ_TARGET_S = 5.0


@dataclass(frozen=True)
class Sample:
    """A generated file: its name (the extension picks the format) and its bytes."""

    name: str
    data: bytes


# -- GIFT ------------------------------------------------------------------------------------

_FRACTIONS = ["\\dfrac{1}{2}", "\\frac{3}{4}", "\\sqrt{2}", "x^{2}", "\\dfrac{2x - 4}{3}"]


def _gift_question(rng: random.Random, n: int) -> str:
    """One question, in one of the forms teachers write (and Moodle exports)."""
    name = f"Q{n} {sentence(rng, 3)[:-1]}"
    comment = f"// question: {n}  name: {name}\n" if n % 3 == 0 else ""
    if n % 7 == 0:
        comment += (
            f"// [id:u{n % 12}-q{n}] [tag:unit-{n % 12}] [tag:{rng.choice(['easy', 'hard'])}]\n"
        )
    prompt = sentence(rng, rng.randint(8, 24))
    kind = n % 10
    if kind in (0, 1, 2):  # single answer with feedback on each choice
        lines = [f"\t={sentence(rng, 3)}#{sentence(rng, 6)}"]
        lines += [f"\t~{sentence(rng, 3)}#{sentence(rng, 5)}" for _ in range(rng.randint(2, 4))]
        rng.shuffle(lines)
        return f"{comment}::{name}::{prompt} {{\n" + "\n".join(lines) + "\n}"
    if kind == 3:  # true/false, feedback for the wrong answer first
        answer = rng.choice(["T", "F", "TRUE", "FALSE"])
        return f"{comment}::{name}::{prompt}{{{answer}#{sentence(rng, 6)}#{sentence(rng, 5)}}}"
    if kind == 4:  # select all, with Moodle's weights and a penalty
        return (
            f"{comment}::{name}::{prompt} {{\n"
            f"\t~%50%{sentence(rng, 3)}#{sentence(rng, 4)}\n"
            f"\t~%50%{sentence(rng, 3)}\n"
            f"\t~%-100%{sentence(rng, 3)}\n"
            f"\t~%-25%{sentence(rng, 3)}#{sentence(rng, 4)}\n"
            f"\t####{sentence(rng, 12)}\n}}"
        )
    if kind == 5:  # plain TeX with unescaped braces, as in giftplay_ejemplo-matematicas
        a, b = rng.sample(_FRACTIONS, 2)
        return (
            f"{comment}::{name}::{prompt[:-1]} ${a} + 1$? {{\n"
            f"\t=${b}$\n\t~${a}$\n\t~$x = {rng.randint(2, 99)}$\n\t~{rng.randint(2, 99)}\n}}"
        )
    if kind == 6:  # HTML, as Moodle exports it
        return (
            f"{comment}::{name}::[html]<p>{prompt} <b>{sentence(rng, 2)}</b></p>{{\n"
            f"\t=<p>{sentence(rng, 3)}</p>\n\t~<p>{sentence(rng, 3)}</p>\n"
            f"\t~<p>{sentence(rng, 3)}</p>\n"
            f'\t####<p><a href\\="https\\://example.org/{n}">{sentence(rng, 5)}</a></p>\n}}'
        )
    if kind == 7:  # missing word, with TeX written for Moodle (escaped braces)
        return (
            f"{comment}{prompt[:-1]} {{=$\\dfrac\\{{1\\}}\\{{2\\}}$ ~{sentence(rng, 2)} "
            f"~{sentence(rng, 2)}}} {sentence(rng, 6)}"
        )
    if kind == 8:  # general feedback and a [markdown] prompt
        return (
            f"{comment}::{name}::[markdown]{prompt} **{sentence(rng, 2)}** {{\n"
            f"\t={sentence(rng, 3)}\n\t~{sentence(rng, 3)}\n\t~{sentence(rng, 3)}\n"
            f"\t####{sentence(rng, 20)}\n}}"
        )
    # Types quizapp skips with a warning: short answer, numerical, essay.
    return rng.choice(
        [
            f"{comment}::{name}::{prompt} {{={sentence(rng, 1)} ={sentence(rng, 2)}}}",
            f"{comment}::{name}::{prompt} {{#{rng.randint(1, 9)}:0.5}}",
            f"{comment}::{name}::{prompt} {{}}",
        ]
    )


def gift_sample(megabytes: float, seed: int = 11) -> Sample:
    """A GIFT file in units and topics ($CATEGORY:), with every form of _gift_question."""
    rng = random.Random(seed)
    blocks: list[str] = []
    size, n = 0, 0
    while size < megabytes * 1_000_000:
        if n % 40 == 0:
            unit, topic = n // 400 + 1, n // 40 % 10 + 1
            blocks.append(f"$CATEGORY: $course$/top/Unit {unit}/Topic {topic}")
        n += 1
        blocks.append(_gift_question(rng, n))
        size += len(blocks[-1].encode("utf-8")) + 2
    return Sample("real-sized.gift", ("\n\n".join(blocks) + "\n").encode("utf-8"))


# -- Aiken -----------------------------------------------------------------------------------


def aiken_sample(megabytes: float, seed: int = 47) -> Sample:
    """An Aiken .txt file in the shapes of tests/data/real/kabanowa47_sample_quiz.txt: trailing
    tabs, whitespace-only separator lines, "A." and "A)" options; with the question a teacher
    repeats ("Which of the following is true?"), "ANSWER: A, C" select-all questions, true/false
    ones, and a few that Moodle would skip (a lower-case "Answer:")."""
    rng = random.Random(seed)
    blocks: list[str] = []
    size, n = 0, 0
    while size < megabytes * 1_000_000:
        n += 1
        mark = ")" if n % 2 else "."
        prompt = (
            "Which of the following is true?"
            if n % 5 == 0
            else sentence(rng, rng.randint(8, 24))[:-1] + "?"
        )
        if n % 9 == 0:
            lines = [f"{prompt} \t", f"A{mark} True", f"B{mark} False"]
            answer = rng.choice("AB")
        else:
            count = rng.randint(3, 5)
            lines = [f"{prompt} \t"]
            lines += [
                f"{'ABCDE'[i]}{mark} {sentence(rng, rng.randint(1, 6))}" for i in range(count)
            ]
            letters = "ABCDE"[:count]
            answer = (
                ", ".join(sorted(rng.sample(letters, 2))) if n % 11 == 0 else rng.choice(letters)
            )
        keyword = "Answer:" if n % 97 == 0 else "ANSWER:"
        lines.append(f"{keyword} {answer}")
        blocks.append("\n".join(lines))
        size += len(blocks[-1].encode("utf-8")) + 4
    return Sample("real-sized.txt", ("\n \t\n".join(blocks) + "\n").encode("utf-8"))


PARTS: dict[str, Callable[[float], Sample]] = {"gift": gift_sample, "aiken": aiken_sample}


# -- measuring -------------------------------------------------------------------------------


def time_read(sample: Sample, repeat: int) -> tuple[float, ReadResult]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = registry.read(sample.data, sample.name)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def time_import(path: Path, folder: Path, repeat: int, part: str) -> float:
    times = []
    for i in range(repeat):
        bank = open_bank(folder / f"fresh-{part}-{i}.db")  # a bank of its own for each run
        start = time.perf_counter()
        [result] = packs.import_files(bank, [str(path)])
        times.append(time.perf_counter() - start)
        assert result.status.value == "added", (result.status, result.message)
        bank.close()
    return statistics.median(times)


def measure(part: str, sample: Sample, repeat: int, folder: Path) -> None:
    mb = len(sample.data) / 1e6
    read_s, result = time_read(sample, repeat)
    kinds = Counter(q.type.value for q in result.pack.questions)
    print(f"{part}: {mb:.1f} MB, {len(result.pack.questions)} questions imported", end="")
    print(f" ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}), ", end="")
    print(f"{len(result.warnings)} warnings")
    verdict = "met" if read_s < READ_TARGET_S else "NOT met"
    print(
        f"  read (registry.read): median {read_s:.2f} s of {repeat} (target: under 5 s, {verdict})"
    )
    path = folder / sample.name
    path.write_bytes(sample.data)
    import_s = time_import(path, folder, repeat, part)
    print(f"  import into a fresh SQLite bank: median {import_s:.2f} s of {repeat}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=sorted(PARTS), action="append")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for part in args.only or PARTS:
            measure(part, PARTS[part](args.mb), args.repeat, Path(tmp))


if __name__ == "__main__":
    main()
