"""The bonekg HTML viewer: template, style and script of the offline page."""
