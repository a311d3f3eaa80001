"""Shared doctest names: ``g`` is the sample bulletin's graph (kg.to_networkx(provenance=True))."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def sample_graph(tmp_path_factory):
    from kg import KnowledgeGraph
    from kg.loaders.extract import sample_path

    kg = KnowledgeGraph.open(tmp_path_factory.mktemp("doctest-store"))
    kg.ingest(sample_path(), published="2014-10-31")
    return kg.to_networkx(provenance=True)


@pytest.fixture(autouse=True)
def _doctest_graph(request, doctest_namespace):
    if isinstance(request.node, pytest.DoctestItem):
        doctest_namespace["g"] = request.getfixturevalue("sample_graph")
