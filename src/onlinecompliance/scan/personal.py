r"""Find ordinary personal data in free text: Danish phone numbers and e-mail addresses.

This is personal data but not *sensitive* data (:attr:`DetectionKind.is_sensitive`
is false), so no rule reports it by default; callers who want it can ask.

Phone numbers. A Danish number has eight digits, written ``12345678``,
``1234 5678`` or ``12 34 56 78`` (a space or a no-break space between the
groups). Eight digits alone are just as likely an order number, a date such as
``01012026`` or a time, so a number is reported only with evidence:

* HIGH: the country code before it, ``+45``, ``0045`` or ``(+45)``, with or
  without a space (``+45 12 34 56 78``, ``+4512345678``, ``0045 12345678``);
* MEDIUM: a context word wholly within the 30 characters before it: a label
  ("tlf", "tlf.", "telefon", "telefonnr", "mobil", "mobilnr", "mob.", ...)
  anywhere there, or a verb ("ring", "sms", "kontakt", ...) when the number
  itself follows "på" or "til" ("ring på", "ring til Mette på", "sms til",
  "kontakt mig på"). A word that announces some other number ("ordre",
  "faktura", "konto", "sagsnr.", ...) between the context word and the number
  cancels it.

A number glued to more digits, directly or across one space (``12 34 56 78 90``,
``123456789``, a CPR number ``010190 1234``), is no phone number.

E-mail addresses (HIGH). A pragmatic shape: a local part of word characters,
``.``, ``+`` and ``-`` (at most 64), an ``@``, and a domain of letters, digits,
hyphens and dots (at most 253) with at least two labels, the last of them two or
more letters. A full stop or hyphen after the domain is taken as punctuation.

Speed. The scan is built so that ordinary text costs little and each number
costs little more:

* e-mail addresses are looked for only at the ``@`` characters, found with
  ``str.find``; text without ``@`` costs one such search;
* a text with fewer than eight ASCII digits (most chat messages) holds no phone
  number and is not searched; the digits are counted in C in its shape;
* in a text longer than a chat message, phone numbers are looked for only
  where the text has the shape of one. The text's shape (:mod:`.shaping`: a
  digit is ``0``, a space ``" "``) is searched with two patterns that begin
  with a long literal (``0000`` and ``00 00 00 00``), which ``re`` finds with
  a fast loop. The rest of each
  pattern checks, still in C, that no digit touches the number, so the digits
  of dates, times, CPR numbers and order numbers never reach Python. Context
  words are then looked for only in the 30 characters before a candidate.
  Looking for the context words first would take one literal search per word
  and spelling ("tlf", "Tlf", "TLF", ...), each costing about as much as the
  whole shape search.

Measured on 1 MB of Danish chat-like text, in units of one
``re.finditer(r"\d{10}")`` pass over the same text: about 0.1 without any
number, and a few microseconds more for each phone number or address found.
The patterns have no nested quantifiers and every match is bounded (a number,
30 characters of context, 64 + 253 characters around an ``@``), so the time is
linear in the length of the text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .detection import Confidence, Detection, DetectionKind, mask
from .shaping import ShapedText

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["find_personal_data"]

_LETTER = r"[^\W\d_]"
"""A Unicode letter (a word character but no digit or underscore), so æ, ø, å count."""

_SPACE = "[ \u00a0]"
"""A space or a no-break space, the separators of a phone number."""

_PHONE = re.compile(
    r"(?=[0-9+(])"
    rf"(?:(?<![0-9])(?P<prefix>\+45|0045|\(\+45\)){_SPACE}?|(?<![0-9])(?<![0-9]{_SPACE}))"
    rf"(?:[0-9]{{8}}|[0-9]{{4}}{_SPACE}[0-9]{{4}}|[0-9]{{2}}{_SPACE}[0-9]{{2}}"
    rf"{_SPACE}[0-9]{{2}}{_SPACE}[0-9]{{2}})"
    rf"(?!{_SPACE}?[0-9])"
)
"""A phone number in one of its three forms, with or without the country code.

The leading lookahead lets ``re`` skip quickly to a character that can start
one. Without the country code the number may not follow a digit, directly or across
one space; with or without it, it may not be followed by one.
"""


_FORMS = (b"00000000", b"0000 0000", b"00 00 00 00")
"""The three forms of a number in a shape (:mod:`.shaping`): ``12345678``,
``1234 5678``, ``12 34 56 78`` (a no-break space is a space there too)."""


def _shape_pattern(lead: bytes, forms: tuple[bytes, ...]) -> re.Pattern[bytes]:
    """Return a pattern for phone-number ``forms`` in a shape, all beginning with ``lead``.

    The pattern begins with the literal ``lead``, so ``re`` looks for it with a
    fast loop and tries a match only where it occurs. The checks that make the
    form a candidate follow as lookbehinds, which look back over the whole
    form: no digit before it, directly or across a space (``(?<!0...)``,
    ``(?<!0 ...)``), unless that digit ends a country code (``+45``, ``0045``,
    with or without a space; whether its digits are 45 is checked on the text).
    A final lookahead rejects a digit after it, directly or across a space.
    """
    alternatives = []
    for form in forms:
        escaped = re.escape(form)
        before = (
            rb"(?<!0" + escaped + rb")(?<!0\ " + escaped + rb")",  # no digit, nor digit + space
            rb"(?<=\+00" + escaped + rb")",  # +45
            rb"(?<=\+00\ " + escaped + rb")",  # +45 and a space
            rb"(?<=0000" + escaped + rb")(?<!00000" + escaped + rb")",  # 0045
            rb"(?<=0000\ " + escaped + rb")(?<!00000\ " + escaped + rb")",  # 0045 and a space
        )
        alternatives.append(re.escape(form[len(lead) :]) + rb"(?:" + b"|".join(before) + rb")")
    return re.compile(re.escape(lead) + rb"(?:" + b"|".join(alternatives) + rb")(?!\ ?0)")


_SHAPES = (_shape_pattern(b"0000", _FORMS[:2]), _shape_pattern(_FORMS[2], _FORMS[2:]))
"""Two searches of a shape find every candidate; each begins with a long literal.

One pattern for all three forms would begin with ``00`` only, and ``re`` would
then try a match at every pair of digits in the text, which in text full of
numbers costs several times more than two searches.
"""

_LONGEST = 13
"""How far after its start a candidate's match can reach: the longest form
(``12 34 56 78``, 11 characters) and the lookahead after it (a space and a digit)."""

_SHORT = 160
"""The longest text searched with :data:`_PHONE` directly rather than through its shape.

The shape searches and the sorting of their candidates cost a few microseconds
a call however short the text; the direct search costs about as much at 150 to
250 characters, and more beyond.
"""

_NUMBER_DIGITS = 8
"""How many digits a phone number has: a text with fewer has none."""

_PREFIX_REACH = 6
"""How far before a number its country code can begin: ``(+45)`` and a space."""

_BEFORE = 30
"""How many characters before a number the context window reaches."""

_LABELS = (
    "tlf",
    "tlfnr",
    "telefon",
    "telefonnr",
    "telefonnummer",
    "mobil",
    "mobilnr",
    "mobilnummer",
    "mobiltlf",
    "mob.",
)
"""Words that label a phone number wherever they stand in the window.

"mob" counts only with its full stop; without it, it is an ordinary word.
"""

_VERBS = ("ring", "ringe", "sms", "sms'e", "kontakt", "kontakte")
"""Words that lead to a phone number when the number follows "på" or "til"."""

_STEMS = ("tlf", "tele", "mob", "ring", "sms", "kontakt")
"""Lower-case stems of every label and verb, a cheap first test of a window."""

_NEGATIVE_WORDS = (
    "ordre",
    "ordrenr",
    "faktura",
    "fakturanr",
    "konto",
    "kontonr",
    "batch",
    "ean",
    "cvr",
    "cpr",
    "sagsnr",
    "rekv",
    "reg",
    "prøvenr",
    "varenr",
    "kundenr",
)
"""Words that announce some other number ("reg.nr." counts, as the full stop ends "reg")."""


def _whole_words(words: tuple[str, ...]) -> str:
    """Return a pattern for any of ``words`` as a whole word, led by its first letters.

    The leading character set lets ``re`` skip quickly to a possible first
    letter, which makes a search of a short window several times faster. A word
    ending in a full stop needs no letter check after it.
    """
    first_letters = "".join(sorted({word[0] for word in words}))
    alternatives = "|".join(map(re.escape, words))
    return rf"(?=[{first_letters}])(?<!{_LETTER})(?:{alternatives})(?:(?<=\.)|(?!{_LETTER}))"


_CONTEXT = re.compile(
    rf"(?P<label>{_whole_words(_LABELS)})|(?P<verb>{_whole_words(_VERBS)})", re.IGNORECASE
)
"""A label or a verb, as a whole word."""

_LEAD_IN = re.compile(rf"(?<!{_LETTER})(?:på|til):?{_SPACE}*\Z", re.IGNORECASE)
"""The word "på" or "til" right before a number, as in "ring til Mette på 12345678"."""

_LEAD_IN_REACH = 6
"""How far before a number :data:`_LEAD_IN` can begin ("til: " and a space)."""

_NEGATIVE = re.compile(_whole_words(_NEGATIVE_WORDS), re.IGNORECASE)
"""A word that announces some other number; it cancels a context word before it."""

_LOCAL_MAX = 64
"""The longest local part of an e-mail address (RFC 5321)."""

_LOCAL_REVERSED = re.compile(rf"[\w.+-]{{1,{_LOCAL_MAX + 1}}}")
"""A local part, read backwards from the ``@``; one character too many means too long."""

_DOMAIN_MAX = 253
"""The longest domain name."""

_DOMAIN = re.compile(rf"(?:[^\W_]|[.-]){{1,{_DOMAIN_MAX + 1}}}")
"""A domain's characters: letters, digits, hyphens and dots, one too many meaning too long."""

_DOMAIN_PUNCTUATION = ".-"
"""Characters that end a sentence or a clause rather than a domain."""

_MIN_TLD = 2
"""The shortest top-level domain, in letters."""


def find_personal_data(text: str | ShapedText) -> Iterator[Detection]:
    """Yield every Danish phone number and e-mail address in ``text`` in order of position.

    Every detection has kind :attr:`DetectionKind.PERSONAL`. A phone number
    inside an e-mail address (``12345678@sms.example.dk``) is part of the
    address and not reported on its own. A caller that runs several detectors
    over one text passes it shaped (:class:`.ShapedText`).
    """
    shaped = text if isinstance(text, ShapedText) else ShapedText(text)
    if shaped.data.find(b"@") < 0:
        if shaped.shape.count(b"0") < _NUMBER_DIGITS:
            return iter(())  # most chat messages
        return _find_phones(shaped)
    return _with_emails(shaped)


def _with_emails(shaped: ShapedText) -> Iterator[Detection]:
    """Yield the phone numbers and e-mail addresses of a text that has an ``@``."""
    emails = list(_find_emails(shaped.text))
    phones = _find_phones(shaped)
    if not emails:
        yield from phones
        return
    yield from _merge(emails, phones)


def _merge(emails: list[Detection], phones: Iterator[Detection]) -> Iterator[Detection]:
    """Merge two position-ordered streams, dropping phone numbers inside an address."""
    index = 0
    for phone in phones:
        while index < len(emails) and emails[index].end <= phone.start:
            yield emails[index]
            index += 1
        if index < len(emails) and emails[index].start < phone.end:
            continue
        yield phone
    yield from emails[index:]


def _find_phones(shaped: ShapedText) -> Iterator[Detection]:
    """Yield the phone numbers in ``shaped``, each with the evidence that it is one."""
    text = shaped.text
    matches = _PHONE.finditer(text) if len(text) <= _SHORT else _shaped_matches(shaped)
    for match in matches:
        start, end = match.span()
        if match["prefix"] is not None:
            confidence: Confidence | None = Confidence.HIGH
        else:
            confidence = _context_confidence(text, start)
        if confidence is not None:
            yield Detection(
                kind=DetectionKind.PERSONAL,
                confidence=confidence,
                start=start,
                end=end,
                masked=mask(match[0]),
            )


def _shaped_matches(shaped: ShapedText) -> Iterator[re.Match[str]]:
    """Yield every match of :data:`_PHONE` in the text, looking only where its shape has one.

    The text's shape is searched with :data:`_SHAPES`, whose patterns begin
    with a literal that ``re`` finds with a fast loop and check, still in C,
    that no digit touches the number; :data:`_PHONE` then runs only on the
    few characters around each candidate.
    """
    text = shaped.text
    shape = shaped.shape
    candidates = [match.start() for pattern in _SHAPES for match in pattern.finditer(shape)]
    candidates.sort()
    length = len(text)
    previous_end = 0
    for candidate in candidates:
        if candidate < previous_end:
            continue
        match = _PHONE.search(
            text, max(0, candidate - _PREFIX_REACH), min(length, candidate + _LONGEST)
        )
        if match is None or not match.start() <= candidate < match.end():
            continue  # "+46" or "1234" before the number, which the shape cannot tell
        previous_end = match.end()
        yield match


def _context_confidence(text: str, start: int) -> Confidence | None:
    """Return MEDIUM when a context word before ``start`` announces a phone number.

    The last context word that counts (a label, or a verb when the number
    follows "på" or "til") must lie wholly within the window, and no word that
    announces another kind of number may stand between it and the number.
    """
    window_start = max(0, start - _BEFORE)
    window = text[window_start:start].lower()
    if not any(stem in window for stem in _STEMS):
        return None
    lead_in: bool | None = None
    context_end = -1
    for word in _CONTEXT.finditer(text, window_start, start):
        if word["verb"] is not None:
            if lead_in is None:
                lead_in = (
                    _LEAD_IN.search(text, max(window_start, start - _LEAD_IN_REACH), start)
                    is not None
                )
            if not lead_in:
                continue
        context_end = word.end()
    if context_end < 0 or _NEGATIVE.search(text, context_end, start) is not None:
        return None
    return Confidence.MEDIUM


def _find_emails(text: str) -> Iterator[Detection]:
    """Yield the e-mail addresses in ``text``, looking only around its ``@`` characters."""
    previous_end = 0
    at = text.find("@")
    while at >= 0:
        span = _email_span(text, at)
        if span is not None and span[0] >= previous_end:
            start, end = span
            previous_end = end
            yield Detection(
                kind=DetectionKind.PERSONAL,
                confidence=Confidence.HIGH,
                start=start,
                end=end,
                masked=mask(text[start:end]),
            )
        at = text.find("@", at + 1)


def _email_span(text: str, at: int) -> tuple[int, int] | None:
    """Return the span of the e-mail address around the ``@`` at ``at``, or None.

    The domain is checked first: it is read forwards, and most stray ``@``
    characters have none.
    """
    domain = _DOMAIN.match(text, at + 1)
    if domain is None or domain.end() - domain.start() > _DOMAIN_MAX:
        return None
    name = domain[0].rstrip(_DOMAIN_PUNCTUATION)
    if not _is_domain(name):
        return None
    window = text[max(0, at - _LOCAL_MAX - 1) : at][::-1]
    local = _LOCAL_REVERSED.match(window)
    if local is None or local.end() > _LOCAL_MAX:
        return None
    start = at - local.end()
    while start < at and text[start] == ".":  # a local part does not start with a dot
        start += 1
    if start == at:
        return None
    return start, at + 1 + len(name)


def _is_domain(name: str) -> bool:
    """Tell whether ``name`` has two or more labels and a top-level domain of letters."""
    labels = name.split(".")
    if len(labels) < 2:  # a name and a top-level domain at least
        return False
    tld = labels[-1]
    if len(tld) < _MIN_TLD or not tld.isalpha():
        return False
    return all(label and label[0] != "-" and label[-1] != "-" for label in labels)
