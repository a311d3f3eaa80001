"""The bulletin-kg ontology: namespaces, terms, and the files that define them.

``bulletin.ttl`` declares every class and property (with Chinese and English
labels) and how each maps to the property graph; ``shapes.ttl`` holds the SHACL
shapes the stored graph must satisfy.

>>> from kg.ontology import BK, ontology_graph
>>> (BK.Person, None, None) in ontology_graph()
True
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from rdflib import Graph, Namespace

BK = Namespace("https://w3id.org/bulletin-kg/ontology#")
ID = Namespace("https://w3id.org/bulletin-kg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

PREFIXES = {"bk": BK, "id": ID, "org": ORG, "schema": SCHEMA, "prov": PROV, "foaf": FOAF}


def _text(name: str) -> str:
    return resources.files("kg.ontology").joinpath(name).read_text(encoding="utf-8")


@cache
def ontology_graph() -> Graph:
    """The ontology as an rdflib graph (parsed once)."""
    return Graph().parse(data=_text("bulletin.ttl"), format="turtle")


@cache
def shapes_graph() -> Graph:
    """The SHACL shapes as an rdflib graph (parsed once)."""
    return Graph().parse(data=_text("shapes.ttl"), format="turtle")


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, to put before a query."""
    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
