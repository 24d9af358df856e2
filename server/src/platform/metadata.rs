//! What a file says about its author, removed from the copies units download (the
//! commission keeps the original): EXIF/XMP/comments of JPEG and PNG, the document
//! information and XMP packet of a PDF, the document properties of an Office file.
//! Kinds this cannot clean (legacy .doc/.xls, GIF, WebP) are passed through as they are.

use std::io::{Cursor, Read, Write};

use super::uploads::{sniff, FileKind};

pub fn strip(bytes: &[u8]) -> Vec<u8> {
    let cleaned = match sniff(bytes) {
        Some(FileKind::Jpeg) => jpeg(bytes),
        Some(FileKind::Png) => png(bytes),
        Some(FileKind::Pdf) => Some(pdf(bytes)),
        Some(FileKind::OfficeOpenXml) => office(bytes),
        _ => None,
    };
    cleaned.unwrap_or_else(|| bytes.to_vec())
}

/// Drops APP1–APP15 (EXIF, XMP, IPTC …) and COM segments before the image data.
fn jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = bytes.get(..2)?.to_vec();
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        if marker == 0xDA {
            out.extend_from_slice(&bytes[at..]);
            return Some(out);
        }
        let len = u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]) as usize;
        let end = at + 2 + len;
        let segment = bytes.get(at..end)?;
        if !((0xE1..=0xEF).contains(&marker) || marker == 0xFE) {
            out.extend_from_slice(segment);
        }
        at = end;
    }
}

/// Drops the text, EXIF and time chunks.
fn png(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = bytes.get(..8)?.to_vec();
    let mut at = 8;
    while at < bytes.len() {
        let len = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
        let kind = bytes.get(at + 4..at + 8)?;
        let end = at + 12 + len;
        let chunk = bytes.get(at..end)?;
        if !matches!(kind, b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf" | b"tIME") {
            out.extend_from_slice(chunk);
        }
        at = end;
    }
    Some(out)
}

/// Blanks the values of the document-information keys and any uncompressed XMP packet
/// in place, byte for byte, so every offset in the file stays right.
fn pdf(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for key in [&b"/Author"[..], b"/Creator", b"/Producer", b"/Title", b"/Subject", b"/Keywords", b"/Company", b"/Manager"] {
        let mut from = 0;
        while let Some(found) = find(&out[from..], key).map(|i| i + from) {
            let mut at = found + key.len();
            from = at;
            while out.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
                at += 1;
            }
            match out.get(at) {
                Some(b'(') => {
                    let (mut depth, mut i) = (1, at + 1);
                    while i < out.len() && depth > 0 {
                        match out[i] {
                            b'\\' => {
                                out[i] = b' ';
                                if i + 1 < out.len() {
                                    out[i + 1] = b' ';
                                }
                                i += 2;
                                continue;
                            }
                            b'(' => depth += 1,
                            b')' => depth -= 1,
                            _ => {}
                        }
                        if depth > 0 {
                            out[i] = b' ';
                        }
                        i += 1;
                    }
                }
                Some(b'<') if out.get(at + 1) != Some(&b'<') => {
                    let mut i = at + 1;
                    while i < out.len() && out[i] != b'>' {
                        out[i] = b' ';
                        i += 1;
                    }
                }
                _ => {}
            }
        }
    }
    let (open, close) = (&b"<x:xmpmeta"[..], &b"</x:xmpmeta>"[..]);
    let mut from = 0;
    while let Some(start) = find(&out[from..], open).map(|i| i + from) {
        let Some(end) = find(&out[start..], close).map(|i| i + start + close.len()) else { break };
        out[start..end].fill(b' ');
        from = end;
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

const EMPTY_CORE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>";

const EMPTY_APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"/>";

/// Rewrites the package with empty core and extended properties and no custom ones.
fn office(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).ok()?;
        let name = entry.name().ok()?.to_string();
        let mut body = Vec::new();
        entry.read_to_end(&mut body).ok()?;
        let body = match name.as_str() {
            "docProps/core.xml" => EMPTY_CORE.as_bytes().to_vec(),
            "docProps/app.xml" => EMPTY_APP.as_bytes().to_vec(),
            "docProps/custom.xml" => continue,
            _ => body,
        };
        if entry.is_dir() {
            writer.add_directory(name, options).ok()?;
        } else {
            writer.start_file(name, options).ok()?;
            writer.write_all(&body).ok()?;
        }
    }
    Some(writer.finish().ok()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_loses_exif_and_comments_keeps_the_image() {
        let mut jpg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, b'J', b'F'];
        let exif = b"Exif\0\0GPSLatitude 36.0671 SerialNumber XYZ123";
        jpg.extend([0xFF, 0xE1]);
        jpg.extend(((exif.len() + 2) as u16).to_be_bytes());
        jpg.extend(exif);
        jpg.extend([0xFF, 0xFE, 0x00, 0x07]);
        jpg.extend(b"Zhang");
        jpg.extend([0xFF, 0xDA, 0x00, 0x02, 1, 2, 3, 0xFF, 0xD9]);
        let clean = strip(&jpg);
        assert!(find(&clean, b"GPSLatitude").is_none() && find(&clean, b"Zhang").is_none());
        assert!(clean.starts_with(&[0xFF, 0xD8, 0xFF, 0xE0]) && clean.ends_with(&[0xFF, 0xDA, 0x00, 0x02, 1, 2, 3, 0xFF, 0xD9]));
    }

    #[test]
    fn pdf_information_is_blanked_in_place() {
        let pdf_bytes = b"%PDF-1.4\n1 0 obj << /Author (Wang \\(Xiaoming\\)) /Title <FEFF0057> /Producer(Word) >> endobj\n<x:xmpmeta>creator Wang</x:xmpmeta>\n%%EOF".to_vec();
        let clean = strip(&pdf_bytes);
        assert_eq!(clean.len(), pdf_bytes.len(), "offsets stay right");
        for gone in [&b"Wang"[..], b"Xiaoming", b"FEFF0057", b"Word"] {
            assert!(find(&clean, gone).is_none(), "{}", String::from_utf8_lossy(gone));
        }
        assert!(find(&clean, b"/Author").is_some() && clean.starts_with(b"%PDF-1.4"));
    }
}
