"""Every IRI constant of bonekg's RDF, and the prefixes of its Turtle and JSON-LD output.

Kept free of heavy imports: the vocabulary reader and the query path use it too.
"""

from __future__ import annotations

from functools import cache

from bonekg.constants import BONEKG_NS

__all__ = [
    "BIOLINK",
    "BONEKG_NS",
    "DCTERMS",
    "DOI",
    "FABIO",
    "NAMESPACES",
    "OBO",
    "OBOINOWL",
    "PRISM",
    "PUBMED",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "STATEMENT_NS",
    "XSD",
    "prefixes",
    "publication_iri",
    "ref_of",
]

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "http://schema.org/"
SH = "http://www.w3.org/ns/shacl#"
OBOINOWL = "http://www.geneontology.org/formats/oboInOwl#"
PRISM = "http://prismstandard.org/namespaces/basic/2.0/"
FABIO = "http://purl.org/spar/fabio/"
BIOLINK = "https://w3id.org/biolink/vocab/"
OBO = "http://purl.obolibrary.org/obo/"
STATEMENT_NS = BONEKG_NS + "statement/"
PUBMED = "https://pubmed.ncbi.nlm.nih.gov/"
DOI = "https://doi.org/"

#: Prefixes of the Turtle and JSON-LD output, besides the node prefixes of prefixes.json.
NAMESPACES: dict[str, str] = {
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "oboInOwl": OBOINOWL,
    "prism": PRISM,
    "fabio": FABIO,
    "biolink": BIOLINK,
    "obo": OBO,
    "bonekg": BONEKG_NS,
    "statement": STATEMENT_NS,
}


def publication_iri(ref: str) -> str:
    """Return the IRI of a publication CURIE: its PubMed page, or the DOI resolver.

    :param ref: ``PMID:N`` or ``DOI:10.x/y``
    """
    prefix, _, local = ref.partition(":")
    if prefix == "PMID":
        return f"{PUBMED}{local}/"
    return f"{DOI}{local}"


def ref_of(iri: str) -> str:
    """Return the publication CURIE of a publication IRI (the inverse of :func:`publication_iri`)."""
    if iri.startswith(PUBMED):
        return "PMID:" + iri[len(PUBMED) :].rstrip("/")
    return "DOI:" + iri[len(DOI) :]


@cache
def prefixes() -> dict[str, str]:
    """Return the prefix map of the Turtle and JSON-LD output.

    Standard vocabularies first, then the node prefixes of ``ontology/prefixes.json``.
    """
    from bonekg.ids import converter

    out = dict(NAMESPACES)
    for prefix, namespace in converter().prefix_map.items():
        out.setdefault(prefix, namespace)
    return out
