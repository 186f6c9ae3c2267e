-- staged articles as the dim_article suite sees them, plus: the natural key is the sha256 of the body
select
    stage_dim_article.*,
    coalesce(sha256(stage_dim_article.body) = stage_dim_article.article_id, false) as id_matches_body
from stage_dim_article
order by stage_dim_article.row_id
