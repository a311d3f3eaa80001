// Where a fact was read: document, item (headline), sentence and its text.
// Parameter: $fact (id): an event or agreement (DERIVED_FROM a sentence), a person (every
// sentence naming them), or a tenure or participation (the `key` of a HOLDS or PARTICIPATED_IN).
MATCH (x {id: $fact})-[:DERIVED_FROM|MENTIONED_IN]->(s:Sentence)-[:PART_OF]->(i:Item)-[:PART_OF]->(d:Document)
RETURN d.id AS document, d.file_name AS file, d.published AS published, i.index AS item,
       i.headline AS headline, s.index AS sentence, s.text AS text
UNION
MATCH (:Person)-[r:HOLDS|PARTICIPATED_IN]->()
WHERE r.key = $fact
MATCH (s:Sentence {id: r.sentence})-[:PART_OF]->(i:Item)-[:PART_OF]->(d:Document)
RETURN d.id AS document, d.file_name AS file, d.published AS published, i.index AS item,
       i.headline AS headline, s.index AS sentence, s.text AS text
