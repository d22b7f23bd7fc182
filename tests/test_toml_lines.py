"""Lines of TOML keys: every table header and key is found at the line it was written on."""

from __future__ import annotations

import functools
import re
import string
import sys
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onlinecompliance.sources.toml_lines import KeyPath, key_lines, line_of

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover (Python 3.10)
    import tomli as tomllib

if TYPE_CHECKING:
    from collections.abc import Iterable

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\b": "\\b", "\r": "\\r"}

key_names = (
    st.text(alphabet=string.ascii_letters + string.digits + "_-", min_size=1, max_size=6)
    | st.text(
        alphabet=st.sampled_from([*"aZ9_- .#[]{}=,\"'\\\t\n\x01\x7f", "é", "ʞ", "\u2028"]),
        max_size=6,
    )
    | st.sampled_from(["true", "inf", "nan", "1979-05-27", "0x1F", "-", "_", "1.5"])
)
"""Key names: bare words, names that must be quoted (with '#', ']', '=', quotes, escapes)."""

_TRICKY_CHARACTERS = [*"#[]{}=,.'\"\\ \tab1", "é", "ø", "\u2028"]
string_bodies = st.text(alphabet=st.sampled_from([*_TRICKY_CHARACTERS, "\n", "\x01", "\x7f"]))
"""The text inside a string value; control characters only where a basic string escapes them."""

_SCALARS = [
    "1",
    "-17",
    "+1_000",
    "0xDEAD_beef",
    "0o755",
    "0b1101",
    "3.14",
    "-1e-3",
    "inf",
    "-inf",
    "nan",
    "true",
    "false",
    "1979-05-27",
    "1979-05-27T07:32:00Z",
    "1979-05-27 07:32:00.999",
    "1979-05-27T00:32:00-07:00",
    "07:32:00",
]
_MULTILINE_BASIC_LINES = [
    "key = 1",
    "[fake]",
    "[[fake.table]]",
    "fake.dotted = 'x'",
    '"quoted" = 2',
    "# not a comment",
    'x = \\"""',
    'two "" quotes',
    "'''",
    "escaped backslash \\\\",
    "a line that goes on \\\n   after a continuation",
    "unicode \\u00e9 and \\U0001F600",
    "} ] , =",
    "",
    "   ",
]
_MULTILINE_LITERAL_LINES = [
    "key = 1",
    "[fake]",
    "[[fake.table]]",
    '"""',
    'x = """',
    "it''s",
    "backslash \\",
    "} ] , = #",
    "",
]
_FILLER_LINES = ["", "   ", "# a comment", "\t# [fake] key = 1", '# "quoted" = 2 ]', "  #"]
comments = st.text(alphabet=st.sampled_from([*" #[]{}=\"'\\a.é\t"]), max_size=10).map(
    lambda text: f"#{text}"
)
line_ends = st.just("") | comments.map(lambda comment: f" {comment}")
"""What may follow a header or a value on its line: nothing, or a comment."""
_SPACES = st.sampled_from(["", " ", "\t"])
_INDENTS = st.sampled_from(["", "  ", "\t"])
_EQUALS = st.sampled_from([" = ", "=", "\t=  "])
_SEPARATORS = st.sampled_from([".", " . ", "\t.", ". "])
_FILLERS = st.lists(st.sampled_from(_FILLER_LINES), max_size=2)
_MULTILINE_BASIC_BODIES = st.lists(st.sampled_from(_MULTILINE_BASIC_LINES), max_size=4)
_MULTILINE_LITERAL_BODIES = st.lists(st.sampled_from(_MULTILINE_LITERAL_LINES), max_size=4)
_BOOLEANS = st.booleans()
_INLINE_NAMES = st.lists(key_names, max_size=3, unique=True)
_ENTRY_COUNTS = st.integers(min_value=0, max_value=3)
_DOTTED_TAILS = st.lists(key_names, max_size=2)
_HEADER_TAILS = st.lists(key_names, max_size=1)
_OPTIONAL_NAMES = st.none() | key_names
_ARRAY_SIZES = st.integers(min_value=1, max_value=3)
_SUB_ARRAY_SIZES = st.integers(min_value=0, max_value=2)
_SECTIONS = st.lists(st.sampled_from(["table", "array"]), max_size=4)


def _quotable_literally(name: str) -> bool:
    """Whether ``name`` can be written as a literal string: no quote, no control character."""
    return "'" not in name and all(
        char == "\t" or (char >= " " and char != "\x7f") for char in name
    )


@functools.cache
def _choice(options: tuple[str, ...]) -> st.SearchStrategy[str]:
    """One strategy for each set of options: Hypothesis need not validate a new one each draw."""
    return st.sampled_from(options)


@functools.cache
def _basic_character(char: str) -> st.SearchStrategy[str]:
    """Return the ways to write ``char`` inside a basic string."""
    ways = [f"\\u{ord(char):04X}", f"\\U{ord(char):08X}"]
    if char in _SHORT_ESCAPES:
        ways.append(_SHORT_ESCAPES[char])
    if char not in '"\\' and (char == "\t" or (char >= " " and char != "\x7f")):
        ways.append(char)
    return st.sampled_from(tuple(ways))


def _basic_string(draw: st.DrawFn, body: str) -> str:
    return '"' + "".join(draw(_basic_character(char)) for char in body) + '"'


def _key(draw: st.DrawFn, name: str) -> str:
    """Write one key as a bare key, a basic string or a literal string."""
    styles = ["basic"]
    if _BARE.fullmatch(name):
        styles.append("bare")
    if _quotable_literally(name):
        styles.append("literal")
    style = draw(_choice(tuple(styles)))
    if style == "bare":
        return name
    if style == "literal":
        return f"'{name}'"
    return _basic_string(draw, name)


def _dotted(draw: st.DrawFn, names: Iterable[str]) -> str:
    separator = draw(_SEPARATORS)
    return separator.join(_key(draw, name) for name in names)


@st.composite
def basic_strings(draw: st.DrawFn) -> str:
    """Draw a one-line basic string with escapes and characters that end keys or values."""
    return _basic_string(draw, draw(string_bodies))


literal_strings = string_bodies.filter(_quotable_literally).map(lambda body: f"'{body}'")


@st.composite
def multiline_basic_strings(draw: st.DrawFn) -> str:
    """Draw a multi-line basic string whose lines look like keys, headers and comments."""
    lines = draw(_MULTILINE_BASIC_BODIES)
    start = draw(_choice(("", "\n")))
    body = start + "\n".join(lines)
    ends = ["", "\n", '\n"', '\n""']
    if not body.endswith('"'):  # at most two quotes may stand before the closing three
        ends += ['"', '""']
    return '"""' + body + draw(_choice(tuple(ends))) + '"""'


@st.composite
def multiline_literal_strings(draw: st.DrawFn) -> str:
    """Draw a multi-line literal string whose lines look like keys, headers and comments."""
    lines = draw(_MULTILINE_LITERAL_BODIES)
    start = draw(_choice(("", "\n")))
    end = draw(_choice(("", "\n", "'", "''")))
    return "'''" + start + "\n".join(lines) + end + "'''"


@st.composite
def arrays(draw: st.DrawFn, items: st.SearchStrategy[str]) -> str:
    """Draw an array on one line, or on several with comments and a trailing comma."""
    values = draw(st.lists(items, max_size=3))  # ``items`` is the recursion's, made once
    if draw(_BOOLEANS):
        trailing = "," if len(values) > 0 and draw(_BOOLEANS) else ""
        return "[" + ", ".join(values) + trailing + "]"
    parts = ["[", draw(_choice(("", " "))), draw(_choice(("", " # open ]")))]
    for index, value in enumerate(values):
        comma = "," if index < len(values) - 1 or draw(_BOOLEANS) else ""
        parts.append(f"\n  {value}{comma}{draw(line_ends)}")
    if draw(_BOOLEANS):
        parts.append(f"\n  {draw(comments)}")
    parts.append("\n]")
    return "".join(parts)


@st.composite
def inline_tables(draw: st.DrawFn, items: st.SearchStrategy[str]) -> str:
    """Draw an inline table: its keys are not located, but its strings must be skipped."""
    names = draw(_INLINE_NAMES)
    pairs = [f"{_key(draw, name)} = {draw(items)}" for name in names]
    return "{" + ", ".join(pairs) + "}"


values = st.recursive(
    st.sampled_from(_SCALARS)
    | basic_strings()
    | literal_strings
    | multiline_basic_strings()
    | multiline_literal_strings(),
    lambda items: arrays(items) | inline_tables(items),
    max_leaves=6,
)
"""The text of a TOML value."""


def _fresh(draw: st.DrawFn, used: set[str]) -> str:
    """Draw a key name that is not in ``used`` (a clash gets letters added)."""
    name = draw(key_names)
    while name in used:
        name += "x"
    return name


class _Writer:
    """Writes a TOML document line by line and remembers where each key path was written."""

    def __init__(self, newline: str) -> None:
        self.newline = newline
        self.parts: list[str] = []
        self.line = 1
        self.lines: dict[KeyPath, int] = {}

    def add(self, text: str) -> None:
        """Write ``text`` (which may span lines, inside a value) and end the line."""
        self.parts.append(text + self.newline)
        self.line += text.count("\n") + 1

    def filler(self, draw: st.DrawFn) -> None:
        """Write blank lines and comments that hold no key."""
        for text in draw(_FILLERS):
            self.add(text)

    def header(self, draw: st.DrawFn, names: tuple[str, ...], *, array: bool) -> int:
        """Write a table header (``[a.b]`` or ``[[a.b]]``) and return its line."""
        self.filler(draw)
        line = self.line
        indent, space = draw(_INDENTS), draw(_SPACES)
        opening, closing = ("[[", "]]") if array else ("[", "]")
        keys = _dotted(draw, names)
        self.add(f"{indent}{opening}{space}{keys}{space}{closing}{draw(line_ends)}")
        return line

    def entries(self, draw: st.DrawFn, table: KeyPath, used: set[str]) -> None:
        """Write key/value pairs in ``table``; their first keys avoid the names in ``used``."""
        for _ in range(draw(_ENTRY_COUNTS)):
            first = _fresh(draw, used)
            used.add(first)
            keys = (first, *draw(_DOTTED_TAILS))
            written = [keys]
            if len(keys) > 1 and draw(_BOOLEANS):  # a sibling in the same dotted table
                last = _fresh(draw, {keys[-1]})
                written.append((*keys[:-1], last))
            for dotted in written:
                self._entry(draw, table, dotted)

    def _entry(self, draw: st.DrawFn, table: KeyPath, keys: tuple[str, ...]) -> None:
        self.filler(draw)
        line = self.line
        indent, equals = draw(_INDENTS), draw(_EQUALS)
        self.add(f"{indent}{_dotted(draw, keys)}{equals}{draw(values)}{draw(line_ends)}")
        path = table
        for key in keys:
            path = (*path, key)
            self.lines.setdefault(path, line)

    def table(self, draw: st.DrawFn, used: set[str]) -> None:
        """Write ``[a]`` or ``[a.b]``, its keys, and perhaps a sub-table ``[a.b.sub]``."""
        first = _fresh(draw, used)
        used.add(first)
        names = (first, *draw(_HEADER_TAILS))
        line = self.header(draw, names, array=False)
        self.lines[names] = line
        for end in range(1, len(names)):  # ``[a.b]`` makes ``a`` a table at its line
            self.lines.setdefault(names[:end], line)
        inner: set[str] = set()
        sub = draw(_OPTIONAL_NAMES)
        if sub is not None:
            inner.add(sub)
        self.entries(draw, names, inner)
        if sub is not None:
            self.lines[(*names, sub)] = self.header(draw, (*names, sub), array=False)
            self.entries(draw, (*names, sub), set())

    def array(self, draw: st.DrawFn, used: set[str]) -> None:
        """Write ``[[a]]`` tables, each with keys, a ``[a.info]`` table and ``[[a.sub]]`` tables."""
        name = _fresh(draw, used)
        used.add(name)
        sub = draw(key_names)
        info = _fresh(draw, {sub})
        for index in range(draw(_ARRAY_SIZES)):
            line = self.header(draw, (name,), array=True)
            self.lines.setdefault((name,), line)
            self.lines[(name, index)] = line
            self.entries(draw, (name, index), {sub, info})
            if draw(_BOOLEANS):
                self.lines[(name, index, info)] = self.header(draw, (name, info), array=False)
                self.entries(draw, (name, index, info), set())
            for inner in range(draw(_SUB_ARRAY_SIZES)):
                line = self.header(draw, (name, sub), array=True)
                self.lines.setdefault((name, index, sub), line)
                self.lines[(name, index, sub, inner)] = line
                self.entries(draw, (name, index, sub, inner), set())

    def text(self) -> str:
        return "".join(self.parts)


@st.composite
def toml_documents(draw: st.DrawFn) -> tuple[str, dict[KeyPath, int]]:
    """Draw a TOML document and the line of each table header and key, by key path."""
    writer = _Writer(draw(_choice(("\n", "\r\n"))))
    used: set[str] = set()
    writer.entries(draw, (), used)
    for kind in draw(_SECTIONS):
        if kind == "table":
            writer.table(draw, used)
        else:
            writer.array(draw, used)
    writer.filler(draw)
    return writer.text(), writer.lines


def _holds(document: Any, path: KeyPath) -> bool:
    """Whether the parsed ``document`` has a value at ``path``."""
    try:
        for part in path:
            document = document[part]
    except (KeyError, IndexError, TypeError):
        return False
    return True


@given(toml_documents())
def test_key_lines_finds_every_header_and_key(document: tuple[str, dict[KeyPath, int]]) -> None:
    """Every header and key (each part of a dotted one) is at the line it was written on.

    The document is valid TOML, and every expected path is in what tomllib parsed,
    so the generator describes the document truly.
    """
    text, expected = document
    parsed = tomllib.loads(text)
    assert [] == [path for path in expected if not _holds(parsed, path)]
    assert expected == key_lines(text)


def test_meetings_and_their_participants() -> None:
    """Nested arrays of tables count their tables per parent table."""
    text = (
        "[[meeting]]\n"  # 1
        'id = "a"\n'
        "[[meeting.participants]]\n"  # 3
        'id = "p1"\n'
        "[[meeting.participants]]\n"  # 5
        'id = "p2"\n'
        "\n"
        "[[meeting]]\n"  # 8
        'id = "b"\n'
        "[meeting.room]\n"  # 10
        'url = "https://meet.regionh.dk/x"\n'
        "[[meeting.participants]]\n"  # 12
        'role = "doctor"\n'
    )
    expected = {
        ("meeting",): 1,
        ("meeting", 0): 1,
        ("meeting", 0, "id"): 2,
        ("meeting", 0, "participants"): 3,
        ("meeting", 0, "participants", 0): 3,
        ("meeting", 0, "participants", 0, "id"): 4,
        ("meeting", 0, "participants", 1): 5,
        ("meeting", 0, "participants", 1, "id"): 6,
        ("meeting", 1): 8,
        ("meeting", 1, "id"): 9,
        ("meeting", 1, "room"): 10,
        ("meeting", 1, "room", "url"): 11,
        ("meeting", 1, "participants"): 12,
        ("meeting", 1, "participants", 0): 12,
        ("meeting", 1, "participants", 0, "role"): 13,
    }
    assert expected == key_lines(text)


def test_tables_under_nested_arrays() -> None:
    """A header under nested arrays of tables belongs to the latest table of each."""
    text = (
        "[[a]]\n"  # 1
        "[[a.b]]\n"  # 2
        "[a.b.c]\n"  # 3
        "x = 1\n"
        "[[a.b]]\n"  # 5
        "[[a.b.d]]\n"  # 6
        "[[a]]\n"  # 7
        "[[a.b]]\n"  # 8
    )
    expected = {
        ("a",): 1,
        ("a", 0): 1,
        ("a", 0, "b"): 2,
        ("a", 0, "b", 0): 2,
        ("a", 0, "b", 0, "c"): 3,
        ("a", 0, "b", 0, "c", "x"): 4,
        ("a", 0, "b", 1): 5,
        ("a", 0, "b", 1, "d"): 6,
        ("a", 0, "b", 1, "d", 0): 6,
        ("a", 1): 7,
        ("a", 1, "b"): 8,
        ("a", 1, "b", 0): 8,
    }
    assert expected == key_lines(text)


def test_quoted_keys() -> None:
    """Quoted keys are found by their value: dots, quotes and escapes are not structure."""
    text = r""""a.b" = 1
'c#d' = 2
"\u00e9\"\\" = 3
"" = 4
["x]y".'=']
'key = 1' = 5
"""
    expected = {
        ("a.b",): 1,
        ("c#d",): 2,
        ('é"\\',): 3,
        ("",): 4,
        ("x]y",): 5,
        ("x]y", "="): 5,
        ("x]y", "=", "key = 1"): 6,
    }
    assert expected == key_lines(text)


def test_dotted_keys() -> None:
    """A dotted key gives a line to each of its prefixes, kept from their first use."""
    text = "[t]\nname = 'n'\nsite . host.name = 'a'\nsite.port = 443\n"
    expected = {
        ("t",): 1,
        ("t", "name"): 2,
        ("t", "site"): 3,
        ("t", "site", "host"): 3,
        ("t", "site", "host", "name"): 3,
        ("t", "site", "port"): 4,
    }
    assert expected == key_lines(text)


def test_spaced_header() -> None:
    """Spaces and tabs inside the brackets of a header are not part of its keys."""
    text = "[ spaced . header ]\nkey = 1\n[[\tlist\t]] # a comment [x]\n"
    expected = {
        ("spaced",): 1,
        ("spaced", "header"): 1,
        ("spaced", "header", "key"): 2,
        ("list",): 3,
        ("list", 0): 3,
    }
    assert expected == key_lines(text)


def test_strings_that_look_like_keys_are_not_keys() -> None:
    """Lines inside multi-line strings and arrays are skipped, whatever they look like."""
    text = (
        'a = """\n'
        "b = 1\n"
        "[fake]\n"
        '"""\n'
        "c = '''\n"
        "[[fake]]\n"
        "'''\n"
        "d = [\n"
        "  '] = 2', # e = 3\n"
        '  "[x]",\n'
        "]\n"
        "f = 1\n"
    )
    expected = {("a",): 1, ("c",): 5, ("d",): 8, ("f",): 12}
    assert expected == key_lines(text)


def test_line_of_falls_back_to_the_nearest_enclosing_key() -> None:
    """A value inside an array or inline table takes the line of the key that holds it."""
    text = (
        "[[criteria]]\n"
        'department = "RH-Kardio*"\n'
        "kinds = [\n"
        '  "video_consultation",\n'
        '  "interpreting",\n'
        "]\n"
        "room = { url = 'x', pin = true }\n"
    )
    lines = key_lines(text)
    expected = [3, 7, 1, 1, None, None]
    assert expected == [
        line_of(lines, ("criteria", 0, "kinds", 1)),
        line_of(lines, ("criteria", 0, "room", "pin")),
        line_of(lines, ("criteria", 0, "max-participants")),
        line_of(lines, ("criteria", 5)),
        line_of(lines, ("waivers", 0, "rule")),
        line_of(lines, ()),
    ]


def test_key_lines_keeps_what_it_found_before_text_it_does_not_expect() -> None:
    """Text that is not TOML ends the search; the keys found before it are kept."""
    expected = {("a",): 1, ("b",): 2}
    assert expected == key_lines("a = 1\nb = 'x'\n= oops\nc = 3\n")


@pytest.mark.parametrize("text", ["a = [}]", "a = {]}", "a = [1 }", "a = [1, }"])
def test_key_lines_stops_at_a_closer_of_the_other_kind(text: str) -> None:
    """Text that is not TOML ends the reading with what was found; it never hangs."""
    assert {("a",): 1} == key_lines(text)


def test_a_dotted_header_gives_its_parent_tables_its_line() -> None:
    """``[tool.onlinecompliance]`` makes ``tool`` a table at that line, for messages about it."""
    lines = key_lines('\n[tool.onlinecompliance]\nfail-on = "info"\n')
    assert (2, 2) == (lines[("tool",)], lines[("tool", "onlinecompliance")])
