// A person's career: one row per tenure (a post as one document tells it), which the question's
// finish step joins into spells (kg.spells). Parameter: $person (id).
MATCH (x:Person {id: $person})-[h:HOLDS]->(post:Post)
OPTIONAL MATCH (post)-[:POST_IN]->(o:Organization)
OPTIONAL MATCH (:Sentence {id: h.sentence})-[:PART_OF]->(:Item)-[:PART_OF]->(d:Document)
RETURN h.key AS fact, post.id AS post, post.title AS title, o.name AS organization, o.id AS org_id,
       h.start AS start, h.end AS `end`, h.start_sentence AS start_sentence, h.end_sentence AS end_sentence,
       h.first_observed AS observed, h.replaces AS replaces, h.replaced_by AS replaced_by,
       d.id AS document, d.published AS published
