"""Bolt-only tests: what the contract suite cannot say about a server-backed store."""

from __future__ import annotations

from neo4j import GraphDatabase

from graph.store.base import StoreConfig


def test_bolt_server_answers_and_starts_empty(bolt_config: StoreConfig) -> None:
    auth = (bolt_config.neo4j_user, bolt_config.neo4j_password)
    with GraphDatabase.driver(bolt_config.neo4j_uri, auth=auth) as driver:
        driver.execute_query(
            "CREATE (:Probe {id: $id, text: $text})",
            id="probe",
            text="}) DETACH DELETE n // 'quote' \\ Ünïcode",
            database_=bolt_config.neo4j_database,
        )
        records, _, _ = driver.execute_query(
            "MATCH (n) RETURN count(n) AS nodes, collect(n.text) AS texts",
            database_=bolt_config.neo4j_database,
        )
    assert records[0]["nodes"] == 1
    assert records[0]["texts"] == ["}) DETACH DELETE n // 'quote' \\ Ünïcode"]


def test_bolt_config_clears_the_graph_between_tests(bolt_config: StoreConfig) -> None:
    auth = (bolt_config.neo4j_user, bolt_config.neo4j_password)
    with GraphDatabase.driver(bolt_config.neo4j_uri, auth=auth) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n) RETURN count(n) AS nodes", database_=bolt_config.neo4j_database
        )
    assert records[0]["nodes"] == 0
