"""Import a 10,000-question TOML pack into an existing bank: quizapp versus the floor.

The floor parses the same file with tomllib and inserts the same rows (pack, sources,
facts, questions, choices, citations, tags) into the same schema with the sqlite3 module in
one transaction. quizapp does the same work plus validation (pydantic), mapping to core
objects and its data layer. Each run imports into a fresh copy of a bank that already holds
the bundled pack. Both run in this process, alternately, several times; medians are
compared. Also prints the bank's size on disk per 10,000 questions.

    python benchmarks/bench_import.py [--questions 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from banks import small_bank
from synth import pack_text

from quizapp.services import open_bank, packs


def baseline(path: Path, db: Path) -> None:
    """tomllib + sqlite3: parse, then insert every row in one transaction."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = ON")
    with con:
        p = data["pack"]
        con.execute(
            "INSERT INTO packs (id, title, version, language, authors, license, description, "
            "origin, source_format, bundled, imported_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, '', '', ?, 'toml', 0, datetime('now'), datetime('now'))",
            (p["id"], p["title"], p["version"], p["language"], "\n".join(p["authors"]), str(path)),
        )
        pack_id = p["id"]
        con.executemany(
            "INSERT INTO sources (pack_id, key, title, author, publisher, date, url, kind, note, "
            "position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?)",
            [
                (
                    pack_id,
                    s["id"],
                    s["title"],
                    s["author"],
                    s["publisher"],
                    s["date"],
                    s["url"],
                    s["kind"],
                    i,
                )
                for i, s in enumerate(data["sources"])
            ],
        )
        source_ids = dict(con.execute("SELECT key, id FROM sources WHERE pack_id = ?", (pack_id,)))
        con.executemany(
            "INSERT INTO facts (pack_id, key, statement, position) VALUES (?, ?, ?, ?)",
            [(pack_id, f["id"], f["statement"], i) for i, f in enumerate(data["facts"])],
        )
        fact_ids = dict(con.execute("SELECT key, id FROM facts WHERE pack_id = ?", (pack_id,)))
        con.executemany(
            "INSERT INTO citations (fact_id, source_id, position, locator, quote) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (
                    fact_ids[f["id"]],
                    source_ids[c["source"]],
                    j,
                    c.get("locator", ""),
                    c.get("quote", ""),
                )
                for f in data["facts"]
                for j, c in enumerate(f["sources"])
            ],
        )
        con.executemany(
            "INSERT INTO questions (pack_id, key, type, prompt, explanation, fact_id, difficulty, "
            "shuffle, position, retired, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, 0, '')",
            [
                (
                    pack_id,
                    q["id"],
                    q["type"],
                    q["prompt"],
                    q["explanation"],
                    fact_ids[q["fact"]],
                    q["difficulty"],
                    i,
                )
                for i, q in enumerate(data["questions"])
            ],
        )
        qids = dict(con.execute("SELECT key, id FROM questions WHERE pack_id = ?", (pack_id,)))
        choices = []
        for q in data["questions"]:
            if q["type"] == "true_false":
                rows = [
                    ("True", q["answer"], q["feedback_true"]),
                    ("False", not q["answer"], q["feedback_false"]),
                ]
            else:
                rows = [(c["text"], c["correct"], c["feedback"]) for c in q["choices"]]
            choices.extend((qids[q["id"]], j, *r) for j, r in enumerate(rows))
        con.executemany(
            "INSERT INTO choices (question_id, position, text, correct, feedback) "
            "VALUES (?, ?, ?, ?, ?)",
            choices,
        )
        con.executemany(
            "INSERT INTO citations (question_id, source_id, position, locator, quote) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (
                    qids[q["id"]],
                    source_ids[c["source"]],
                    j,
                    c.get("locator", ""),
                    c.get("quote", ""),
                )
                for q in data["questions"]
                for j, c in enumerate(q["sources"])
            ],
        )
        names = sorted({t for q in data["questions"] for t in q["tags"]})
        con.executemany("INSERT OR IGNORE INTO tags (name) VALUES (?)", [(n,) for n in names])
        tag_ids = dict(con.execute("SELECT name, id FROM tags"))
        con.executemany(
            "INSERT INTO question_tags (question_id, tag_id, position) VALUES (?, ?, ?)",
            [
                (qids[q["id"]], tag_ids[t], j)
                for q in data["questions"]
                for j, t in enumerate(q["tags"])
            ],
        )
    con.close()


def existing_bank(folder: Path, template: Path, name: str) -> Path:
    """A copy of a bank holding the bundled pack (made outside the timing)."""
    path = folder / name
    shutil.copy(template, path)
    return path


def quizapp_import(path: Path, db: Path) -> None:
    bank = open_bank(db)
    [result] = packs.import_files(bank, [str(path)])
    assert result.status.value == "added", result
    bank.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pack = folder / "pack.toml"
        pack.write_text(pack_text(args.questions), encoding="utf-8")
        print(f"pack: {args.questions} questions, {pack.stat().st_size / 1e6:.2f} MB of TOML")
        template = small_bank(folder)
        times: dict[str, list[float]] = {"baseline": [], "quizapp": []}
        for i in range(args.repeat):
            for name, run in (("baseline", baseline), ("quizapp", quizapp_import)):
                db = existing_bank(folder, template, f"{name}-{i}.db")
                start = time.perf_counter()
                run(pack, db)
                times[name].append(time.perf_counter() - start)
        base = statistics.median(times["baseline"])
        ours = statistics.median(times["quizapp"])
        for name, values in times.items():
            print(
                f"{name:9s} median {statistics.median(values) * 1000:7.0f} ms   runs: "
                + ", ".join(f"{v * 1000:.0f}" for v in values)
            )
        print(f"ratio quizapp / baseline: {ours / base:.2f}x (target: at most 2.00x)")

        db = folder / "quizapp-0.db"
        con = sqlite3.connect(db)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("VACUUM")
        con.close()
        size = db.stat().st_size
        print(
            f"bank size on disk: {size / 1e6:.1f} MB for {args.questions} questions "
            f"= {size / 1e6 * 10_000 / args.questions:.1f} MB per 10,000 questions"
        )


if __name__ == "__main__":
    main()
