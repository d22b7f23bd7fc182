"""Check one meeting from Python, as a booking tool would before the meeting starts.

Run: ``python examples/check_one.py``
"""

from __future__ import annotations

import onlinecompliance as oc

RECORD = {
    "id": "vk-2026-000123",
    "kind": "video_consultation",
    "platform": "meet",
    "department": "RH-Kardiologi",
    "start": "2026-11-20T10:00:00+01:00",
    "room": {"type": "fixed", "url": "https://meet.regionh.dk/abc123"},
    "participants": [
        {"id": "p1", "role": "doctor", "organisation": "region", "organiser": True},
        {"id": "p2", "role": "patient", "identity": "display_name"},
    ],
    "chat": [{"sender": "p1", "text": "Husk CPR 010190-1234 til journalen"}],
}


def main() -> int:
    """Load the record, check it, and print each violation with its fix."""
    try:
        meeting = oc.load_meeting(RECORD)
    except oc.InvalidRecord as invalid:
        for path, message in invalid.errors:
            print(f"{path}: {message}")
        return 2
    violations = oc.check(meeting)
    for violation in violations:
        rule = oc.RULES[violation.code]
        print(
            f"{violation.code} [{violation.severity.value}] {violation.path}: {violation.message}"
        )
        if violation.evidence:
            print(f"    evidence: {violation.evidence}")
        print(f"    fix: {rule.fix}")
    return 1 if any(v.severity is oc.Severity.ERROR for v in violations) else 0


if __name__ == "__main__":
    raise SystemExit(main())
