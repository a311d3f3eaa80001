// Agreements by party or date range: parties, amount (yuan), signing event, and the officials
// present (the people at the signing event and the signatories).
// Parameters (each may be null): $party (id); $since, $until (YYYY-MM-DD).
MATCH (a:Agreement)
WHERE ($party IS NULL OR $party IN [(a)-[:HAS_PARTY]->(x) | x.id])
  AND ($since IS NULL OR a.date >= $since) AND ($until IS NULL OR a.date <= $until)
OPTIONAL MATCH (a)-[:SIGNED_AT]->(e:Event)
RETURN a.id AS id, a.name AS name, a.date AS date, toFloat(a.amount_yuan) AS amount, e.id AS event,
       [(a)-[:HAS_PARTY]->(x) | x.name] AS parties,
       [(e)<-[:PARTICIPATED_IN]-(x) | x.name] + [(a)-[:SIGNED_BY]->(x) | x.name] AS officials
ORDER BY date, name
