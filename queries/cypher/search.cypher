// Entities whose name or alias contains $text, or whose pinyin does (case and spaces ignored:
// 'chenyixin' and 'Chen Yi' both find 陈一新). `match` is 'exact' when $text is the whole name,
// an alias or the pinyin. Parameter: $text.
// Speed: a substring test needs a scan, but only of the six entity labels (one branch each: a
// label test on an unlabelled node reads every node, sentences included); the test runs inside
// each scan, cheapest part first, and the folded pinyin is worked out only where there is one.
WITH $text AS text, toLower(replace($text, ' ', '')) AS folded
CALL {
  WITH text, folded MATCH (n:Person)
  WHERE n.name CONTAINS text OR (n.pinyin IS NOT NULL AND toLower(replace(n.pinyin, ' ', '')) CONTAINS folded)
     OR (n.aliases IS NOT NULL AND any(alias IN n.aliases WHERE alias CONTAINS text))
  RETURN n
  UNION ALL WITH text, folded MATCH (n:Organization)
  WHERE n.name CONTAINS text OR (n.pinyin IS NOT NULL AND toLower(replace(n.pinyin, ' ', '')) CONTAINS folded)
     OR (n.aliases IS NOT NULL AND any(alias IN n.aliases WHERE alias CONTAINS text))
  RETURN n
  UNION ALL WITH text, folded MATCH (n:Event)
  WHERE n.name CONTAINS text OR (n.pinyin IS NOT NULL AND toLower(replace(n.pinyin, ' ', '')) CONTAINS folded)
     OR (n.aliases IS NOT NULL AND any(alias IN n.aliases WHERE alias CONTAINS text))
  RETURN n
  UNION ALL WITH text, folded MATCH (n:Agreement)
  WHERE n.name CONTAINS text OR (n.pinyin IS NOT NULL AND toLower(replace(n.pinyin, ' ', '')) CONTAINS folded)
     OR (n.aliases IS NOT NULL AND any(alias IN n.aliases WHERE alias CONTAINS text))
  RETURN n
  UNION ALL WITH text, folded MATCH (n:Place)
  WHERE n.name CONTAINS text OR (n.pinyin IS NOT NULL AND toLower(replace(n.pinyin, ' ', '')) CONTAINS folded)
     OR (n.aliases IS NOT NULL AND any(alias IN n.aliases WHERE alias CONTAINS text))
  RETURN n
  UNION ALL WITH text, folded MATCH (n:Project)
  WHERE n.name CONTAINS text OR (n.pinyin IS NOT NULL AND toLower(replace(n.pinyin, ' ', '')) CONTAINS folded)
     OR (n.aliases IS NOT NULL AND any(alias IN n.aliases WHERE alias CONTAINS text))
  RETURN n
}
WITH n, folded, toLower(replace(n.pinyin, ' ', '')) AS pinyin, coalesce(n.aliases, []) AS aliases
WHERE n.name IS NOT NULL
RETURN n.id AS id, labels(n)[0] AS label, n.name AS name, n.pinyin AS pinyin, aliases,
       CASE WHEN n.name = $text OR $text IN aliases OR pinyin = folded THEN 'exact' ELSE 'partial' END AS match
ORDER BY match, label, name
