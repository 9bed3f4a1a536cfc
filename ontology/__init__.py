"""The bonekg vocabulary (bonekg.ttl), SHACL shapes (shapes.ttl), prefix map and named queries."""
