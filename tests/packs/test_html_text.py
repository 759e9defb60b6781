"""HTML from GIFT's [html] and Moodle XML becomes plain text with line breaks: never script."""

from __future__ import annotations

import pytest

from quizapp.packs.formats import html_to_text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("one<br>two<br/>three<br />four", "one\ntwo\nthree\nfour"),
        ("<p>First</p><p>Second</p>", "First\n\nSecond"),
        ("Before<script>alert('x')</script>after", "Beforeafter"),
        ("<style>p { color: red }</style><p>Shown</p>", "Shown"),
        ("<em>2</em> &lt; 3 &amp; <b>4</b>", "2 < 3 & 4"),
        ('A map: <img src="m.png" alt="Europe in 1990">', "A map: [Europe in 1990]"),
        ("<ul><li>a</li><li>b</li></ul>", "a\n\nb"),
        ('<template><p>no</p><img alt="leak"></template>Shown', "Shown"),
    ],
)
def test_html_becomes_plain_text(html: str, text: str) -> None:
    assert html_to_text(html) == text
