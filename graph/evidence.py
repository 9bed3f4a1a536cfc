"""The kinds of evidence a source gives, strongest first, stated once.

A source's kind follows from its ECO term, its species and the publication type (see
:meth:`bonekg.vocabulary.Vocabulary.evidence_kind`). Paths are ranked by it, ``--evidence``
filters by it, the viewer colours and labels it.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["PRIMARY", "EvidenceKind"]


class EvidenceKind(Enum):
    """One kind of evidence: its name (the CLI value), rank (higher is stronger) and label."""

    RCT = ("rct", 5, "randomised trial")
    CLINICAL = ("clinical", 4, "clinical (human)")
    ANIMAL = ("animal", 3, "animal")
    IN_VITRO = ("in vitro", 2, "in vitro")
    REVIEW = ("review", 1, "review / author statement")
    UNKNOWN = ("unknown", 0, "unknown")

    def __init__(self, key: str, rank: int, label: str) -> None:
        self.key = key
        self.rank = rank
        self.label = label

    @classmethod
    def of(cls, key: str) -> EvidenceKind:
        """Return the kind named *key* (``rct``, ``in vitro``...); unknown names are UNKNOWN."""
        return _BY_KEY.get(key, cls.UNKNOWN)


_BY_KEY = {kind.key: kind for kind in EvidenceKind}

#: The ``--evidence`` value for "anything but a review".
PRIMARY = "primary"
