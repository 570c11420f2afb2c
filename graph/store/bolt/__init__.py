"""The Bolt store (Neo4j 5, or any server speaking Bolt and Cypher): `BoltStore`.

Importing this package imports the neo4j driver; `graph.store.open_store` does so only
when the configuration asks for this store.
"""

from graph.store.bolt.store import BoltStore

__all__ = ["BoltStore"]
