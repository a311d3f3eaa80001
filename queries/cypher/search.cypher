// Entities whose name or alias contains $text, or whose pinyin does (case and spaces ignored:
// 'chenyixin' and 'Chen Yi' both find 陈一新). `match` is 'exact' when $text is the whole name,
// an alias or the pinyin. Parameter: $text.
MATCH (n)
WHERE (n:Person OR n:Organization OR n:Event OR n:Agreement OR n:Place OR n:Project) AND n.name IS NOT NULL
WITH n, toLower(replace($text, ' ', '')) AS folded, toLower(replace(n.pinyin, ' ', '')) AS pinyin,
     coalesce(n.aliases, []) AS aliases
WHERE n.name CONTAINS $text OR any(alias IN aliases WHERE alias CONTAINS $text) OR pinyin CONTAINS folded
RETURN n.id AS id, labels(n)[0] AS label, n.name AS name, n.pinyin AS pinyin, aliases,
       CASE WHEN n.name = $text OR $text IN aliases OR pinyin = folded THEN 'exact' ELSE 'partial' END AS match
ORDER BY match, label, name
