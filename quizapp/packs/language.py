"""The language a pack's questions are written in, told from their text when it is clear.

GIFT, Aiken, CSV and Moodle XML files do not say their language. Rather than call every
such pack English, quizapp looks at the text: the writing system first (Cyrillic, Chinese,
Japanese, Korean, Greek, Arabic, Hebrew…), then, for the Latin alphabet, how often the
commonest short words of each language appear ("the", "of", "and" in English; "el", "de",
"que" in Spanish…). It answers only when one language is clearly ahead; otherwise the pack's
language is "und" (ISO 639's "undetermined") and the import says so, so the teacher can give it
with ``--language``.

Why not a library: lingua's wheel is 96 MB; py3langid needs numpy (73 MB installed);
langdetect has had no release since 2021 and ships no wheel. Telling a handful of school
languages apart in a whole file of questions needs none of their power (see docs/formats.md).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

UNDETERMINED = "und"

# Enough text to judge; more only costs time.
_SAMPLE_CHARS = 20_000
_MIN_WORDS = 12  # fewer words than this: not clear
_MIN_LETTERS = 8
_LEAD = 1.5  # the best language must score this many times the next one

# Writing systems that (for a school pack) name one language. Cyrillic is also Ukrainian,
# Bulgarian, Serbian…: the letters that only some of them use decide, else Russian.
_SCRIPTS: dict[str, str] = {
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "CJK": "zh",
    "GREEK": "el",
    "ARABIC": "ar",
    "HEBREW": "he",
    "DEVANAGARI": "hi",
    "THAI": "th",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "CYRILLIC": "ru",
    "LATIN": "",
}
_UKRAINIAN = set("іїєґІЇЄҐ")
_BULGARIAN_WORDS = {"на", "се", "са", "от", "за", "като", "който", "които", "това", "не"}

# The commonest short words of each language (articles, prepositions, conjunctions, pronouns):
# words that appear in any text, whatever its subject, and that tell these languages apart.
_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the of and to in is that it was for on are as with his they at be this from "
        "have or by one had not but what all were when we there can an which their if do will "
        "who does did how why",
        "es": "el la de que y en los se del las un por con una su para es al lo como más pero "
        "sus le ya o fue este ha sí porque esta son entre cuando muy sin sobre también me hasta "
        "hay donde quien desde todo nos durante qué cuál cómo",
        "pt": "o a de que e do da em um para é com não uma os no se na por mais as dos como mas "
        "foi ao ele das tem à seu sua ou ser quando muito há nos já está também só pelo pela "
        "qual",
        "gl": "o a de que e do da en un para é con non unha os no se na por máis as dos como "
        "pero foi ao el das ten á seu súa ou ser cando moito hai nos xa está tamén só polo pola "
        "cal cómo",
        "fr": "le la de et les des en un une du est que qui dans pour pas au sur ne se plus par "
        "il elle ce avec sont mais ou comme on tout nous sa son ses leur aux était cette quel "
        "quelle",
        "it": "il la di che e un una in del per è non della le si con da i sono gli al nel alla "
        "dei più ma come anche ha se questo lo delle o suo sua quale quando perché degli",
        "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als "
        "auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem "
        "über welche",
        "nl": "de het een van en in is dat op te zijn voor met die niet aan er om ook als bij "
        "of maar uit worden door naar dan wat werd deze wordt nog welke",
        "ca": "el la de i que en els les un una per amb no del es al és com més però seu seva o "
        "ha fou aquest aquesta són entre quan molt sense sobre també fins hi on qui tot quin "
        "quina",
    }.items()
}
# Words of one language only, among those above: seeing them settles a close call.
_TELLING: dict[str, frozenset[str]] = {
    lang: words - frozenset().union(*(w for other, w in _WORDS.items() if other != lang))
    for lang, words in _WORDS.items()
}

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str:
    try:
        name = unicodedata.name(char)
    except ValueError:
        return ""
    for script in _SCRIPTS:
        if name.startswith(script):
            return script
    return ""


def _sample(texts: Iterable[str]) -> str:
    parts: list[str] = []
    size = 0
    for text in texts:
        parts.append(text)
        size += len(text)
        if size >= _SAMPLE_CHARS:
            break
    return "\n".join(parts)[:_SAMPLE_CHARS]


def detect(texts: Iterable[str]) -> str | None:
    """The language (an ISO 639-1 code) these texts are clearly written in, or None."""
    sample = _sample(texts)
    scripts = Counter(s for s in map(_script, sample) if s)
    letters = sum(scripts.values())
    if letters < _MIN_LETTERS:
        return None  # a few characters say nothing clear
    # A text in another writing system quotes Latin names and terms ("All-or-Nothing"), and
    # one Chinese character says as much as a word: a third of the letters is enough.
    others = [(n, s) for s, n in scripts.items() if s != "LATIN"]
    count, script = max(others) if others else (0, "LATIN")
    if count < letters / 3:
        script, count = "LATIN", scripts["LATIN"]
    if count < 0.6 * letters and script == "LATIN":
        return None  # mixed writing systems: not clear
    if script in ("HIRAGANA", "KATAKANA") or (script == "CJK" and scripts["HIRAGANA"]):
        return "ja"
    if script == "CYRILLIC":
        if any(c in _UKRAINIAN for c in sample):
            return "uk"
        words = _WORD.findall(sample.lower())
        bulgarian = sum(1 for w in words if w in _BULGARIAN_WORDS)
        return "bg" if words and bulgarian > 0.08 * len(words) else "ru"
    if script != "LATIN":
        return _SCRIPTS[script]
    return _latin(sample)


def _latin(sample: str) -> str | None:
    words = _WORD.findall(sample.lower())
    if len(words) < _MIN_WORDS:
        return None
    counted = Counter(words)
    scores: dict[str, float] = {}
    for lang, common in _WORDS.items():
        telling = _TELLING[lang]
        scores[lang] = sum(
            n * (3.0 if w in telling else 1.0) for w, n in counted.items() if w in common
        )
    (best, top), (_, second) = sorted(scores.items(), key=lambda kv: -kv[1])[:2]
    if top < 0.08 * len(words) or top < _LEAD * second:
        return None
    return best


def report_line(code: str, how: str) -> str:
    """What an import says of the pack's language, given how it was settled (ReadResult)."""
    if how == "given":
        return f"language: {describe(code)} ({code}), as given"
    if how == "detected":
        return (
            f"language: {describe(code)} ({code}), told from the text; if that is wrong, set "
            "it in the editor or import again with --language"
        )
    if how == "undetermined":
        return (
            'language: not clear from the text, so it is "und" (undetermined); import again '
            "with --language (for example --language es), or set it in the editor"
        )
    return f"language: {describe(code)} ({code})"


def describe(code: str) -> str:
    """The language's English name, for the import's report."""
    return _NAMES.get(code, code)


_NAMES = {
    "en": "English",
    "es": "Spanish",
    "pt": "Portuguese",
    "gl": "Galician",
    "fr": "French",
    "it": "Italian",
    "de": "German",
    "nl": "Dutch",
    "ca": "Catalan",
    "ru": "Russian",
    "uk": "Ukrainian",
    "bg": "Bulgarian",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "el": "Greek",
    "ar": "Arabic",
    "he": "Hebrew",
    "hi": "Hindi",
    "th": "Thai",
    "ka": "Georgian",
    "hy": "Armenian",
    UNDETERMINED: "undetermined",
}
