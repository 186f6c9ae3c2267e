-- step 2 of story assignment: the pairs of loaded articles that belong together, recomputed over the whole
-- warehouse at each load, so the grouping depends on which articles are loaded, never on how they were batched

-- near copies: the MinHash estimate of the shingles' Jaccard similarity, turned into the share of the shorter
-- text's shingles that the longer one holds (a copy with another header or trimmed at the end scores near 1)
create or replace temp table copy_pair as
with signature as (
    select
        article_sketch.article_key,
        article_sketch.shingle_count,
        generate_subscripts(article_sketch.minhash, 1) as slot,
        unnest(article_sketch.minhash) as min_hash
    from article_sketch
),
agreeing as (
    select
        first.article_key,
        second.article_key as other_key,
        count(*) / getvariable('minhash_size') as jaccard,
        any_value(first.shingle_count) as shingles,
        any_value(second.shingle_count) as other_shingles
    from signature as first
    join signature as second on second.slot = first.slot
                            and second.min_hash = first.min_hash
                            and second.article_key > first.article_key
    group by first.article_key, second.article_key
)
select
    agreeing.article_key,
    agreeing.other_key,
    agreeing.jaccard * (agreeing.shingles + agreeing.other_shingles) / (1 + agreeing.jaccard)
        / least(agreeing.shingles, agreeing.other_shingles) as containment
from agreeing
where agreeing.jaccard * (agreeing.shingles + agreeing.other_shingles) / (1 + agreeing.jaccard)
        / least(agreeing.shingles, agreeing.other_shingles) >= getvariable('copy_containment');

-- reports of one story: TF-IDF cosine over the words and numbers of the bodies and the named entities the
-- articles mention, within `window_days` of each other (an undated article is compared with every other).
-- The IDF enters as its square root: rare terms still weigh most, and a pair's score moves much less as the
-- warehouse grows from dozens of articles to thousands (docs/stories.md has the figures)
create or replace temp table similar_pair as
with terms as (
    select story_term.article_key, story_term.term, story_term.tf
    from story_term
    union all
    -- each entity is a term of its own ('#' and its key): a shared person or company counts like a shared
    -- rare word, however each article spelled the name
    select fact_entity_mention.article_key, '#' || fact_entity_mention.entity_key, count(*)
    from fact_entity_mention
    where fact_entity_mention.entity_key > 0
    group by fact_entity_mention.article_key, fact_entity_mention.entity_key
),
corpus as (
    select count(*) as articles
    from dim_article
    where dim_article.article_key > 0
),
document_frequency as (
    select terms.term, count(*) as articles
    from terms
    group by terms.term
),
-- a term in more than `max_term_articles` articles says nothing about one story (and would make every
-- pair a candidate): it is left out of the vectors
weighted as (
    select
        terms.article_key,
        terms.term,
        document_frequency.articles as term_articles,
        (1 + ln(terms.tf)) * sqrt(ln((corpus.articles + 1) / (document_frequency.articles + 1))) as weight
    from terms
    join document_frequency on document_frequency.term = terms.term
    cross join corpus
    where document_frequency.articles <= getvariable('max_term_articles')
),
norm as (
    select weighted.article_key, sqrt(sum(weighted.weight * weighted.weight)) as length
    from weighted
    group by weighted.article_key
),
-- only terms that two articles or more have can link a pair: the others count in the length alone
shared as (
    select
        weighted.article_key,
        weighted.term,
        weighted.weight / norm.length as weight,
        dim_date.full_date as published
    from weighted
    join norm on norm.article_key = weighted.article_key and norm.length > 0
    join dim_article on dim_article.article_key = weighted.article_key
    left join dim_date on dim_date.date_key = dim_article.published_date_key and dim_date.date_key <> -1
    where weighted.term_articles > 1
)
select first.article_key, second.article_key as other_key, sum(first.weight * second.weight) as similarity
from shared as first
join shared as second on second.term = first.term
                     and second.article_key > first.article_key
                     and (first.published is null or second.published is null
                          or abs(date_diff('day', first.published, second.published)) <= getvariable('window_days'))
group by first.article_key, second.article_key
having sum(first.weight * second.weight) >= getvariable('story_similarity');
