-- loaded articles to extract again, in the staging shape (stage_dim_article: dim_article's staged.sql): every one
-- (getvariable('scope') = 'all'), the ones a different extractor, model or alias table produced ('stale':
-- extracted_with differs from getvariable('stamp')), or those whose article_id starts with one of getvariable('ids')
select stage_dim_article.*
from stage_dim_article
where getvariable('scope') = 'all'
   or (getvariable('scope') = 'stale' and stage_dim_article.extracted_with is distinct from getvariable('stamp'))
   or (getvariable('scope') = 'ids'
       and len(list_filter(cast(getvariable('ids') as varchar[]),
                           prefix -> starts_with(stage_dim_article.article_id, prefix))) > 0)
order by stage_dim_article.row_id
