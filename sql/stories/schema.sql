-- what story assignment keeps of each article, computed once when it is loaded (its body never changes):
-- story_term: the words and numbers of its body with their counts, for the text similarity of stories
create table if not exists story_term (
    article_key bigint not null,
    term varchar not null,
    tf integer not null
);

-- article_sketch: the MinHash signature of its word shingles, for near copies (one value per hash function)
create table if not exists article_sketch (
    article_key bigint not null,
    shingle_count integer not null,      -- distinct shingles, to turn the estimated Jaccard into containment
    minhash ubigint[] not null
);

-- links_pending: a row while some committed batch has not been linked into stories and events (a run's earlier
-- batches link in its last one: flows/warehouse/loader.py, ToLoad); the load that links empties it, and a run's
-- start or successful end links when it is not empty, whatever the run that left it (a failed reprocess included)
create table if not exists links_pending (
    run_id bigint not null
);
