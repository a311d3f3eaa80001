// The people of the co-attendance network (pairs of people who took part in the same events):
// for each, how many others they took part in events with (partners) and the sum of the events
// shared with each (shared_events); network, when given, is how many people the network has
// (else it is all the rows). `kg ask co-attendance` ranks the rows and keeps the first $top.
// Parameters (each may be null): $since, $until (YYYY-MM-DD): count only events in that range;
// $ranks (a list of ids): the precomputed ranks to read instead (`kg ask` gives them for a whole
// calendar year or no range when the store holds its rankings; see kg.stores.rankings).
// Speed: with ranks, one lookup for each; else every event in range is read, and the rows are
// not sorted here (the ranking sorts them).
WITH $ranks AS ranks
CALL {
  WITH ranks WITH * WHERE ranks IS NOT NULL
  UNWIND ranks AS rank MATCH (r:CoAttendanceRank {id: rank})-[:RANKS]->(p:Person)
  RETURN p.id AS id, p.name AS name, r.partners AS partners, r.shared_events AS shared_events, r.network AS network
  UNION ALL
  WITH ranks WITH * WHERE ranks IS NULL
  MATCH (a:Person)-[:PARTICIPATED_IN]->(e:Event)<-[:PARTICIPATED_IN]-(b:Person)
  WHERE a.id <> b.id AND ($since IS NULL OR e.date >= $since) AND ($until IS NULL OR e.date <= $until)
  WITH a, b, count(DISTINCT e) AS weight
  RETURN a.id AS id, a.name AS name, count(b) AS partners, sum(weight) AS shared_events, null AS network
}
RETURN id, name, partners, shared_events, network
