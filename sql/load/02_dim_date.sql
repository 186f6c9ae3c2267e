-- every calendar day referenced by a new article or event gets its dim_date row
insert into dim_date (date_key, full_date, year, quarter, month, month_name, day, day_of_week, is_weekend)
with referenced_days as (
    select distinct cast(published_date as date) as full_date
    from stage_article
    where published_date is not null
    union
    select distinct cast(event_date as date) as full_date
    from stage_event
    where event_date is not null
)
select
    cast(strftime(full_date, '%Y%m%d') as integer) as date_key,
    full_date,
    year(full_date),
    quarter(full_date),
    month(full_date),
    monthname(full_date),
    day(full_date),
    isodow(full_date),
    isodow(full_date) >= 6
from referenced_days
where full_date is not null
on conflict do nothing;
