-- dim_date: one row per calendar day that any article or event refers to; -1 is the Unknown day
create table if not exists dim_date (
    date_key integer primary key,        -- yyyymmdd, -1 unknown
    full_date date,
    year integer,
    quarter integer,
    month integer,
    month_name varchar,
    day integer,
    day_of_week integer,                 -- iso: 1 = monday
    is_weekend boolean
);
insert into dim_date (date_key, full_date, year, quarter, month, month_name, day, day_of_week, is_weekend)
select -1, null, null, null, null, 'Unknown', null, null, null
where not exists (select 1 from dim_date where dim_date.date_key = -1);
