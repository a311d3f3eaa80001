// Events by kind, date range or place, with their participants.
// Parameters (each may be null): $kind (e.g. 'Meeting', 'Signing'); $since, $until (YYYY-MM-DD);
// $place (id of a Place).
// Speed: two branches that exclude each other. With a place, start from it (an index seek, then
// its events; events are held in places) instead of testing every event; without one, scan the
// events (the WITH … WHERE stops that branch before the scan when a place is given).
MATCH (:Place {id: $place})<-[:HELD_IN]-(e:Event)
WITH DISTINCT e
WHERE ($kind IS NULL OR e.kind = $kind)
  AND ($since IS NULL OR e.date >= $since) AND ($until IS NULL OR e.date <= $until)
OPTIONAL MATCH (e)-[:HELD_IN]->(venue:Place)
RETURN e.id AS id, coalesce(e.name, e.kind) AS name, e.kind AS type, coalesce(e.date, e.month_day) AS date, venue.name AS venue,
       [(e)<-[:PARTICIPATED_IN]-(x) | x.name] AS participants
UNION ALL
WITH $place AS place WHERE place IS NULL
MATCH (e:Event)
WHERE ($kind IS NULL OR e.kind = $kind)
  AND ($since IS NULL OR e.date >= $since) AND ($until IS NULL OR e.date <= $until)
OPTIONAL MATCH (e)-[:HELD_IN]->(venue:Place)
RETURN e.id AS id, coalesce(e.name, e.kind) AS name, e.kind AS type, coalesce(e.date, e.month_day) AS date, venue.name AS venue,
       [(e)<-[:PARTICIPATED_IN]-(x) | x.name] AS participants
