// Who took part in events together with a person: the event, its date and both sides' roles.
// Parameters: $person (id); $since, $until (YYYY-MM-DD or null): keep events in that range.
MATCH (p:Person {id: $person})-[mine:PARTICIPATED_IN]->(e:Event)<-[theirs:PARTICIPATED_IN]-(other)
WHERE other <> p
  AND ($since IS NULL OR e.date >= $since) AND ($until IS NULL OR e.date <= $until)
RETURN other.id AS id, other.name AS name, e.id AS event, coalesce(e.name, e.kind) AS event_name, e.date AS date,
       reduce(acc = [], roles IN collect(mine.roles) | acc + roles) AS roles,
       reduce(acc = [], roles IN collect(theirs.roles) | acc + roles) AS their_roles
ORDER BY date, event, name
