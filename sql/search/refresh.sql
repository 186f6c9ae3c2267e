-- rebuild the full-text (BM25) indexes: articles by title and body, quotes (search.quote, see quote_table.sql) by
-- their text and speaker's names. FTS keeps each index in its own schema (fts_main_dim_article, fts_search_quote).
-- Run after quote_table.sql, in a separate call: DuckDB expands these pragmas before running anything else.
pragma create_fts_index('dim_article', 'article_key', 'title', 'body', overwrite = 1);
pragma create_fts_index('search.quote', 'quote_id', 'quote_text', 'speaker_names', overwrite = 1);
