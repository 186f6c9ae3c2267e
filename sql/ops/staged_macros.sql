-- the macros the loaded tables' staged.sql share (flows/staging.py: view_loaded)
-- natural_key: a reference of a loaded row, by the natural key of the row it points at (found, from a left
-- join): null for the Unknown member (-1), '#missing:<key>' for a key that points nowhere, so its check fails
create or replace temp macro natural_key(key, found) as
    case when key = -1 then null else coalesce(found, '#missing:' || key) end;
