"""The loader: JSON-like mappings in, model values out, every problem with its path.

One cattrs converter (:mod:`.converter`) does the structuring with exact types
and no unknown fields; :func:`load_meeting` (:mod:`.loader`) adds the checks
that need the whole record and raises one
:class:`~onlinecompliance.model.InvalidRecord` listing every problem.
:mod:`.schema` states the same record format as a JSON Schema for editors and
other tools.
"""

from __future__ import annotations

from .loader import dump_meeting, load_meeting

__all__ = ["dump_meeting", "load_meeting"]
