"""The ontology parses, declares every term the data uses, and the demo graph conforms."""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import OWL, RDF, RDFS, URIRef

from kg.fact_kinds import KINDS
from kg.loaders.extract import extract_path, sample_path
from kg.ontology import BK, ontology_graph, shapes_graph
from kg.rdf import facts_to_graph


@pytest.fixture(scope="module")
def sample_graph():
    return facts_to_graph(extract_path(sample_path(), "2014-10-31"))


def test_every_term_used_is_declared(sample_graph):
    onto = ontology_graph()
    declared = set(onto.subjects(RDF.type, None))
    used = {p for p in sample_graph.predicates() if p != RDF.type}
    used |= {o for o in sample_graph.objects(None, RDF.type)}
    used |= {o for o in sample_graph.objects(None, BK.role)}
    missing = sorted(str(t) for t in used if t not in declared)
    assert missing == []


def test_every_fact_kind_writes_declared_terms_of_fields_it_has():
    onto = ontology_graph()
    declared = set(onto.subjects(RDF.type, None))
    for kind in KINDS:
        assert kind.rdf_class in declared, kind.rdf_class
        for field in kind.fields:
            assert hasattr(kind.cls, field.name), (kind.record, field)
            assert field.predicate == RDF.type or field.predicate in declared, field.predicate
            assert (field.refers is None and field.names is None) or field.form == "link", field


def test_every_class_and_property_has_chinese_and_english_labels():
    onto = ontology_graph()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in onto.subjects(RDF.type, kind):
            langs = {label.language for label in onto.objects(term, RDFS.label)}
            assert {"zh", "en"} <= langs, term


def test_sample_graph_conforms_to_shapes(sample_graph):
    ok, _, report = pyshacl.validate(
        sample_graph, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="rdfs"
    )
    assert ok, report


def test_shapes_catch_a_person_without_name(sample_graph):
    broken = sample_graph
    person = next(broken.subjects(RDF.type, BK.Person))
    broken.remove((person, URIRef("https://schema.org/name"), None))
    ok, _, _ = pyshacl.validate(broken, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="rdfs")
    assert not ok


def test_readme_documents_every_cypher_label_and_relationship_type():
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    onto = ontology_graph()
    for label in onto.objects(None, BK.cypherLabel):
        assert f"`:{label}`" in readme, label
    for rtype in onto.objects(None, BK.cypherType):
        assert f"`[:{rtype}]`" in readme, rtype
