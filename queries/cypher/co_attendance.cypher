// The co-attendance network: pairs of people who took part in the same events, weighted by
// how many (`kg ask co-attendance` ranks the people of this network by centrality).
// Parameters (each may be null): $since, $until (YYYY-MM-DD): count only events in that range.
// Speed: the answer is every pair, so it cannot avoid reading every event; the rows are not
// sorted here (sorting tens of thousands of rows by id costs more than the match on ArcadeDB,
// and the ranking sorts them anyway).
MATCH (a:Person)-[:PARTICIPATED_IN]->(e:Event)<-[:PARTICIPATED_IN]-(b:Person)
WHERE a.id < b.id AND ($since IS NULL OR e.date >= $since) AND ($until IS NULL OR e.date <= $until)
RETURN a.id AS source, a.name AS source_name, b.id AS target, b.name AS target_name, count(DISTINCT e) AS weight
