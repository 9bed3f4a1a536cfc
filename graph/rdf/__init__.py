"""The RDF model of bonekg, in three modules (this package imports none of them itself).

- :mod:`bonekg.rdf.namespaces`: every IRI constant and prefix, in one place;
- :mod:`bonekg.rdf.mapping`: graph -> triples (nodes, claims as statements, sources,
  publications, the vocabulary), and the sinks the RDF writers and the store fill;
- reading an export back is :mod:`bonekg.readers.rdf`.
"""
