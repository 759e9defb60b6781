"""Synthetic packs of realistic shape for the benchmarks (not for shipping)."""

from __future__ import annotations

import random

import tomli_w

WORDS = [
    "treaty",
    "alliance",
    "border",
    "minister",
    "summit",
    "archive",
    "record",
    "speech",
    "interview",
    "promise",
    "assurance",
    "reunification",
    "territory",
    "forces",
    "withdrawal",
    "referendum",
    "turnout",
    "majority",
    "historian",
    "document",
    "letter",
    "declaration",
    "protocol",
    "agreement",
    "parliament",
    "president",
]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def pack_dict(questions: int, *, pack_id: str = "synthetic", seed: int = 1, tags: int = 40) -> dict:
    """A valid pack: 1 source per 50 questions, 1 fact per 20, 4-choice MC and TF alternating."""
    rng = random.Random(seed)
    n_sources = max(1, questions // 50)
    n_facts = max(1, questions // 20)
    tag_names = [f"tag-{i:02d}" for i in range(tags)]
    sources = [
        {
            "id": f"S{i:04d}",
            "title": sentence(rng, 6),
            "author": "A. Author",
            "publisher": "Publisher",
            "date": f"{1950 + i % 70}-{1 + i % 12:02d}",
            "url": f"https://example.org/source/{i}",
            "kind": "report",
        }
        for i in range(n_sources)
    ]
    facts = [
        {
            "id": f"fact-{i:05d}",
            "statement": sentence(rng, 20),
            "sources": [{"source": f"S{i % n_sources:04d}", "locator": f"p. {i % 300}"}],
        }
        for i in range(n_facts)
    ]
    qs = []
    for i in range(questions):
        common = {
            "id": f"q-{i:06d}",
            "prompt": sentence(rng, 16) + "?",
        }
        if i % 2:
            q = {
                **common,
                "type": "true_false",
                "answer": bool(rng.getrandbits(1)),
                "feedback_true": sentence(rng, 10),
                "feedback_false": sentence(rng, 10),
            }
        else:
            right = rng.randrange(4)
            q = {
                **common,
                "type": "multiple_choice",
                "choices": [
                    {"text": sentence(rng, 4), "correct": j == right, "feedback": sentence(rng, 12)}
                    for j in range(4)
                ],
            }
        q |= {
            "explanation": " ".join(sentence(rng, 14) for _ in range(3)),
            "sources": [
                {
                    "source": f"S{rng.randrange(n_sources):04d}",
                    "locator": f"p. {rng.randrange(1, 400)}",
                    "quote": sentence(rng, 22),
                },
                {"source": f"S{rng.randrange(n_sources):04d}", "locator": "Art. 5(3)"},
            ],
            "fact": f"fact-{i % n_facts:05d}",
            "tags": rng.sample(tag_names, 2),
            "difficulty": 1 + i % 5,
        }
        qs.append(q)
    return {
        "format": 1,
        "pack": {
            "id": pack_id,
            "title": f"Synthetic pack {pack_id}",
            "version": "1.0.0",
            "language": "en",
            "authors": ["benchmark"],
        },
        "sources": sources,
        "facts": facts,
        "questions": qs,
    }


def pack_text(questions: int, **kwargs: object) -> str:
    return tomli_w.dumps(pack_dict(questions, **kwargs))  # type: ignore[arg-type]
