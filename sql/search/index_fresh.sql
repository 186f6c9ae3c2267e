-- whether the existing full-text indexes hold as many articles and quotes as the warehouse (loads only append)
select
    (select count(*) from fts_main_dim_article.docs) = (select count(*) from dim_article)
    and (select count(*) from search.quote) = (select count(*) from fact_quote) as fresh;
