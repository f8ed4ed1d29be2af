"""The portal's one door to Escort's application service (:class:`escort.service.Escort`).

The portal asks the service for the questionnaire (visibility from the engine's own ``show_if`` walk), to parse
answers, to assess them and to render reports; it never evaluates a rule itself.  :func:`service` is built once per
process from :class:`escort.config.Config` (``ESCORT_CHECKLISTS``, ``ESCORT_DISABLE``, … apply to the portal too).
"""

from __future__ import annotations

import functools
from typing import Any


@functools.lru_cache(maxsize=1)
def service():
    """The process-wide service object."""
    from escort.config import Config
    from escort.service import Escort

    return Escort(Config.from_env())


def questionnaire(mapping: dict, checklists: list[str]) -> Any:
    """The questionnaire for an answers mapping, restricted to the installed *checklists* of a checkup."""
    svc = service()
    return svc.questionnaire(svc.parse_answers(mapping), only=[c for c in checklists if c in svc.catalog.checklists])


def assess(mapping: dict) -> Any:
    """The complete Result for an answers mapping."""
    svc = service()
    return svc.assess(svc.parse_answers(mapping)).result
