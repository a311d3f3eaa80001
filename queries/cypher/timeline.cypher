// Timeline of a person (posts observed, events, agreements) or of an organization (tenures of
// its posts, its agreements, the events it organized). `fact` is what `kg ask source` takes.
// Parameter: $entity (id).
MATCH (x:Person {id: $entity})-[h:HOLDS]->(post:Post)
RETURN h.first_observed AS date, 'post' AS what, h.key AS fact, post.id AS id, post.name AS name,
       [(post)-[:POST_IN]->(o) | o.name] AS detail
UNION ALL
MATCH (x:Person {id: $entity})-[r:PARTICIPATED_IN]->(e:Event)
RETURN coalesce(e.date, e.month_day) AS date, 'event' AS what, r.key AS fact, e.id AS id, coalesce(e.name, e.kind) AS name, r.roles AS detail
UNION ALL
MATCH (x:Person {id: $entity})
OPTIONAL MATCH (x)<-[:SIGNED_BY]-(signed:Agreement)
OPTIONAL MATCH (x)-[:PARTICIPATED_IN]->(:Event)<-[:SIGNED_AT]-(present:Agreement)
WITH collect(DISTINCT signed.id) AS signed, collect(DISTINCT present.id) AS present
UNWIND signed + present AS agreement
WITH DISTINCT agreement, signed, present
MATCH (a:Agreement {id: agreement})
RETURN coalesce(a.date, a.month_day) AS date, 'agreement' AS what, a.id AS fact, a.id AS id, a.name AS name,
       CASE WHEN a.id IN signed THEN ['signatory'] ELSE [] END
       + CASE WHEN a.id IN present THEN ['present'] ELSE [] END AS detail
UNION ALL
MATCH (x:Organization {id: $entity})<-[:POST_IN]-(post:Post)<-[h:HOLDS]-(p)
RETURN h.first_observed AS date, 'post' AS what, h.key AS fact, p.id AS id, p.name AS name, [post.title] AS detail
UNION ALL
MATCH (x:Organization {id: $entity})<-[:HAS_PARTY]-(a:Agreement)
RETURN coalesce(a.date, a.month_day) AS date, 'agreement' AS what, a.id AS fact, a.id AS id, a.name AS name,
       [(a)-[:HAS_PARTY]->(o) WHERE o <> x | o.name] AS detail
UNION ALL
MATCH (x:Organization {id: $entity})<-[:ORGANIZED_BY]-(e:Event)
RETURN coalesce(e.date, e.month_day) AS date, 'event' AS what, e.id AS fact, e.id AS id, coalesce(e.name, e.kind) AS name,
       ['organizer'] AS detail
