-- a batch committed without linking: note that the stories and events are behind (one row is enough)
insert into links_pending (run_id)
select getvariable('run_id')
where not exists (select 1 from links_pending);
