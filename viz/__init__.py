"""The bonekg HTML viewer: template, style and script of the offline page.

:func:`write_page` writes the viewer of a graph (optionally cut to one node's
neighbourhood, or with a path highlighted); the ``html`` build format
(:mod:`bonekg.writers.html`) writes the same page. pyvis loads only when a page is
rendered.
"""

from __future__ import annotations

from bonekg.viz.page import render_page, write_page

__all__ = ["render_page", "write_page"]
