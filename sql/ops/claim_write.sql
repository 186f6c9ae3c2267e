-- every write transaction updates the one load_token row: of two overlapping writers to a DuckLake only one can
-- commit, and the other runs again from the start (flows/lake.py); run ids and surrogate keys (max + 1) rely on it
update load_token
set writes = load_token.writes + 1;
