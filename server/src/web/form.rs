//! Reading form posts: URL-encoded bodies and multipart uploads into typed structs
//! (repeated fields such as the measures become `Vec`s). Broken UTF-8 is refused with
//! a clear message; files are size-checked while they stream in.

use app::error::PortalError;
use app::url::percent_encode;
use axum::extract::Multipart;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

fn malformed() -> PortalError {
    PortalError::bad_request("表单数据不完整或格式错误 / malformed form data")
}

/// A URL-encoded body as `T`.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, PortalError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| PortalError::bad_request("表单不是有效的 UTF-8 / form is not valid UTF-8"))?;
    serde_html_form::from_str(text).map_err(|e| {
        tracing::debug!("form rejected: {e}");
        malformed()
    })
}

/// A file of a multipart form.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The text fields and files of a multipart form.
pub struct MultipartForm {
    pub fields: Vec<(String, String)>,
    pub files: Vec<Upload>,
}

impl MultipartForm {
    /// The text fields as `T`, read like a URL-encoded form.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, PortalError> {
        let encoded: Vec<String> =
            self.fields.iter().map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v))).collect();
        parse(encoded.join("&").as_bytes())
    }

    pub fn get(&self, name: &str) -> String {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).unwrap_or_default()
    }
}

/// The longest text field a multipart form may carry (the longest field, a tip's
/// description, is 5,000 characters: 15 KB in UTF-8), and how many text fields.
pub const MAX_TEXT_FIELD_BYTES: usize = 32 * 1024;
pub const MAX_TEXT_FIELDS: usize = 64;

/// Limits of a multipart form: how many files, and how large each may be.
#[derive(Clone, Copy)]
pub struct FileLimits {
    pub max_files: usize,
    pub max_file_bytes: usize,
}

/// Reads a multipart form; a file over the limit is refused at the limit, not after
/// it has all arrived.
pub async fn read_multipart(mut multipart: Multipart, limits: FileLimits) -> Result<MultipartForm, PortalError> {
    let mb = limits.max_file_bytes / (1024 * 1024);
    let too_big = || PortalError::bad_request(format!("上传的文件超过 {mb} MB / a file is larger than {mb} MB"));
    let mut form = MultipartForm { fields: Vec::new(), files: Vec::new() };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(PortalError::bad_request(format!(
                    "提交的内容过大（每个文件不超过 {mb} MB，最多 {} 个）/ the upload is too large",
                    limits.max_files
                )))
            }
            Err(_) => return Err(malformed()),
        };
        let name = field.name().unwrap_or_default().to_string();
        if let Some(file_name) = field.file_name().map(str::to_string) {
            let mut field = field;
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    too_big()
                } else {
                    PortalError::bad_request("文件上传中断 / the upload was interrupted")
                }
            })? {
                if bytes.len() + chunk.len() > limits.max_file_bytes {
                    return Err(too_big());
                }
                bytes.extend_from_slice(&chunk);
            }
            if file_name.is_empty() && bytes.is_empty() {
                continue;
            }
            if form.files.len() >= limits.max_files {
                return Err(PortalError::bad_request(format!("最多上传 {} 个文件 / at most {} files", limits.max_files, limits.max_files)));
            }
            form.files.push(Upload { name: file_name, bytes });
        } else {
            if form.fields.len() >= MAX_TEXT_FIELDS {
                return Err(malformed());
            }
            // Read in pieces and stop at the cap: a 50 MB "text" field is never held.
            let mut field = field;
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|_| malformed())? {
                if bytes.len() + chunk.len() > MAX_TEXT_FIELD_BYTES {
                    return Err(PortalError::bad_request(format!("「{name}」内容过长 / the field is too long")));
                }
                bytes.extend_from_slice(&chunk);
            }
            let text = String::from_utf8(bytes)
                .map_err(|_| PortalError::bad_request(format!("「{name}」不是有效的 UTF-8 文本 / field is not valid UTF-8")))?;
            form.fields.push((name, text));
        }
    }
    Ok(form)
}

/// Trims a text field as it is deserialized.
pub fn trimmed<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s: String = serde::Deserialize::deserialize(d)?;
    Ok(s.trim().to_string())
}

#[cfg(test)]
mod tests;
