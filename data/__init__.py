"""The curated data of bonekg: nodes.yaml, edges.yaml and sources.yaml (see README.md here)."""
