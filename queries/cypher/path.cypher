// Shortest connections between two different entities: every node on a shortest path (of at most $hops,
// 1 to 4, relationships), with its distance from each end. Parameters: $source, $target (ids); $hops.
// Speed: ArcadeDB plans a label disjunction or an unlabelled {id: …} as a scan of every node here, so
// each end is found through one index seek per entity label (documents, items and sentences have no
// fact relationships, so no path starts or ends there).
CALL { MATCH (a:Person {id: $source}) RETURN a UNION MATCH (a:Organization {id: $source}) RETURN a
       UNION MATCH (a:Post {id: $source}) RETURN a UNION MATCH (a:Event {id: $source}) RETURN a
       UNION MATCH (a:Agreement {id: $source}) RETURN a UNION MATCH (a:Place {id: $source}) RETURN a
       UNION MATCH (a:Project {id: $source}) RETURN a }
CALL { MATCH (b:Person {id: $target}) RETURN b UNION MATCH (b:Organization {id: $target}) RETURN b
       UNION MATCH (b:Post {id: $target}) RETURN b UNION MATCH (b:Event {id: $target}) RETURN b
       UNION MATCH (b:Agreement {id: $target}) RETURN b UNION MATCH (b:Place {id: $target}) RETURN b
       UNION MATCH (b:Project {id: $target}) RETURN b }
WITH a, b WHERE a <> b
MATCH p = allShortestPaths((a)-[:HOLDS|POST_IN|PARTICIPATED_IN|SUB_ORGANIZATION_OF|LOCATED_IN|HELD_IN|ORGANIZED_BY|HAS_PARTY|SIGNED_BY|SIGNED_AT|CONCERNS*..4]-(b))
WHERE length(p) <= $hops
UNWIND range(0, length(p)) AS i
WITH nodes(p)[i] AS n, i, length(p) AS steps
RETURN DISTINCT n.id AS id, labels(n)[0] AS label, coalesce(n.name, n.kind) AS name, i AS from_source, steps - i AS to_target
ORDER BY from_source, id
