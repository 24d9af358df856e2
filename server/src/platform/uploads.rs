//! Uploaded evidence (a tip's files, a task's close-out proof): what may be uploaded,
//! checked by content, never by name.

pub const MAX_FILES: usize = 5;
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Png,
    Jpeg,
    Gif,
    Webp,
    Pdf,
    OfficeOpenXml,
    OfficeLegacy,
}

impl FileKind {
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Gif => "image/gif",
            FileKind::Webp => "image/webp",
            FileKind::Pdf => "application/pdf",
            FileKind::OfficeOpenXml => "application/vnd.openxmlformats-officedocument",
            FileKind::OfficeLegacy => "application/msword",
        }
    }

    fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Png => &["png"],
            FileKind::Jpeg => &["jpg", "jpeg"],
            FileKind::Gif => &["gif"],
            FileKind::Webp => &["webp"],
            FileKind::Pdf => &["pdf"],
            FileKind::OfficeOpenXml => &["docx", "xlsx", "pptx"],
            FileKind::OfficeLegacy => &["doc", "xls", "ppt"],
        }
    }
}

pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"\x89PNG\r\n\x1a\n") {
        Some(FileKind::Png)
    } else if starts(b"\xFF\xD8\xFF") {
        Some(FileKind::Jpeg)
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some(FileKind::Gif)
    } else if bytes.len() > 12 && starts(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(FileKind::Webp)
    } else if starts(b"%PDF-") {
        Some(FileKind::Pdf)
    } else if starts(b"PK\x03\x04") && contains(&bytes[..bytes.len().min(64 * 1024)], b"[Content_Types].xml") {
        Some(FileKind::OfficeOpenXml)
    } else if starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        Some(FileKind::OfficeLegacy)
    } else {
        None
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Accepts a file whose content is an allowed type and whose name claims that type.
pub fn check(name: &str, bytes: &[u8]) -> Result<FileKind, String> {
    if bytes.is_empty() {
        return Err(format!("文件「{name}」是空的 / the file is empty"));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!("文件「{name}」超过 10 MB / the file is larger than 10 MB"));
    }
    let kind = sniff(bytes).ok_or_else(|| {
        format!("文件「{name}」不是允许的类型（图片、PDF 或 Office 文档）/ only images, PDF and Office documents are accepted")
    })?;
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if !kind.extensions().contains(&ext.as_str()) {
        return Err(format!(
            "文件「{name}」的内容与其扩展名不符 / the file's content does not match its name"
        ));
    }
    Ok(kind)
}

#[cfg(test)]
mod tests;
