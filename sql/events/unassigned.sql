-- how many loaded event mentions have no event yet (a warehouse loaded before events existed)
select count(*) as unassigned
from fact_event
where coalesce(fact_event.event_key, -1) = -1
