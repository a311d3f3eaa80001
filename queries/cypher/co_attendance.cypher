// The people of the co-attendance network (pairs of people who took part in the same events):
// for each, how many others they took part in events with (partners) and the sum of the events
// shared with each (shared_events). `kg ask co-attendance` ranks the rows and keeps the first
// $top; for a whole calendar year or no range it reads the store's precomputed ranks instead
// (co_attendance.ranks.cypher; see kg.queries.rankings).
// Parameters (each may be null): $since, $until (YYYY-MM-DD): count only events in that range.
// Speed: the events in range first, then their pairs, each counted once (a.id < b.id) and then
// for both its people; rows are not sorted here (the ranking sorts them).
MATCH (e:Event) WHERE ($since IS NULL OR e.date >= $since) AND ($until IS NULL OR e.date <= $until)
MATCH (a:Person)-[:PARTICIPATED_IN]->(e)<-[:PARTICIPATED_IN]-(b:Person) WHERE a.id < b.id
WITH a, b, count(DISTINCT e) AS weight
UNWIND [a, b] AS p
RETURN p.id AS id, p.name AS name, count(*) AS partners, sum(weight) AS shared_events, null AS network
