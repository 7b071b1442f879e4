"""Search in the admin: the synonyms, the query statistics and the index status."""
