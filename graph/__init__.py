"""geokg's graph core: the schema, extraction, stores, ingestion and analytics.

Importing `graph` (or `graph.model`) is light; spaCy and the neo4j driver load only
when `graph.extract` or the Bolt store are used.
"""
