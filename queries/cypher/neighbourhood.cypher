// Everything within $hops fact relationships of an entity, in either direction, with its distance.
// Parameters: $entity (id); $hops (1 to 3). Provenance (sentences, items, documents) is not walked.
// Speed: the entity is found by one index seek per entity label (a label disjunction or an unlabelled
// {id: …} scans every node on ArcadeDB; documents, items and sentences have no fact relationships).
// The walk is breadth-first, one hop at a time from the distinct nodes reached so far, instead of
// enumerating every path (which grows exponentially with the hops); a node's distance is the
// smallest hop that reached it.
CALL { MATCH (s:Person {id: $entity}) RETURN s UNION MATCH (s:Organization {id: $entity}) RETURN s
       UNION MATCH (s:Post {id: $entity}) RETURN s UNION MATCH (s:Event {id: $entity}) RETURN s
       UNION MATCH (s:Agreement {id: $entity}) RETURN s UNION MATCH (s:Place {id: $entity}) RETURN s
       UNION MATCH (s:Project {id: $entity}) RETURN s }
OPTIONAL MATCH (s)-[:HOLDS|POST_IN|PARTICIPATED_IN|SUB_ORGANIZATION_OF|LOCATED_IN|HELD_IN|ORGANIZED_BY|HAS_PARTY|SIGNED_BY|SIGNED_AT|CONCERNS]-(n)
WITH s, collect(DISTINCT n) AS hop1
// the [null] keeps one row when there is nothing to expand
UNWIND CASE WHEN $hops >= 2 THEN hop1 ELSE [] END + [null] AS x
OPTIONAL MATCH (x)-[:HOLDS|POST_IN|PARTICIPATED_IN|SUB_ORGANIZATION_OF|LOCATED_IN|HELD_IN|ORGANIZED_BY|HAS_PARTY|SIGNED_BY|SIGNED_AT|CONCERNS]-(n)
WITH s, hop1, collect(DISTINCT n) AS hop2
UNWIND CASE WHEN $hops >= 3 THEN hop2 ELSE [] END + [null] AS x
OPTIONAL MATCH (x)-[:HOLDS|POST_IN|PARTICIPATED_IN|SUB_ORGANIZATION_OF|LOCATED_IN|HELD_IN|ORGANIZED_BY|HAS_PARTY|SIGNED_BY|SIGNED_AT|CONCERNS]-(n)
WITH s, [hop1, hop2, collect(DISTINCT n)] AS hops
UNWIND range(1, 3) AS hop
UNWIND hops[hop - 1] AS n
WITH s, n, min(hop) AS distance
WHERE n <> s
RETURN n.id AS id, labels(n)[0] AS label, coalesce(n.name, n.kind) AS name, distance
ORDER BY distance, label, name
