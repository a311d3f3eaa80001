// Entities whose name or alias contains $text, or whose pinyin does (case and spaces ignored:
// 'chenyixin' and 'Chen Yi' both find 陈一新). `match` is 'exact' when $text is the whole name,
// an alias or the pinyin.
// Parameters: $text; $candidates (a list of ids, or null): the entities to test, as the store's
// name index finds them (`kg ask search` gives them; see docs/questions.md).
// Speed: without candidates a substring test needs a scan, but only of the six entity labels (one
// branch each: a label test on an unlabelled node reads every node, sentences included), the test
// inside each scan, cheapest part first; with candidates, one lookup by id per label.
WITH $text AS text, toLower(replace($text, ' ', '')) AS folded, $candidates AS candidates
CALL {
  WITH text, folded, candidates WITH * WHERE candidates IS NULL MATCH (n:Person)
  WHERE n.name CONTAINS text OR (n.pinyin IS NOT NULL AND toLower(replace(n.pinyin, ' ', '')) CONTAINS folded)
     OR (n.aliases IS NOT NULL AND any(alias IN n.aliases WHERE alias CONTAINS text))
  RETURN n
  UNION ALL WITH text, folded, candidates WITH * WHERE candidates IS NULL MATCH (n:Organization)
  WHERE n.name CONTAINS text OR (n.pinyin IS NOT NULL AND toLower(replace(n.pinyin, ' ', '')) CONTAINS folded)
     OR (n.aliases IS NOT NULL AND any(alias IN n.aliases WHERE alias CONTAINS text))
  RETURN n
  UNION ALL WITH text, folded, candidates WITH * WHERE candidates IS NULL MATCH (n:Event)
  WHERE n.name CONTAINS text OR (n.pinyin IS NOT NULL AND toLower(replace(n.pinyin, ' ', '')) CONTAINS folded)
     OR (n.aliases IS NOT NULL AND any(alias IN n.aliases WHERE alias CONTAINS text))
  RETURN n
  UNION ALL WITH text, folded, candidates WITH * WHERE candidates IS NULL MATCH (n:Agreement)
  WHERE n.name CONTAINS text OR (n.pinyin IS NOT NULL AND toLower(replace(n.pinyin, ' ', '')) CONTAINS folded)
     OR (n.aliases IS NOT NULL AND any(alias IN n.aliases WHERE alias CONTAINS text))
  RETURN n
  UNION ALL WITH text, folded, candidates WITH * WHERE candidates IS NULL MATCH (n:Place)
  WHERE n.name CONTAINS text OR (n.pinyin IS NOT NULL AND toLower(replace(n.pinyin, ' ', '')) CONTAINS folded)
     OR (n.aliases IS NOT NULL AND any(alias IN n.aliases WHERE alias CONTAINS text))
  RETURN n
  UNION ALL WITH text, folded, candidates WITH * WHERE candidates IS NULL MATCH (n:Project)
  WHERE n.name CONTAINS text OR (n.pinyin IS NOT NULL AND toLower(replace(n.pinyin, ' ', '')) CONTAINS folded)
     OR (n.aliases IS NOT NULL AND any(alias IN n.aliases WHERE alias CONTAINS text))
  RETURN n
  UNION ALL WITH candidates UNWIND coalesce(candidates, []) AS id MATCH (n:Person {id: id}) RETURN n
  UNION ALL WITH candidates UNWIND coalesce(candidates, []) AS id MATCH (n:Organization {id: id}) RETURN n
  UNION ALL WITH candidates UNWIND coalesce(candidates, []) AS id MATCH (n:Event {id: id}) RETURN n
  UNION ALL WITH candidates UNWIND coalesce(candidates, []) AS id MATCH (n:Agreement {id: id}) RETURN n
  UNION ALL WITH candidates UNWIND coalesce(candidates, []) AS id MATCH (n:Place {id: id}) RETURN n
  UNION ALL WITH candidates UNWIND coalesce(candidates, []) AS id MATCH (n:Project {id: id}) RETURN n
}
WITH n, text, folded, toLower(replace(n.pinyin, ' ', '')) AS pinyin, coalesce(n.aliases, []) AS aliases
WHERE n.name IS NOT NULL
  AND (n.name CONTAINS text OR pinyin CONTAINS folded OR any(alias IN aliases WHERE alias CONTAINS text))
RETURN n.id AS id, labels(n)[0] AS label, n.name AS name, n.pinyin AS pinyin, aliases,
       CASE WHEN n.name = $text OR $text IN aliases OR pinyin = folded THEN 'exact' ELSE 'partial' END AS match
ORDER BY match, label, name
