// Officials of an organization and of its sub-organizations, as observed on or before a date.
// One row per organization, person and post, with the first and last dates the post was
// observed; an organization without officials gives one row without a person.
// Parameters: $org (id); $date (YYYY-MM-DD or null).
// Speed: the sub-organizations are walked down from the root (written from a bound root, the walk
// starts there; written towards it, every organization is tried as a start).
MATCH (root:Organization {id: $org})
OPTIONAL MATCH (root)<-[:SUB_ORGANIZATION_OF*1..]-(sub:Organization)
WITH root, [root] + collect(DISTINCT sub) AS tree
UNWIND tree AS o
OPTIONAL MATCH (o)-[:SUB_ORGANIZATION_OF]->(parent:Organization)
WHERE o <> root AND parent IN tree
OPTIONAL MATCH (o)<-[:POST_IN]-(post:Post)<-[h:HOLDS]-(person:Person)
WHERE $date IS NULL OR h.first_observed <= $date
RETURN o.id AS org_id, o.name AS organization, parent.id AS parent_id, person.id AS person_id,
       person.name AS person, post.title AS title,
       min(h.first_observed) AS first_observed, max(h.last_observed) AS last_observed
ORDER BY organization, person, title
