""".quizpack archives: a faithful round trip, and hostile archives refused before they unpack."""

from __future__ import annotations

import io
import stat
import struct
import tracemalloc
import zipfile
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.model import (
    Choice,
    Citation,
    Image,
    Pack,
    PackInfo,
    Question,
    QuestionType,
    Source,
    true_false_choices,
)
from quizapp.core.problems import PackInvalid, Problem
from quizapp.packs import quizpack
from quizapp.packs.quizpack import (
    MAX_ENTRIES,
    read_quizpack,
    write_quizpack,
)
from quizapp.packs.toml_pack import dump_pack

from ..helpers import gives_pack_or_problems

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MB = 1024 * 1024

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(40))
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(40))
GIF = b"GIF89a" + bytes(range(20))
WEBP = b"RIFF\x20\x00\x00\x00WEBPVP8 " + bytes(range(20))


def sample_pack(question_image: str = "images/map.png", choice_image: str = "photo.jpg") -> Pack:
    choices = (
        Choice("Paris", True, "Yes.", Image(choice_image, "The Eiffel Tower")),
        Choice("Lyon", False),
    )
    return Pack(
        PackInfo("geo", "Geography", "1.0.0"),
        (Source("atlas", "The School Atlas"),),
        (),
        (
            Question(
                "capital",
                QuestionType.MULTIPLE_CHOICE,
                "Which city is marked on the map?",
                choices,
                "The map shows Paris.",
                (Citation("atlas", "p. 12"),),
                image=Image(question_image, "A map of France"),
            ),
            Question(
                "tf",
                QuestionType.TRUE_FALSE,
                "Paris is in France.",
                true_false_choices(True),
                "It is.",
                (Citation("atlas"),),
            ),
        ),
    )


IMAGES = {"images/map.png": PNG, "photo.jpg": JPEG}


def archive(
    *entries: tuple[str | zipfile.ZipInfo, bytes], method: int = zipfile.ZIP_DEFLATED
) -> bytes:
    """A zip of the given entries, written as given (nothing checked)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as zf:
        for name, content in entries:
            zf.writestr(name, content)
    return buffer.getvalue()


def good_entries() -> list[tuple[str | zipfile.ZipInfo, bytes]]:
    return [("pack.toml", dump_pack(sample_pack()).encode()), *IMAGES.items()]


def refused(data: bytes, name: str = "shared.quizpack") -> list[Problem]:
    with pytest.raises(PackInvalid) as caught:
        read_quizpack(data, name)
    return caught.value.problems


def only_message(data: bytes) -> str:
    (problem,) = refused(data)
    assert problem.file == "shared.quizpack"
    return problem.message


def central_entries(data: bytes) -> Iterator[tuple[int, str]]:
    """(offset, name) of each central directory record."""
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length, extra_length, comment_length = struct.unpack("<HHH", data[at + 28 : at + 34])
        yield at, data[at + 46 : at + 46 + name_length].decode()
        at = data.find(b"PK\x01\x02", at + 46 + name_length + extra_length + comment_length)


def patch_central(data: bytes, entry: str, field_offset: int, value: int, size: int = 4) -> bytes:
    """Change one field of an entry's central directory record (the directory lies)."""
    out = bytearray(data)
    for at, name in central_entries(data):
        if name == entry:
            fmt = "<I" if size == 4 else "<H"
            out[at + field_offset : at + field_offset + size] = struct.pack(fmt, value)
            return bytes(out)
    raise AssertionError(f"no entry {entry}")


def zeros_entry(zf: zipfile.ZipFile, name: str, size: int, head: bytes = PNG) -> None:
    """Deflate ``head`` then zeros up to ``size`` bytes without holding them in memory."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with zf.open(info, "w") as f:
        f.write(head)
        left = size - len(head)
        block = bytes(MB)
        while left > 0:
            f.write(block[: min(left, MB)])
            left -= MB


# -- round trip ------------------------------------------------------------------------------


def test_a_written_quizpack_reads_back_to_the_same_pack_and_images() -> None:
    written = write_quizpack(sample_pack(), IMAGES)
    assert written.warnings == ()
    result = read_quizpack(written.data, "geo.quizpack")
    assert result.pack == sample_pack()
    assert result.images == IMAGES
    assert result.warnings == ()


def test_every_image_kind_reads_back() -> None:
    pack = sample_pack("images/anim.gif", "images/photo.webp")
    images = {"images/anim.gif": GIF, "images/photo.webp": WEBP}
    assert read_quizpack(write_quizpack(pack, images).data, "x.quizpack").images == images


def test_the_same_pack_always_gives_the_same_bytes() -> None:
    first = write_quizpack(sample_pack(), IMAGES).data
    second = write_quizpack(sample_pack(), dict(reversed(IMAGES.items()))).data
    assert first == second


def test_written_entries_have_fixed_times_pack_toml_first_then_sorted_images() -> None:
    with zipfile.ZipFile(io.BytesIO(write_quizpack(sample_pack(), IMAGES).data)) as zf:
        infos = zf.infolist()
    assert [i.filename for i in infos] == ["pack.toml", "images/map.png", "photo.jpg"]
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


def test_writing_leaves_out_images_the_pack_does_not_use() -> None:
    data = write_quizpack(sample_pack(), {**IMAGES, "extra.png": PNG}).data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "extra.png" not in zf.namelist()


def test_writing_without_an_image_the_pack_shows_is_a_plain_value_error() -> None:
    with pytest.raises(
        ValueError, match=r'the image "photo.jpg" of choice 1 of question "capital" is missing'
    ):
        write_quizpack(sample_pack(), {"images/map.png": PNG})


def test_writing_an_image_path_a_quizpack_cannot_hold_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="points outside the archive"):
        write_quizpack(sample_pack("../map.png"), {"../map.png": PNG, "photo.jpg": JPEG})


def test_writing_a_pack_that_will_not_import_says_so() -> None:
    pack = sample_pack()
    bare = Pack(
        pack.info,
        pack.sources,
        (),
        (Question("q", QuestionType.TRUE_FALSE, "Claim.", true_false_choices(True)),),
    )
    (warning,) = write_quizpack(bare, {}).warnings
    assert warning.startswith("this .quizpack will not import until its pack.toml is fixed")


# -- what the archive must look like ---------------------------------------------------------


def test_bytes_that_are_not_a_zip_are_refused_in_one_sentence() -> None:
    assert only_message(b"format = 1\n[pack]\n") == (
        "is not a .quizpack: a .quizpack is a zip archive, and this is not"
    )


def test_a_damaged_zip_is_refused_in_one_sentence() -> None:
    data = write_quizpack(sample_pack(), IMAGES).data
    assert only_message(data[: len(data) // 2]).startswith("is a damaged zip archive")


def test_an_archive_without_pack_toml_is_refused() -> None:
    assert only_message(archive(("images/map.png", PNG))) == (
        "has no pack.toml at its top level, so it is not a quizapp pack"
    )


def test_pack_toml_in_a_folder_is_refused() -> None:
    message = only_message(archive(("geo/pack.toml", b"format = 1\n")))
    assert message.startswith('the entry "geo/pack.toml" is a pack.toml inside a folder')


def test_problems_in_pack_toml_keep_their_lines() -> None:
    (problem,) = refused(archive(("pack.toml", b"format = 1\n[pack]\nid = \n")))
    assert problem.file == "shared.quizpack:pack.toml"
    assert problem.line == 3


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("../evil.png", "points outside the archive"),
        ("images/../../evil.png", "points outside the archive"),
        ("/abs.png", "has an absolute path"),
        ("C:\\x.png", "uses backslashes"),
        ("C:/x.png", "starts with a drive letter"),
        ("images\\x.png", "uses backslashes"),
        ("images//x.png", 'has an empty or "." folder'),
        ("./x.png", 'has an empty or "." folder'),
        ("evil.exe", "is not pack.toml or an image"),
        ("images/notes.txt", "is not pack.toml or an image"),
    ],
)
def test_an_unsafe_or_unexpected_entry_is_refused_by_name(entry: str, reason: str) -> None:
    message = only_message(archive(*good_entries(), (entry, PNG)))
    assert message.startswith(f'the entry "{entry}" {reason}')


def test_a_symbolic_link_is_refused() -> None:
    link = zipfile.ZipInfo("images/link.png")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    message = only_message(archive(*good_entries(), (link, b"/etc/passwd")))
    assert (
        message
        == 'the entry "images/link.png" is a symbolic link, which a .quizpack may not contain'
    )


def test_a_device_entry_is_refused() -> None:
    fifo = zipfile.ZipInfo("images/pipe.png")
    fifo.external_attr = (stat.S_IFIFO | 0o644) << 16
    assert "is not an ordinary file" in only_message(archive(*good_entries(), (fifo, b"")))


def test_plain_folder_entries_are_allowed() -> None:
    folder = zipfile.ZipInfo("images/")
    folder.external_attr = (stat.S_IFDIR | 0o755) << 16 | 0x10
    result = read_quizpack(archive((folder, b""), *good_entries()), "x.quizpack")
    assert result.images == IMAGES


def test_a_folder_entry_with_content_is_refused() -> None:
    folder = zipfile.ZipInfo("images/")
    assert "is a folder entry that is not a plain folder" in only_message(
        archive(*good_entries(), (folder, b"data"))
    )


def test_a_name_that_appears_twice_is_refused() -> None:
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = archive(*good_entries(), ("photo.jpg", JPEG))
    assert only_message(data) == 'the entry "photo.jpg" appears twice in the archive'


def test_an_encrypted_entry_is_refused() -> None:
    data = patch_central(archive(*good_entries()), "photo.jpg", 8, 0x1, size=2)
    assert only_message(data).startswith('the entry "photo.jpg" is encrypted')


def test_more_entries_than_the_limit_are_refused() -> None:
    many = [(f"images/{i}.png", PNG) for i in range(MAX_ENTRIES)]
    assert only_message(archive(*good_entries()[:1], *many, method=zipfile.ZIP_STORED)) == (
        "has 1,001 entries; a .quizpack may hold at most 1,000"
    )


def test_macos_extras_are_ignored_with_a_warning() -> None:
    data = archive(
        *good_entries(), ("__MACOSX/._photo.jpg", b"\x00\x05\x16\x07"), (".DS_Store", b"x")
    )
    result = read_quizpack(data, "x.quizpack")
    assert result.images == IMAGES
    assert [w.message for w in result.warnings] == [
        "the macOS files in the archive (__MACOSX, .DS_Store) were ignored"
    ]


# -- sizes and bombs -------------------------------------------------------------------------


def test_a_file_declared_over_ten_megabytes_is_refused() -> None:
    data = archive(
        *good_entries(), ("images/big.png", PNG + bytes(10 * MB)), method=zipfile.ZIP_STORED
    )
    assert only_message(data) == (
        'the entry "images/big.png" is 10.0 MB unpacked; one file may be at most 10.0 MB'
    )


def test_a_total_over_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # Real archives would have to be over 100 MB; the rule is the same at any size.
    monkeypatch.setattr(quizpack, "MAX_TOTAL_BYTES", 1000)
    data = archive(*good_entries(), *((f"images/{i}.png", PNG + bytes(300)) for i in range(4)))
    message = only_message(data)
    assert message.startswith("holds ")
    assert message.endswith(" bytes once unpacked; a .quizpack may hold at most 1,000 bytes")


def test_a_real_zip_bomb_is_refused_without_being_inflated(monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(*good_entries()[0])
        zeros_entry(zf, "images/map.png", 50 * MB)
        zf.writestr("photo.jpg", JPEG)
    data = buffer.getvalue()
    assert len(data) < MB

    def never(*args: object) -> bytes:
        raise AssertionError("an entry was unpacked")

    monkeypatch.setattr(quizpack, "_unpack", never)
    assert only_message(data) == (
        'the entry "images/map.png" is 50.0 MB unpacked; one file may be at most 10.0 MB'
    )


def test_a_high_ratio_entry_under_the_size_limit_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(*good_entries()[0])
        zeros_entry(zf, "images/map.png", 5 * MB)
        zf.writestr("photo.jpg", JPEG)
    message = only_message(buffer.getvalue())
    assert message.startswith('the entry "images/map.png" is compressed')
    assert "the archive looks like a zip bomb" in message


def test_an_entry_larger_than_declared_stops_unpacking_at_once() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(*good_entries()[0])
        zeros_entry(zf, "images/map.png", 40 * MB)
        zf.writestr("photo.jpg", JPEG)
    # The central directory now says the 40 MB entry holds 1,000 bytes (offset 24: size).
    data = patch_central(buffer.getvalue(), "images/map.png", 24, 1000)
    tracemalloc.start()
    try:
        message = only_message(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "holds more data than the archive declares" in message
    assert peak < 2 * MB


def test_entries_that_share_their_data_are_refused() -> None:
    data = archive(*good_entries())
    offsets = {
        name: struct.unpack("<I", data[at + 42 : at + 46])[0] for at, name in central_entries(data)
    }
    data = patch_central(data, "photo.jpg", 42, offsets["images/map.png"])
    assert "share the same data" in only_message(data)


def test_an_entry_whose_checksum_does_not_match_is_refused() -> None:
    data = patch_central(archive(*good_entries()), "photo.jpg", 16, 0)
    assert only_message(data) == (
        'the entry "photo.jpg" does not match its checksum: the archive is damaged or crafted'
    )


# -- images ----------------------------------------------------------------------------------


def test_an_image_the_pack_shows_but_the_archive_lacks_is_an_error_with_its_question() -> None:
    (problem,) = refused(archive(*good_entries()[:2]))
    assert problem.file == "shared.quizpack:pack.toml"
    assert problem.message == (
        'choice 1 of question "capital" shows the image "photo.jpg", which is not in the archive'
    )
    assert problem.path == "questions[1].choices[1].image.path"
    assert problem.line is not None


def test_an_image_whose_bytes_are_not_its_kind_is_refused() -> None:
    entries = [*good_entries()[:2], ("photo.jpg", PNG)]
    assert only_message(archive(*entries)) == (
        'the entry "photo.jpg" is named like a JPEG image, but it is a PNG image'
    )


def test_an_image_that_is_no_image_at_all_is_refused() -> None:
    entries = [good_entries()[0], ("images/map.png", b"MZ\x90\x00"), ("photo.jpg", JPEG)]
    assert only_message(archive(*entries)).endswith("but it is not an image quizapp can show")


def test_images_nothing_uses_are_left_out_with_a_warning() -> None:
    result = read_quizpack(archive(*good_entries(), ("images/spare.gif", GIF)), "x.quizpack")
    assert "images/spare.gif" not in result.images
    assert [w.message for w in result.warnings] == [
        'the image "images/spare.gif" is not used by any question, so it was left out'
    ]


# -- properties ------------------------------------------------------------------------------


def _only_pack_invalid(data: bytes) -> None:
    gives_pack_or_problems(lambda: read_quizpack(data, "fuzz.quizpack"))


@FAST
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_give_a_pack_or_problems(data: bytes) -> None:
    _only_pack_invalid(data)


@FAST
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_after_a_zip_signature_give_a_pack_or_problems(data: bytes) -> None:
    _only_pack_invalid(b"PK\x03\x04" + data)


_GOOD = write_quizpack(sample_pack(), IMAGES).data


@FAST
@given(
    st.lists(st.tuples(st.integers(0, len(_GOOD) - 1), st.integers(0, 255)), min_size=1, max_size=6)
)
def test_a_damaged_good_quizpack_gives_a_pack_or_problems(changes: list[tuple[int, int]]) -> None:
    data = bytearray(_GOOD)
    for at, value in changes:
        data[at] = value
    _only_pack_invalid(bytes(data))


def test_an_image_two_questions_show_is_stored_once_and_checked_once() -> None:
    pack = sample_pack(question_image="photo.jpg")
    data = write_quizpack(pack, {"photo.jpg": JPEG}).data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == ["pack.toml", "photo.jpg"]
    bad = archive(("pack.toml", dump_pack(pack).encode()), ("photo.jpg", PNG))
    assert only_message(bad).startswith('the entry "photo.jpg" is named like a JPEG image')


def test_every_question_missing_an_image_is_named() -> None:
    pack = sample_pack(question_image="photo.jpg")
    problems = refused(archive(("pack.toml", dump_pack(pack).encode())))
    assert [p.message.split(" shows")[0] for p in problems] == [
        'question "capital"',
        'choice 1 of question "capital"',
    ]
