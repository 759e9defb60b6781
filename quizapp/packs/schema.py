"""The TOML pack format, version 1, as pydantic models: types, required fields and limits."""

import re
from datetime import date
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from quizapp.core.versions import is_semver

FORMAT_VERSION = 1

# Limits: generous for real packs (a language course's reading passage of a few thousand
# words is a normal prompt; shared decks of 30,000+ items exist), small enough that a runaway
# file is caught early. Every format is held to them (packs.validate).
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_QUESTIONS = 50_000
MAX_SOURCES = 5_000
MAX_FACTS = 10_000
MAX_CHOICES = 8
MIN_CHOICES = 2
MAX_CITATIONS = 50
MAX_TAGS = 20
LIMITS = {
    "id": 64,
    "title": 300,
    "pack_title": 200,
    "name": 300,
    "license": 100,
    "description": 10_000,
    "prompt": 30_000,
    "choice": 2_000,
    "feedback": 5_000,
    "explanation": 30_000,
    "statement": 5_000,
    "locator": 200,
    "quote": 5_000,
    "note": 5_000,
    "url": 2000,
    "tag": 60,
}

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
PARTIAL_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)

QUESTION_TYPES = ("multiple_choice", "true_false", "multiple_response")
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp")
IMAGE_PATH_RE = re.compile(r"^(?!/)(?!.*(?:^|/)\.\.(?:/|$))[A-Za-z0-9._/-]+$")
SourceKindName = Literal[
    "article", "treaty", "speech", "interview", "letter", "book", "report", "dataset", "other"
]
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKindName)


def _fail(message: str) -> PydanticCustomError:
    # The "quizapp" error type tells the message mapper to print the text as it is.
    return PydanticCustomError("quizapp", message)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise _fail("must not be empty")
    return value


def _check_id(value: str) -> str:
    if not ID_RE.match(value):
        raise _fail(
            f'"{value}" is not a valid id: use letters, digits, "-", "_" or "." '
            "and start with a letter or digit"
        )
    return value


def _check_slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise _fail(
            f'"{value}" is not a valid pack id: use lowercase letters a-z, digits and single '
            'hyphens, like "world-history-1"'
        )
    return value


def _check_semver(value: str) -> str:
    if not is_semver(value):
        raise _fail(f'"{value}" is not a version number like "1.0.0" (semver)')
    return value


def _check_language(value: str) -> str:
    if not LANGUAGE_RE.match(value):
        raise _fail(f'"{value}" is not a language code like "en", "fr" or "pt-BR"')
    return value


def _check_date(value: str) -> str:
    m = PARTIAL_DATE_RE.match(value)
    if m is None:
        raise _fail(f'"{value}" is not a date: write "1990", "1990-09" or "1990-09-12"')
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        date(year, month, day)
    except ValueError:
        raise _fail(f'"{value}" is not a real date') from None
    return value


def _check_url(value: str) -> str:
    if not URL_RE.match(value):
        raise _fail(f'"{value}" is not a web address starting with http:// or https://')
    return value


_NotBlank = AfterValidator(_not_blank)
PackTitle = Annotated[str, StringConstraints(max_length=LIMITS["pack_title"]), _NotBlank]
Title = Annotated[str, StringConstraints(max_length=LIMITS["title"]), _NotBlank]
Name = Annotated[str, StringConstraints(max_length=LIMITS["name"]), _NotBlank]
Prompt = Annotated[str, StringConstraints(max_length=LIMITS["prompt"]), _NotBlank]
ChoiceText = Annotated[str, StringConstraints(max_length=LIMITS["choice"]), _NotBlank]
Statement = Annotated[str, StringConstraints(max_length=LIMITS["statement"]), _NotBlank]
OptName = Annotated[str, StringConstraints(max_length=LIMITS["name"])]
License = Annotated[str, StringConstraints(max_length=LIMITS["license"])]
Description = Annotated[str, StringConstraints(max_length=LIMITS["description"])]
Locator = Annotated[str, StringConstraints(max_length=LIMITS["locator"])]
Quote = Annotated[str, StringConstraints(max_length=LIMITS["quote"])]
Note = Annotated[str, StringConstraints(max_length=LIMITS["note"])]
Feedback = Annotated[str, StringConstraints(max_length=LIMITS["feedback"])]
Explanation = Annotated[str, StringConstraints(max_length=LIMITS["explanation"])]


def _check_image_path(value: str) -> str:
    if not IMAGE_PATH_RE.match(value) or "//" in value:
        raise _fail(
            f'"{value}" is not a usable image path: write a relative path inside the pack, '
            'like "images/map.png" (letters, digits, ".", "_", "-" and "/")'
        )
    if not value.lower().endswith(IMAGE_EXTENSIONS):
        raise _fail(f'"{value}" is not a PNG, JPEG, GIF or WebP image')
    return value


Id = Annotated[str, StringConstraints(max_length=LIMITS["id"]), AfterValidator(_check_id)]
Tag = Annotated[str, StringConstraints(max_length=LIMITS["tag"]), _NotBlank]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class PackMeta(_Model):
    """The ``[pack]`` table."""

    id: Annotated[str, StringConstraints(max_length=LIMITS["id"]), AfterValidator(_check_slug)]
    title: PackTitle
    version: Annotated[str, AfterValidator(_check_semver)]
    language: Annotated[str, AfterValidator(_check_language)] = "en"
    authors: list[Name] = Field(default_factory=list, max_length=50)
    license: License = ""
    description: Description = ""


class CitationModel(_Model):
    """A citation: ``{ source = "S01", locator = "p. 12", quote = "..." }``."""

    source: Id
    locator: Locator = ""
    quote: Quote = ""


class SourceModel(_Model):
    """One ``[[sources]]`` entry."""

    id: Id
    title: Title
    author: OptName = ""
    publisher: OptName = ""
    date: Annotated[str, AfterValidator(_check_date)] | None = None
    url: (
        Annotated[str, StringConstraints(max_length=LIMITS["url"]), AfterValidator(_check_url)]
        | None
    ) = None
    kind: SourceKindName = "other"
    note: Note = ""


class FactModel(_Model):
    """One ``[[facts]]`` entry."""

    id: Id
    statement: Statement
    sources: list[CitationModel] = Field(default_factory=list, max_length=MAX_CITATIONS)


class ImageModel(_Model):
    """``image = { path = "images/map.png", alt = "A map of Europe in 1990" }``."""

    path: Annotated[str, StringConstraints(max_length=200), AfterValidator(_check_image_path)]
    alt: Annotated[str, StringConstraints(max_length=300), AfterValidator(_not_blank)]


class ChoiceModel(_Model):
    """One choice of a multiple-choice or multiple-response question.

    ``penalty``: what picking this wrong choice costs under the penalty marking scheme, as a
    share of a mark (0 to 1); left out, the scheme's own rule applies.
    """

    text: ChoiceText
    correct: bool = False  # teachers mark the right answer, not every wrong one
    feedback: Feedback = ""
    image: ImageModel | None = None
    penalty: Annotated[float, Field(ge=0, le=1)] | None = None

    @field_validator("penalty")
    @classmethod
    def _only_on_a_wrong_choice(cls, value: float | None, info: ValidationInfo) -> float | None:
        if value is not None and info.data.get("correct") is True:
            raise _fail(
                "a correct choice cannot have a penalty: penalty is what picking a wrong "
                "choice costs (remove it, or make the choice correct = false)"
            )
        return value


class _QuestionBase(_Model):
    id: Id
    prompt: Prompt
    explanation: Explanation = ""
    sources: list[CitationModel] = Field(default_factory=list, max_length=MAX_CITATIONS)
    fact: Id | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=MAX_TAGS)
    difficulty: Annotated[int, Field(ge=1, le=5)] | None = None
    image: ImageModel | None = None


class MultipleChoiceModel(_QuestionBase):
    """``type = "multiple_choice"``: 2-8 choices, exactly one of them correct."""

    type: Literal["multiple_choice"]
    choices: list[ChoiceModel] = Field(min_length=MIN_CHOICES, max_length=MAX_CHOICES)
    shuffle: bool = True

    @model_validator(mode="after")
    def _one_correct(self) -> "MultipleChoiceModel":
        n = sum(c.correct for c in self.choices)
        if n != 1:
            raise _fail(f"exactly one choice must be correct ({n} are)")
        return self


class TrueFalseModel(_QuestionBase):
    """``type = "true_false"``: a boolean ``answer``."""

    type: Literal["true_false"]
    answer: bool
    feedback_true: Feedback = ""
    feedback_false: Feedback = ""
    shuffle: bool = True


class MultipleResponseModel(_QuestionBase):
    """``type = "multiple_response"`` (select all that apply): 2-8 choices, one or more correct."""

    type: Literal["multiple_response"]
    choices: list[ChoiceModel] = Field(min_length=MIN_CHOICES, max_length=MAX_CHOICES)
    shuffle: bool = True

    @model_validator(mode="after")
    def _some_correct(self) -> "MultipleResponseModel":
        if not any(c.correct for c in self.choices):
            raise _fail("at least one choice must be correct (none is)")
        return self


QuestionModel = Annotated[
    MultipleChoiceModel | TrueFalseModel | MultipleResponseModel, Field(discriminator="type")
]


class PackFile(_Model):
    """A whole pack file."""

    format: Literal[1]
    pack: PackMeta
    sources: list[SourceModel] = Field(default_factory=list, max_length=MAX_SOURCES)
    facts: list[FactModel] = Field(default_factory=list, max_length=MAX_FACTS)
    questions: list[QuestionModel] = Field(min_length=1, max_length=MAX_QUESTIONS)
