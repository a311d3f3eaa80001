// Shortest connections between two different entities: every node on a shortest path (of at most $hops,
// 1 to 4, relationships), with its distance from each end. Parameters: $source, $target (ids); $hops.
MATCH (a {id: $source}), (b {id: $target})
WHERE a <> b
MATCH p = allShortestPaths((a)-[:HOLDS|POST_IN|PARTICIPATED_IN|SUB_ORGANIZATION_OF|LOCATED_IN|HELD_IN|ORGANIZED_BY|HAS_PARTY|SIGNED_BY|SIGNED_AT|CONCERNS*..4]-(b))
WHERE length(p) <= $hops
UNWIND range(0, length(p)) AS i
WITH nodes(p)[i] AS n, i, length(p) AS steps
RETURN DISTINCT n.id AS id, labels(n)[0] AS label, coalesce(n.name, n.kind) AS name, i AS from_source, steps - i AS to_target
ORDER BY from_source, id
