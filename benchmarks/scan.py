r"""Measure the sensitive-data scanner's throughput against a floor and against Presidio.

Run ``python benchmarks/scan.py [--size-mb N] [--seed S] [--repeats R]`` with the
package importable (``pip install -e .`` or ``PYTHONPATH=src``). The script
generates deterministic Danish hospital-style chat text (ordinary lines; times,
dates, phone, order and requisition numbers; CPR numbers in every written form;
health statements about named patients; e-mail addresses) and times, best of
``R`` repeats, over the same text:

* the floor: counting ``re.finditer(r"\d{10}", text)``, a pass that does nothing
  but look at every character once;
* the CPR detector alone (:func:`onlinecompliance.scan.cpr.find_cpr_numbers`);
* the scanner's own floor: shaping the text and running every whole-text
  search the three detectors make, without any of the work on what they find
  (confirming candidates, context words, building detections). No scanner of
  this design can be faster than this pass;
* :func:`onlinecompliance.scan_text` over the whole text at once;
* :func:`onlinecompliance.scan_text` line by line, as chat messages are scanned;
* when ``presidio_analyzer`` is installed, Presidio's ``PatternRecognizer`` with
  an equivalent CPR pattern and ``stdnum.dk.cpr.is_valid`` as its validator
  (``pip install -e .[bench]``); otherwise it says it was skipped.

It prints MB/s for each (1 MB = 2**20 bytes of UTF-8), the cost of each in floor
units (time divided by the floor's time, lower is better), the scanner/Presidio
speed ratio, and, in a separate untimed pass, the peak memory ``tracemalloc``
sees while ``scan_text`` runs. ``--cpr-share`` and ``--health-share`` set how
many lines hold a CPR number or a health statement (3 % each by default, far
more than real chat; 0.3 % each is closer to it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib.util
import random
import re
import sys
import time
import tracemalloc
from typing import TYPE_CHECKING

from chat_text import chat_lines  # the sibling module: run as python benchmarks/scan.py

from onlinecompliance import Policy, scan_text
from onlinecompliance.scan import cpr, lexicon, personal
from onlinecompliance.scan.cpr import find_cpr_numbers
from onlinecompliance.scan.shaping import ShapedText

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

MEGABYTE = 1 << 20
TODAY = dt.date(2026, 11, 26)
"""The reference date for birth dates, fixed so that every run sees the same text."""
FLOOR = re.compile(r"\d{10}")
PRESIDIO_CPR = r"\b\d{6}[-\u2013 ]?\d{4}\b"
"""Presidio's pattern for the CPR number, as close to the scanner's forms as a regex gets."""


def best_of(repeats: int, passes: Sequence[tuple[str, Callable[[], object]]]) -> dict[str, float]:
    """Return the shortest of ``repeats`` timings of each pass, in seconds, by name.

    The passes take turns within each repeat, so that a busy spell of the
    machine slows all of them alike rather than one.
    """
    best = dict.fromkeys((name for name, _ in passes), float("inf"))
    for _ in range(repeats):
        for name, run in passes:
            gc.collect()
            began = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - began)
    return best


def floor_pass(text: str) -> int:
    """Count the ten-digit runs in ``text``: the cheapest pass over every character."""
    return sum(1 for _ in FLOOR.finditer(text))


# The private patterns are what this pass measures: every whole-text search the
# detectors make, and nothing else.
SEARCHES = (
    cpr._SHAPED_CANDIDATE,  # noqa: SLF001
    *personal._SHAPES,  # noqa: SLF001
)
"""The whole-text searches of the CPR and phone detectors, each over the text's shape."""


def searches_pass(text: str) -> int:
    """Shape ``text`` and count the hits of every whole-text search: the scanner's own floor.

    The health detector's one whole-text search is the lexicon's, over the text's
    lexical bytes.
    """
    shaped = ShapedText(text)
    lexical = b" " + shaped.data.translate(lexicon._LEXICAL)  # noqa: SLF001
    automaton = lexicon._lexicon().automaton  # noqa: SLF001
    terms = sum(1 for _ in automaton.iter(lexical.decode("latin-1")))
    shapes = sum(1 for search in SEARCHES for _ in search.finditer(shaped.shape))
    return shapes + terms + text.count("@")


def presidio_pass() -> Callable[[str], int] | None:
    """Build a Presidio CPR recognizer validated by python-stdnum, or None if absent.

    The recognizer is called directly, as ``analyze(text, entities, None)``: a
    pattern recognizer needs no NLP engine, so no spaCy model is loaded. Its
    matches are kept when ``stdnum.dk.cpr.is_valid`` accepts them, as Presidio's
    own ``validate_result`` hook would do.
    """
    if importlib.util.find_spec("presidio_analyzer") is None:
        return None
    # The ignore covers environments without the optional package; with it, it is unused.
    from presidio_analyzer import (  # type: ignore[import-not-found, unused-ignore]  # noqa: PLC0415
        Pattern,
        PatternRecognizer,
    )
    from stdnum.dk import cpr as stdnum_cpr  # noqa: PLC0415 (only with presidio)

    recognizer = PatternRecognizer(
        supported_entity="DK_CPR",
        patterns=[Pattern("cpr", PRESIDIO_CPR, 0.5)],
        context=["cpr", "personnummer"],
    )

    def run(text: str) -> int:
        results = recognizer.analyze(text, entities=["DK_CPR"], nlp_artifacts=None)
        return sum(1 for result in results if stdnum_cpr.is_valid(text[result.start : result.end]))

    return run


def peak_memory(run: Callable[[], object]) -> int:
    """Return the peak number of bytes ``tracemalloc`` sees allocated during ``run``."""
    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the text, time every pass over it, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=1.0, help="text size (default 1)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("--repeats", type=int, default=7, help="best of this many (default 7)")
    parser.add_argument("--cpr-share", type=float, default=0.03, help="share of CPR lines")
    parser.add_argument(
        "--health-share", type=float, default=0.03, help="share of health-statement lines"
    )
    args = parser.parse_args(argv)

    lines = chat_lines(
        random.Random(args.seed),
        int(args.size_mb * MEGABYTE),
        cpr_share=args.cpr_share,
        health_share=args.health_share,
    )
    text = "\n".join(lines)
    megabytes = len(text.encode()) / MEGABYTE
    policy = Policy(today=TODAY)

    def whole() -> int:
        return len(scan_text(text, policy=policy))

    def per_line() -> int:
        return sum(len(scan_text(line, policy=policy)) for line in lines)

    passes: list[tuple[str, Callable[[], int]]] = [
        ("floor re.finditer(\\d{10})", lambda: floor_pass(text)),
        ("cpr.find_cpr_numbers", lambda: sum(1 for _ in find_cpr_numbers(text, TODAY))),
        ("shape + searches, no checks", lambda: searches_pass(text)),
        ("scan_text, whole text", whole),
        ("scan_text, per line", per_line),
    ]
    presidio = presidio_pass()
    if presidio is not None:
        passes.append(("presidio PatternRecognizer", lambda: presidio(text)))

    print(
        f"text: {len(lines)} lines, {len(text)} characters, {megabytes:.2f} MB, seed {args.seed},"
        f" CPR lines {args.cpr_share:.1%}, health lines {args.health_share:.1%}"
    )
    print(f"best of {args.repeats}, the passes taking turns")
    print(f"{'pass':<30} {'ms':>8} {'MB/s':>8} {'floor units':>12} {'found':>7}")
    found = {name: run() for name, run in passes}
    timings = best_of(args.repeats, passes)
    floor = timings[passes[0][0]]
    for name, seconds in timings.items():
        print(
            f"{name:<30} {seconds * 1000:8.2f} {megabytes / seconds:8.1f}"
            f" {seconds / floor:12.2f} {found[name]:7d}"
        )
    scanner = timings["scan_text, whole text"]
    print(f"scanner/floor throughput: {floor / scanner:.2f}x (target >= 1.0x)")
    if presidio is None:
        print("presidio: skipped (presidio_analyzer is not installed)")
    else:
        presidio_time = timings["presidio PatternRecognizer"]
        print(f"scanner/presidio throughput: {presidio_time / scanner:.2f}x (target >= 5x)")
        searches = timings["shape + searches, no checks"]
        print(f"searches alone/presidio throughput: {presidio_time / searches:.2f}x")
    peak = peak_memory(whole)
    print(f"peak memory of scan_text (tracemalloc, untimed): {peak / MEGABYTE:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
