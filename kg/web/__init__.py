"""``kg serve``: the analyst's web app over a store, on this machine (see docs/web.md).

Pages for search, people, organizations, events, agreements, documents and the question
library; a SPARQL 1.1 Protocol endpoint at ``/sparql`` and a Cypher endpoint at ``/cypher``,
both read-only. :func:`kg.web.app.create_app` builds the Starlette application,
:func:`kg.web.serve.serve` runs it.
"""
