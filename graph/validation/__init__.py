r"""Check the curated records and collect every defect before failing.

The checks are small named rules, one per concern, each yielding
:class:`~bonekg.errors.Problem`\\ s located at the YAML line of the offending value:
:mod:`~bonekg.validation.shape` (fields and types, from the schema of
:mod:`bonekg.model`), :mod:`~bonekg.validation.publications`,
:mod:`~bonekg.validation.nodes` and :mod:`~bonekg.validation.claims`. :func:`check`
runs them all so that one run of ``bonekg validate`` reports every defect.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bonekg.validation.claims import check_claims
from bonekg.validation.context import Checked
from bonekg.validation.nodes import check_nodes
from bonekg.validation.publications import check_publications
from bonekg.validation.shape import control_characters

if TYPE_CHECKING:
    from bonekg.records import Located
    from bonekg.vocabulary import Vocabulary

__all__ = ["Checked", "check"]


def check(nodes: Located, edges: Located, sources: Located, vocab: Vocabulary) -> Checked:
    """Validate the three curated documents against each other and the vocabulary.

    :returns: the usable records and every problem found
    """
    result = Checked()
    for doc in (nodes, edges, sources):
        result.problems.extend(control_characters(doc))
    check_publications(sources, vocab, result)
    check_nodes(nodes, vocab, result)
    check_claims(edges, vocab, result)
    return result
