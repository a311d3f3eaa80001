"""bulletin-kg: Chinese government work bulletins → a knowledge graph.

>>> from kg import KnowledgeGraph  # doctest: +SKIP

``KnowledgeGraph`` is imported at first use (:pep:`562`), so that ``kg --version`` and
``kg cypher --server`` do not load the extractor, rdflib and networkx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.api import KnowledgeGraph

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "KnowledgeGraph":
        from kg.api import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
