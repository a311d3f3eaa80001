// Agreements by party or date range: parties, amount (yuan), signing event, and the officials
// present (the people at the signing event and the signatories).
// Parameters (each may be null): $party (id); $since, $until (YYYY-MM-DD).
// Speed: two branches that exclude each other. With a party, start from it (an index seek, then
// its agreements; parties are organizations) instead of testing every agreement; without one,
// scan the agreements (the WITH … WHERE stops that branch before the scan when a party is given).
MATCH (:Organization {id: $party})<-[:HAS_PARTY]-(a:Agreement)
WITH DISTINCT a WHERE ($since IS NULL OR a.date >= $since) AND ($until IS NULL OR a.date <= $until)
OPTIONAL MATCH (a)-[:SIGNED_AT]->(e:Event)
RETURN a.id AS id, a.name AS name, coalesce(a.date, a.month_day) AS date, toFloat(a.amount_yuan) AS amount, e.id AS event,
       [(a)-[:HAS_PARTY]->(x) | x.name] AS parties,
       [(e)<-[:PARTICIPATED_IN]-(x) | x.name] + [(a)-[:SIGNED_BY]->(x) | x.name] AS officials
UNION ALL
WITH $party AS party WHERE party IS NULL
MATCH (a:Agreement)
WHERE ($since IS NULL OR a.date >= $since) AND ($until IS NULL OR a.date <= $until)
OPTIONAL MATCH (a)-[:SIGNED_AT]->(e:Event)
RETURN a.id AS id, a.name AS name, coalesce(a.date, a.month_day) AS date, toFloat(a.amount_yuan) AS amount, e.id AS event,
       [(a)-[:HAS_PARTY]->(x) | x.name] AS parties,
       [(e)<-[:PARTICIPATED_IN]-(x) | x.name] + [(a)-[:SIGNED_BY]->(x) | x.name] AS officials
