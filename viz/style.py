"""How the viewer draws things: a colour and a shape per category, a colour per sign.

Categories come from the vocabulary, so a category added to ``ontology/bonekg.ttl``
gets a style without a change here: styles are handed out in the vocabulary's order.
The palette is Paul Tol's "muted" scheme (distinguishable with common colour-vision
deficiencies); shapes keep the label below the node so they stay readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bonekg.vocabulary import Vocabulary

__all__ = ["SIGN_STYLES", "CategoryStyle", "SignStyle", "category_styles", "sign_name"]

_PALETTE = (
    "#332288",
    "#CC6677",
    "#44AA99",
    "#882255",
    "#AA4499",
    "#DDCC77",
    "#88CCEE",
    "#999933",
    "#117733",
    "#DDDDDD",
)
#: vis-network shape and the character the legend shows for it.
_SHAPES = (
    ("dot", "●"),
    ("diamond", "◆"),
    ("square", "■"),
    ("triangle", "▲"),
    ("triangleDown", "▼"),
    ("hexagon", "⬢"),
    ("star", "★"),
    ("box", "▬"),
)


@dataclass(frozen=True)
class CategoryStyle:
    """How nodes of one category look."""

    name: str
    label: str
    color: str
    shape: str
    glyph: str


@dataclass(frozen=True)
class SignStyle:
    """How edges of one sign look."""

    name: str
    label: str
    color: str


#: Edge styles by sign name, in legend order.
SIGN_STYLES: dict[str, SignStyle] = {
    "increase": SignStyle("increase", "increases (+)", "#1B7837"),
    "decrease": SignStyle("decrease", "decreases (−)", "#C51B7D"),
    "other": SignStyle("other", "other relation", "#8C8C8C"),
}


def sign_name(sign: int | None) -> str:
    """Return ``increase``, ``decrease`` or ``other`` for an edge sign."""
    if sign is None or sign == 0:
        return "other"
    return "increase" if sign > 0 else "decrease"


def category_styles(vocab: Vocabulary) -> dict[str, CategoryStyle]:
    """Give each category of *vocab* a colour and a shape, in the vocabulary's order.

    :returns: category name -> style, in legend order
    """
    ordered = sorted(vocab.categories.values(), key=lambda c: (c.order, c.name))
    styles = {}
    for index, category in enumerate(ordered):
        shape, glyph = _SHAPES[index % len(_SHAPES)]
        styles[category.name] = CategoryStyle(
            name=category.name,
            label=category.label,
            color=_PALETTE[index % len(_PALETTE)],
            shape=shape,
            glyph=glyph,
        )
    return styles
