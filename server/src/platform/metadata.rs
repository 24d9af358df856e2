//! What a file says about its author, removed from the copies units download (the
//! commission keeps the original): EXIF/XMP/comments of JPEG and PNG, the document
//! information and XMP packet of a PDF, the document properties of an Office file, the
//! comments and application data (XMP) of a GIF, the EXIF and XMP chunks of a WebP, the
//! summary-information streams (author, last saved by, company …) of a legacy
//! .doc/.xls/.ppt, zeroed in place.

use std::io::{Cursor, Read, Write};

use super::uploads::{sniff, FileKind};

pub fn strip(bytes: &[u8]) -> Vec<u8> {
    let cleaned = match sniff(bytes) {
        Some(FileKind::Jpeg) => jpeg(bytes),
        Some(FileKind::Png) => png(bytes),
        Some(FileKind::Pdf) => Some(pdf(bytes)),
        Some(FileKind::OfficeOpenXml) => office(bytes),
        Some(FileKind::Gif) => gif(bytes),
        Some(FileKind::Webp) => webp(bytes),
        Some(FileKind::OfficeLegacy) => ole(bytes),
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

/// Drops comment extensions and application extensions (XMP and others) except the
/// animation loop count (NETSCAPE2.0 / ANIMEXTS1.0); images and their controls stay.
fn gif(bytes: &[u8]) -> Option<Vec<u8>> {
    let packed = *bytes.get(10)?;
    let mut at = 13 + if packed & 0x80 != 0 { 3 << ((packed & 0x07) + 1) } else { 0 };
    let mut out = bytes.get(..at)?.to_vec();
    // The end of the sub-blocks starting at `from` (after their zero terminator).
    let sub_blocks_end = |mut from: usize| -> Option<usize> {
        loop {
            let len = *bytes.get(from)? as usize;
            from += 1 + len;
            if len == 0 {
                return Some(from);
            }
        }
    };
    loop {
        match *bytes.get(at)? {
            0x3B => {
                out.push(0x3B);
                return Some(out);
            }
            0x21 => {
                let label = *bytes.get(at + 1)?;
                let end = sub_blocks_end(at + 2)?;
                let keep = match label {
                    0xFE => false,
                    0xFF => matches!(bytes.get(at + 3..at + 14), Some(b"NETSCAPE2.0") | Some(b"ANIMEXTS1.0")),
                    _ => true,
                };
                if keep {
                    out.extend_from_slice(bytes.get(at..end)?);
                }
                at = end;
            }
            0x2C => {
                let local = *bytes.get(at + 9)?;
                let table = if local & 0x80 != 0 { 3 << ((local & 0x07) + 1) } else { 0 };
                let data = at + 10 + table + 1;
                let end = sub_blocks_end(data)?;
                out.extend_from_slice(bytes.get(at..end)?);
                at = end;
            }
            _ => return None,
        }
    }
}

/// Drops the EXIF and XMP chunks of a WebP and clears their flags in its VP8X header.
fn webp(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = bytes.get(..12)?.to_vec();
    let mut at = 12;
    while at < bytes.len() {
        let kind = bytes.get(at..at + 4)?;
        let len = u32::from_le_bytes(bytes.get(at + 4..at + 8)?.try_into().ok()?) as usize;
        let end = at + 8 + len + (len & 1);
        let chunk = bytes.get(at..end.min(bytes.len()))?;
        match kind {
            b"EXIF" | b"XMP " => {}
            b"VP8X" => {
                let mut header = chunk.to_vec();
                // Flags: 0x08 EXIF, 0x04 XMP.
                *header.get_mut(8)? &= !0x0C;
                out.extend_from_slice(&header);
            }
            _ => out.extend_from_slice(chunk),
        }
        at = end;
    }
    let riff_len = u32::try_from(out.len() - 8).ok()?;
    out[4..8].copy_from_slice(&riff_len.to_le_bytes());
    Some(out)
}

/// Zeroes the `\u{5}SummaryInformation` and `\u{5}DocumentSummaryInformation`
/// streams of an OLE compound file (legacy Office), whether in the mini stream or in
/// regular sectors; every other byte, and so every offset, stays.
fn ole(bytes: &[u8]) -> Option<Vec<u8>> {
    const END: u32 = 0xFFFF_FFFE;
    let u16_at = |b: &[u8], at: usize| -> Option<u16> { Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?)) };
    let u32_at = |b: &[u8], at: usize| -> Option<u32> { Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?)) };
    let shift = u32::from(u16_at(bytes, 0x1E)?);
    let mini_shift = u32::from(u16_at(bytes, 0x20)?);
    if !(7..=16).contains(&shift) || mini_shift >= shift {
        return None;
    }
    let sector = 1usize << shift;
    // Every id beyond the file's own sectors is ignored, and every chain stops at the
    // first id it has seen: a crafted file cannot make this loop or grow.
    let sectors = (bytes.len() >> shift).saturating_sub(1);
    let offset = |id: u32| (id as usize + 1) << shift;
    let chain = |start: u32, table: &[u32], limit: usize| -> Vec<u32> {
        let mut seen = vec![false; limit];
        let mut out = Vec::new();
        let mut id = start;
        while id != END && (id as usize) < limit && !seen[id as usize] {
            seen[id as usize] = true;
            out.push(id);
            id = table.get(id as usize).copied().unwrap_or(END);
        }
        out
    };
    let in_file = |id: &u32| (*id as usize) < sectors;
    // The FAT's own sectors: 109 in the header, the rest in the DIFAT chain.
    let mut fat_sectors: Vec<u32> = (0..109).filter_map(|i| u32_at(bytes, 0x4C + 4 * i)).filter(in_file).collect();
    let (mut difat, mut seen) = (u32_at(bytes, 0x44)?, std::collections::HashSet::new());
    while in_file(&difat) && seen.insert(difat) {
        let base = offset(difat);
        let per = sector / 4 - 1;
        fat_sectors.extend((0..per).filter_map(|i| u32_at(bytes, base + 4 * i)).filter(in_file));
        difat = u32_at(bytes, base + 4 * per)?;
    }
    let mut unique = std::collections::HashSet::new();
    fat_sectors.retain(|id| unique.insert(*id));
    let fat: Vec<u32> = fat_sectors.iter().flat_map(|id| (0..sector / 4).map(move |i| (offset(*id), i))).filter_map(|(base, i)| u32_at(bytes, base + 4 * i)).collect();
    let directory = chain(u32_at(bytes, 0x30)?, &fat, sectors);
    let entries: Vec<usize> = directory.iter().flat_map(|id| (0..sector / 128).map(move |i| offset(*id) + 128 * i)).collect();
    let root = *entries.first()?;
    let mini_stream = chain(u32_at(bytes, root + 116)?, &fat, sectors);
    let minifat: Vec<u32> = chain(u32_at(bytes, 0x3C)?, &fat, sectors)
        .iter()
        .flat_map(|id| (0..sector / 4).map(move |i| (offset(*id), i)))
        .filter_map(|(base, i)| u32_at(bytes, base + 4 * i))
        .collect();
    let mini_sectors = (mini_stream.len() << shift) >> mini_shift;
    let cutoff = u32_at(bytes, 0x38)? as u64;
    let mut out = bytes.to_vec();
    let mut cleaned = false;
    for entry in entries {
        let Some(name_len) = u16_at(bytes, entry + 64) else { continue };
        let name: Vec<u16> = (0..(name_len as usize).min(64) / 2).filter_map(|i| u16_at(bytes, entry + 2 * i)).take_while(|c| *c != 0).collect();
        let name = String::from_utf16_lossy(&name);
        if bytes.get(entry + 66) != Some(&2) || !matches!(name.as_str(), "\u{5}SummaryInformation" | "\u{5}DocumentSummaryInformation") {
            continue;
        }
        let (Some(size), Some(start)) = (u32_at(bytes, entry + 120), u32_at(bytes, entry + 116)) else { continue };
        let mut left = size as usize;
        // What cannot be found is left, but what can is zeroed: never the whole original back.
        let mut zero = |from: usize, n: usize| {
            if let Some(range) = out.get_mut(from..from + n) {
                range.fill(0);
            }
        };
        if (size as u64) < cutoff {
            let mini = 1usize << mini_shift;
            for id in chain(start, &minifat, mini_sectors) {
                let at = (id as usize) << mini_shift;
                let Some(big) = mini_stream.get(at >> shift) else { break };
                let n = left.min(mini);
                zero(offset(*big) + (at & (sector - 1)), n);
                left -= n;
            }
        } else {
            for id in chain(start, &fat, sectors) {
                let n = left.min(sector);
                zero(offset(id), n);
                left -= n;
            }
        }
        cleaned = true;
    }
    cleaned.then_some(out)
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
mod tests;
