-- the loaded articles each given id or id prefix names: one row per (prefix, article_id), prefixes matching nothing
-- left out (getvariable('ids'): the prefixes)
select prefixes.prefix, dim_article.article_id
from (select unnest(cast(getvariable('ids') as varchar[])) as prefix) as prefixes
join dim_article on starts_with(dim_article.article_id, prefixes.prefix) and dim_article.article_key <> -1
order by prefixes.prefix, dim_article.article_id
