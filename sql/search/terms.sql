-- the searchable words of a query, as the index stores them: lower case, letters only, stopwords out, Porter stems
with query_words as (
    select unnest(string_split_regex(
        trim(regexp_replace(lower(strip_accents(getvariable('query'))), '[^a-z]+', ' ', 'g')), ' ')) as word
)
select distinct stem(query_words.word, 'porter') as term
from query_words
where query_words.word <> ''
  and query_words.word not in (select stopwords.sw from fts_main_dim_article.stopwords as stopwords)
order by term;
