"""Anki packages (.apkg): one note per question, with its choices, answer, explanation and sources.

Export only: quizapp does not read Anki packages. genanki is imported when a package is
written, never when the app starts.

Every id is derived from the pack, so exporting a pack again and importing the file into Anki
updates the notes already there instead of adding copies:

- the note type "quizapp question" is the same for every pack (one id, ``MODEL_ID``): a learner
  who studies several packs restyles one note type, and a renamed pack does not leave an
  orphan note type behind. Its fields change only together with ``MODEL_ID``, so Anki never
  sees one id with two different sets of fields;
- the deck's id comes from the pack id (its name is the pack's title);
- a note's guid comes from the pack id and the question id.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterator
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any

from quizapp.core.model import Citation, Fact, Image, Pack, Question, QuestionType, Source
from quizapp.packs.formats import IMPORTED_FILE_SOURCE, WriteResult

MODEL_NAME = "quizapp question"
FIELDS = ("Prompt", "Choices", "Answer", "Explanation", "Sources")
# genanki asks for ids in [2**30, 2**31): Anki's own ids are milliseconds since 1970, far above.
_ID_LOW = 1 << 30


def stable_id(key: str) -> int:
    """An Anki id in [2**30, 2**31) that is always the same for ``key``."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return _ID_LOW + int.from_bytes(digest[:8], "big") % _ID_LOW


# A new set of fields needs a new key here (e.g. "question-2"), and with it a new note type.
MODEL_ID = stable_id("quizapp-model:question-1")


def deck_id(pack_id: str) -> int:
    """The id of the deck a pack is exported to."""
    return stable_id(f"quizapp-deck:{pack_id}")


def note_guid(pack_id: str, question_id: str) -> str:
    """The guid of a question's note: Anki updates the note that has it on a new import."""
    import genanki

    return str(genanki.guid_for(pack_id, question_id))


def anki_tags(pack: Pack, question: Question) -> list[str]:
    """The note's tags: the question's own (Anki tags have no spaces: they become "_"), then
    ``quizapp::<pack id>`` so that the notes can be found whichever deck they are moved to."""
    tags: list[str] = []
    seen: set[str] = set()
    for tag in (*question.tags, f"quizapp::{pack.info.id}"):
        tag = "_".join(tag.split())
        if tag and tag.casefold() not in seen:  # Anki's tags ignore case
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


FRONT = """\
<div class="prompt">{{Prompt}}</div>
{{#Choices}}<div class="choices">{{Choices}}</div>{{/Choices}}"""

BACK = """\
{{FrontSide}}
<hr id="answer">
<div class="answer">{{Answer}}</div>
{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}
{{#Sources}}<div class="sources"><div class="heading">Sources</div>{{Sources}}</div>{{/Sources}}"""

# No text or background colour of its own: Anki's light and dark themes choose them. Accents
# are grey with transparency, or have a light-mode and a dark-mode (.nightMode) shade.
CSS = """\
.card {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif;
  font-size: 20px;
  line-height: 1.45;
  text-align: left;
  max-width: 40em;
  margin: 0 auto;
  padding: 0 0.5em;
}
.prompt { font-size: 1.1em; margin-bottom: 0.5em; }
.choices ol, .choices ul { margin: 0.3em 0; padding-left: 1.8em; }
.choices li { margin: 0.2em 0; }
hr#answer { border: none; border-top: 1px solid rgba(128, 128, 128, 0.4); margin: 0.8em 0; }
.correct { font-weight: 600; color: #116329; }
.nightMode .correct, .night_mode .correct { color: #7ee787; }
.feedback { margin: 0.4em 0 0; padding-left: 1.2em; font-size: 0.9em; }
.explanation { margin-top: 0.8em; }
.sources {
  margin-top: 1em;
  padding-top: 0.5em;
  border-top: 1px solid rgba(128, 128, 128, 0.4);
  font-size: 0.85em;
}
.sources .heading { font-size: 0.8em; font-weight: 600; letter-spacing: 0.05em;
  text-transform: uppercase; opacity: 0.7; }
.source { margin: 0.6em 0; }
.source-title { font-weight: 600; }
.source-meta, .locator { opacity: 0.75; }
blockquote {
  margin: 0.3em 0;
  padding: 0.2em 0.8em;
  border-left: 3px solid rgba(128, 128, 128, 0.6);
  background: rgba(128, 128, 128, 0.12);
}
a { color: #0b57d0; }
.nightMode a, .night_mode a { color: #8ab4f8; }
img { max-width: 100%; height: auto; }
"""


def _text(text: str) -> str:
    """Plain text as HTML: escaped, its line breaks kept. Quotes need no escaping outside an
    attribute, and left as they are the fields stay readable in Anki's HTML editor."""
    return escape(text, quote=False).replace("\r\n", "\n").replace("\n", "<br>")


def _letter(index: int) -> str:
    return chr(ord("A") + index)  # a question has at most 8 choices


class _Media:
    """The pictures the notes show, named so that two packs never overwrite each other's."""

    def __init__(self, pack_id: str, images: dict[str, bytes]) -> None:
        self.pack_id = pack_id
        self.images = images
        self.files: dict[str, bytes] = {}  # name in Anki's media folder -> bytes
        self.warnings: list[str] = []

    def img(self, image: Image | None, question: Question) -> str:
        if image is None:
            return ""
        data = self.images.get(image.path)
        if data is None:
            self.warnings.append(
                f'question "{question.id}": the picture "{image.path}" is missing, so its card '
                "shows only the picture's description"
            )
            return f" [{_text(image.alt or image.path)}]"
        # Named by content: the same picture keeps its name when the pack is exported again.
        digest = hashlib.sha256(data).hexdigest()[:16]
        name = f"quizapp-{self.pack_id}-{digest}{PurePosixPath(image.path).suffix.lower()}"
        self.files[name] = data
        return f'<br><img src="{escape(name)}" alt="{escape(image.alt)}">'


def _choices(question: Question, media: _Media) -> str:
    if question.type is QuestionType.TRUE_FALSE:
        items = "".join(f"<li>{_text(c.text)}</li>" for c in question.choices)
        return f'<ul class="true-false">{items}</ul>'
    items = "".join(
        f"<li>{_text(c.text)}{media.img(c.image, question)}</li>" for c in question.choices
    )
    return f'<ol type="A">{items}</ol>'


def _answer(question: Question) -> str:
    """The correct choice(s), lettered as on the front ("True"/"False" for true/false), then
    what the pack says about each choice."""
    if question.type is QuestionType.TRUE_FALSE:
        names = [_text(c.text) for c in question.choices]
        correct = [names[i] for i in question.correct_indexes]
    else:
        # The front is shown above the answer: a letter is enough to name a choice there.
        names = [_letter(i) for i in range(len(question.choices))]
        correct = [
            f"{names[i]}. {_text(question.choices[i].text)}" for i in question.correct_indexes
        ]
    html = "".join(f'<div class="correct">{label}</div>' for label in correct)
    feedback = [
        f"<li><b>{names[i]}</b>: {_text(c.feedback)}</li>"
        for i, c in enumerate(question.choices)
        if c.feedback
    ]
    if feedback:
        html += f'<ul class="feedback">{"".join(feedback)}</ul>'
    return html


def _citations(question: Question, facts: dict[str, Fact]) -> Iterator[Citation]:
    """The question's citations, then those of its fact it does not cite itself (as in a quiz);
    never the placeholder an import without sources adds."""
    own = question.citations
    fact = facts.get(question.fact or "")
    for citation in (*own, *(c for c in (fact.citations if fact else ()) if c not in own)):
        if citation.source != IMPORTED_FILE_SOURCE:
            yield citation


def _source(source: Source | None, citation: Citation) -> str:
    title = _text(source.title if source else citation.source)
    if source is not None and source.url:
        title = f'<a href="{escape(source.url)}">{title}</a>'
    parts = [f'<div class="source-title">{title}</div>']
    if source is not None:
        meta = [m for m in (source.author, source.publisher, source.date) if m]
        if meta:
            parts.append(f'<div class="source-meta">{_text(" · ".join(meta))}</div>')
    if citation.locator:
        parts.append(f'<div class="locator">{_text(citation.locator)}</div>')
    if citation.quote:
        parts.append(f"<blockquote>{_text(citation.quote)}</blockquote>")
    return f'<div class="source">{"".join(parts)}</div>'


def _note_fields(
    question: Question, sources: dict[str, Source], facts: dict[str, Fact], media: _Media
) -> list[str]:
    """The five fields of a question's note (``FIELDS``), as HTML: the pack's text escaped."""
    return [
        _text(question.prompt) + media.img(question.image, question),
        _choices(question, media),
        _answer(question),
        _text(question.explanation),
        "".join(_source(sources.get(c.source), c) for c in _citations(question, facts)),
    ]


def _model() -> Any:
    import genanki

    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Question", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
    )


def write_apkg(
    pack: Pack, images: dict[str, bytes], *, timestamp: float | None = None
) -> WriteResult:
    """The pack as an Anki package: a deck named after the pack, one note per question.

    ``timestamp`` (default: now) is the notes' modification time; Anki replaces a note it
    already has only with a newer one, so a new export must carry a new time.
    """
    import genanki

    model = _model()
    media = _Media(pack.info.id, images)
    sources, facts = pack.source_map(), pack.fact_map()
    deck = genanki.Deck(deck_id(pack.info.id), pack.info.title, _text(pack.info.description))
    for question in pack.questions:
        deck.add_note(
            genanki.Note(
                model=model,
                fields=_note_fields(question, sources, facts, media),
                tags=anki_tags(pack, question),
                guid=note_guid(pack.info.id, question.id),
            )
        )
    when = time.time() if timestamp is None else timestamp
    with tempfile.TemporaryDirectory(prefix="quizapp-apkg-") as folder:
        # genanki's own write_to_file leaves its temporary database behind: build it here.
        collection = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(collection)
        try:
            # Note and card ids as Anki makes them: milliseconds, one apart.
            ids = itertools.count(int(when * 1000))
            genanki.Package(deck).write_to_db(connection.cursor(), when, ids)
            connection.commit()
        finally:
            connection.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(collection, "collection.anki2")
            names = sorted(media.files)
            archive.writestr("media", json.dumps({str(i): n for i, n in enumerate(names)}))
            for i, name in enumerate(names):
                archive.writestr(str(i), media.files[name])
    return WriteResult(buffer.getvalue(), tuple(dict.fromkeys(media.warnings)))
