"""The pictures stored with each pack (``images``)."""

from __future__ import annotations

import hashlib

from quizapp.bank.engine import Db


def replace(db: Db, pack_id: str, images: dict[str, bytes]) -> None:
    """Store the pack's images, replacing the ones it had."""
    db.run("DELETE FROM images WHERE pack_id = :pack", {"pack": pack_id})
    db.many(
        "INSERT INTO images (pack_id, path, data, sha256) VALUES (:pack, :path, :data, :sha)",
        [
            {"pack": pack_id, "path": path, "data": data, "sha": hashlib.sha256(data).hexdigest()}
            for path, data in sorted(images.items())
        ],
    )


def of_pack(db: Db, pack_id: str) -> dict[str, bytes]:
    """The images stored with the pack, by path."""
    return {
        path: bytes(data)
        for path, data in db.rows(
            "SELECT path, data FROM images WHERE pack_id = :pack ORDER BY path", {"pack": pack_id}
        )
    }


def for_question(db: Db, question_id: int, path: str) -> bytes | None:
    """The bytes of the image ``path`` of the pack that the question belongs to."""
    found = db.value(
        "SELECT i.data FROM images i JOIN questions q ON q.pack_id = i.pack_id "
        "WHERE q.id = :question AND i.path = :path",
        {"question": question_id, "path": path},
    )
    return None if found is None else bytes(found)
