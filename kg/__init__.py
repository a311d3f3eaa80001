"""bulletin-kg: Chinese government work bulletins → a knowledge graph.

>>> from kg import KnowledgeGraph  # doctest: +SKIP
"""

from kg.api import KnowledgeGraph

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "__version__"]
