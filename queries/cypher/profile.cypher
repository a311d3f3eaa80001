// Profile of a person: posts (organization, first and last observed), events (date, roles),
// agreements (signed, or present at the signing). Parameter: $person (id).
MATCH (p:Person {id: $person})-[h:HOLDS]->(post:Post)
OPTIONAL MATCH (post)-[:POST_IN]->(o:Organization)
RETURN 'post' AS section, post.id AS id, post.title AS name, collect(DISTINCT o.name) AS context,
       min(h.first_observed) AS date, max(h.last_observed) AS end_date, [] AS roles
UNION ALL
MATCH (p:Person {id: $person})-[r:PARTICIPATED_IN]->(e:Event)
OPTIONAL MATCH (e)-[:HELD_IN]->(place:Place)
RETURN 'event' AS section, e.id AS id, coalesce(e.name, e.kind) AS name, collect(DISTINCT place.name) AS context,
       e.date AS date, e.end_date AS end_date, reduce(acc = [], roles IN collect(r.roles) | acc + roles) AS roles
UNION ALL
MATCH (p:Person {id: $person})
OPTIONAL MATCH (p)<-[:SIGNED_BY]-(signed:Agreement)
OPTIONAL MATCH (p)-[:PARTICIPATED_IN]->(:Event)<-[:SIGNED_AT]-(present:Agreement)
WITH collect(DISTINCT signed.id) AS signed, collect(DISTINCT present.id) AS present
UNWIND signed + present AS agreement
WITH DISTINCT agreement, signed, present
MATCH (a:Agreement {id: agreement})
OPTIONAL MATCH (a)-[:HAS_PARTY]->(party)
RETURN 'agreement' AS section, a.id AS id, a.name AS name, collect(DISTINCT party.name) AS context,
       a.date AS date, null AS end_date,
       CASE WHEN a.id IN signed THEN ['signatory'] ELSE [] END
       + CASE WHEN a.id IN present THEN ['present'] ELSE [] END AS roles
