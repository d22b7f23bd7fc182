"""Hypothesis profiles: ``dev`` is quick; ``ci`` looks harder.

``HYPOTHESIS_PROFILE`` chooses one; otherwise ``ci`` when the ``CI`` variable is
set (as ``.ci/run`` and most CI services do), else ``dev``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
