-- whether the full-text indexes exist and cover every article and quote loaded so far
with index_tables as (
    select count(*) as present
    from duckdb_tables()
    where (duckdb_tables.schema_name, duckdb_tables.table_name)
          in (('fts_main_dim_article', 'docs'), ('search', 'quote'), ('fts_search_quote', 'docs'))
)
select index_tables.present = 3 as indexed
from index_tables;
