// The precomputed ranks of a period's co-attendance network (see kg.queries.rankings): for each,
// the person, their partners and shared events, and the network's size.
// Parameters: $ranks (a list of ids, as `kg ask co-attendance` gives them: co-attendance-2015-1, …).
UNWIND $ranks AS rank
MATCH (r:CoAttendanceRank {id: rank})-[:RANKS]->(p:Person)
RETURN p.id AS id, p.name AS name, r.partners AS partners, r.shared_events AS shared_events, r.network AS network
