// Everything within $hops fact relationships of an entity, in either direction, with its distance.
// Parameters: $entity (id); $hops (1 to 3). Provenance (sentences, items, documents) is not walked.
MATCH (s {id: $entity})
MATCH walk = (s)-[:HOLDS|POST_IN|PARTICIPATED_IN|SUB_ORGANIZATION_OF|LOCATED_IN|HELD_IN|ORGANIZED_BY|HAS_PARTY|SIGNED_BY|SIGNED_AT|CONCERNS*1..3]-(n)
WHERE n <> s AND length(walk) <= $hops
RETURN n.id AS id, labels(n)[0] AS label, coalesce(n.name, n.kind) AS name, min(length(walk)) AS distance
ORDER BY distance, label, name
