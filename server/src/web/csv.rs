//! The one CSV download: UTF-8 with a BOM (so Excel reads it as such), a file name
//! that may be Chinese, never cached.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

pub fn csv_download(file_name: &str, rows: impl IntoIterator<Item = Vec<String>>) -> Response {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in rows {
        if writer.write_record(&row).is_err() {
            return (StatusCode::INTERNAL_SERVER_ERROR, "CSV").into_response();
        }
    }
    let Ok(bytes) = writer.into_inner() else { return (StatusCode::INTERNAL_SERVER_ERROR, "CSV").into_response() };
    let disposition = format!("attachment; filename*=UTF-8''{}", app::url::percent_encode(file_name));
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}
