-- surrogate keys for every dimension and run; gaps are expected (a sequence never goes back)
create sequence if not exists seq_source start 1;
create sequence if not exists seq_article start 1;
create sequence if not exists seq_entity start 1;
create sequence if not exists seq_run start 1;
