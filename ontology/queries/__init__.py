"""Named SPARQL queries, one question per .rq file."""
