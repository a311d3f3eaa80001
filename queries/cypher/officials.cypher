// Officials of an organization and of its sub-organizations, as of a day.
// One row per organization, person and post: first and last observed, the earliest stated start and
// the latest stated end (a day of an unknown year, --MM-DD, is not compared). With $as_of, only the
// holders on that day: (stated start, else first observed) <= day <= (stated end, else last
// observed), each date compared at its precision; an organization without officials gives one row
// without a person.
// Parameters: $org (id); $as_of (YYYY-MM-DD or null). `end` is quoted: a keyword of Neo4j's Cypher.
// Speed: the sub-organizations are walked down from the root (written from a bound root, the walk
// starts there; written towards it, every organization is tried as a start).
MATCH (root:Organization {id: $org})
OPTIONAL MATCH (root)<-[:SUB_ORGANIZATION_OF*1..]-(sub:Organization)
WITH root, [root] + collect(DISTINCT sub) AS tree
UNWIND tree AS o
OPTIONAL MATCH (o)-[:SUB_ORGANIZATION_OF]->(parent:Organization)
WHERE o <> root AND parent IN tree
OPTIONAL MATCH (o)<-[:POST_IN]-(post:Post)<-[h:HOLDS]-(person:Person)
WITH o, parent, person, post, min(h.first_observed) AS first_observed, max(h.last_observed) AS last_observed,
     min(CASE WHEN h.start STARTS WITH '-' THEN null ELSE h.start END) AS start,
     max(CASE WHEN h.end STARTS WITH '-' THEN null ELSE h.end END) AS stated_end
WITH o, parent, person, post, first_observed, last_observed, start, stated_end,
     coalesce(start, first_observed) AS began, coalesce(stated_end, last_observed) AS until
WITH o, parent, collect(CASE
       WHEN person IS NOT NULL AND ($as_of IS NULL OR (began <= substring($as_of, 0, size(began))
                                                       AND substring($as_of, 0, size(until)) <= until))
       THEN {person_id: person.id, person: person.name, title: post.title, first_observed: first_observed,
             last_observed: last_observed, start: start, end: stated_end}
     END) AS holders
UNWIND CASE WHEN size(holders) = 0 THEN [null] ELSE holders END AS h
RETURN o.id AS org_id, o.name AS organization, parent.id AS parent_id, h.person_id AS person_id,
       h.person AS person, h.title AS title, h.first_observed AS first_observed,
       h.last_observed AS last_observed, h.start AS start, h.end AS `end`
ORDER BY organization, person, title
