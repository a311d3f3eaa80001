// Successions in a post, or in every post of an organization: one row per tenure of the post(s),
// which the question's finish step joins into spells and successions (kg.spells).
// Parameter: $office (id of a Post or an Organization).
MATCH (post:Post {id: $office})<-[h:HOLDS]-(person:Person)
OPTIONAL MATCH (post)-[:POST_IN]->(o:Organization)
OPTIONAL MATCH (:Sentence {id: h.sentence})-[:PART_OF]->(:Item)-[:PART_OF]->(d:Document)
RETURN h.key AS fact, post.id AS post, post.title AS title, o.name AS organization, o.id AS org_id,
       person.id AS person_id, person.name AS person, h.start AS start, h.end AS `end`,
       h.start_sentence AS start_sentence, h.end_sentence AS end_sentence, h.first_observed AS observed,
       h.replaces AS replaces, h.replaced_by AS replaced_by, d.id AS document, d.published AS published
UNION ALL
MATCH (o:Organization {id: $office})<-[:POST_IN]-(post:Post)<-[h:HOLDS]-(person:Person)
OPTIONAL MATCH (:Sentence {id: h.sentence})-[:PART_OF]->(:Item)-[:PART_OF]->(d:Document)
RETURN h.key AS fact, post.id AS post, post.title AS title, o.name AS organization, o.id AS org_id,
       person.id AS person_id, person.name AS person, h.start AS start, h.end AS `end`,
       h.start_sentence AS start_sentence, h.end_sentence AS end_sentence, h.first_observed AS observed,
       h.replaces AS replaces, h.replaced_by AS replaced_by, d.id AS document, d.published AS published
