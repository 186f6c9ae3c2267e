update etl_run
set finished_at = current_timestamp,
    status = getvariable('status'),
    files_seen = getvariable('files_seen'),
    files_loaded = getvariable('files_loaded'),
    files_skipped = getvariable('files_skipped'),
    files_quarantined = getvariable('files_quarantined'),
    rows_loaded = getvariable('rows_loaded'),
    error = getvariable('error')
where run_id = getvariable('run_id');
