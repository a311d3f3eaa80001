// Events by kind, date range or place, with their participants.
// Parameters (each may be null): $kind (e.g. 'Meeting', 'Signing'); $since, $until (YYYY-MM-DD);
// $place (id of a Place).
MATCH (e:Event)
WHERE ($kind IS NULL OR e.kind = $kind)
  AND ($since IS NULL OR e.date >= $since) AND ($until IS NULL OR e.date <= $until)
  AND ($place IS NULL OR $place IN [(e)-[:HELD_IN]->(x) | x.id])
OPTIONAL MATCH (e)-[:HELD_IN]->(venue:Place)
RETURN e.id AS id, coalesce(e.name, e.kind) AS name, e.kind AS type, e.date AS date, venue.name AS venue,
       [(e)<-[:PARTICIPATED_IN]-(x) | x.name] AS participants
ORDER BY date, name
