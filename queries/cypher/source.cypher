// Where a fact was read: document, item (headline), sentence and its text.
// Parameter: $fact (id): an event or agreement (DERIVED_FROM a sentence), a person (every
// sentence naming them), or a tenure or participation (the `key` of a HOLDS or PARTICIPATED_IN).
// Speed: the node is found by an index seek per label that has provenance (an unlabelled {id: …}
// scans every node on ArcadeDB), and a relationship by the index on its type's `key` (used only
// with one type, unlabelled ends and the key in WHERE), one branch per type.
MATCH (x:Event|Agreement|Person {id: $fact})-[:DERIVED_FROM|MENTIONED_IN]->(s:Sentence)-[:PART_OF]->(i:Item)-[:PART_OF]->(d:Document)
RETURN d.id AS document, d.file_name AS file, d.published AS published, i.index AS item,
       i.headline AS headline, s.index AS sentence, s.text AS text
UNION
MATCH ()-[r:HOLDS]->()
WHERE r.key = $fact
WITH r, startNode(r) AS p WHERE p:Person
MATCH (s:Sentence {id: r.sentence})-[:PART_OF]->(i:Item)-[:PART_OF]->(d:Document)
RETURN d.id AS document, d.file_name AS file, d.published AS published, i.index AS item,
       i.headline AS headline, s.index AS sentence, s.text AS text
UNION
MATCH ()-[r:PARTICIPATED_IN]->()
WHERE r.key = $fact
WITH r, startNode(r) AS p WHERE p:Person
MATCH (s:Sentence {id: r.sentence})-[:PART_OF]->(i:Item)-[:PART_OF]->(d:Document)
RETURN d.id AS document, d.file_name AS file, d.published AS published, i.index AS item,
       i.headline AS headline, s.index AS sentence, s.text AS text
