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
    fn gif_loses_comments_and_xmp_keeps_the_image_and_its_loop() {
        let mut g = b"GIF89a".to_vec();
        g.extend([1, 0, 1, 0, 0x80, 0, 0]); // 1×1, a global table of 2 colours
        g.extend([0, 0, 0, 255, 255, 255]);
        g.extend([0x21, 0xFF, 11]);
        g.extend(b"NETSCAPE2.0");
        g.extend([3, 1, 0, 0, 0]);
        g.extend([0x21, 0xFE, 12]);
        g.extend(b"Author Zhang");
        g.push(0);
        g.extend([0x21, 0xFF, 11]);
        g.extend(b"XMP DataXMP");
        g.extend([20]);
        g.extend(b"GPSLatitude 36.0671 ");
        g.push(0);
        let image = [0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0];
        g.extend(image);
        g.push(0x3B);
        let clean = strip(&g);
        assert!(find(&clean, b"Zhang").is_none() && find(&clean, b"GPSLatitude").is_none());
        assert!(find(&clean, b"NETSCAPE2.0").is_some(), "the loop count stays");
        assert!(find(&clean, &image).is_some() && clean.ends_with(&[0x3B]) && clean.starts_with(b"GIF89a"));
    }

    #[test]
    fn webp_loses_exif_and_xmp_chunks_and_their_flags() {
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut c = kind.to_vec();
            c.extend((data.len() as u32).to_le_bytes());
            c.extend(data);
            if data.len() % 2 == 1 {
                c.push(0);
            }
            c
        };
        let mut body = b"WEBP".to_vec();
        body.extend(chunk(b"VP8X", &[0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        body.extend(chunk(b"VP8L", b"\x2f\x00\x00\x00 pixels"));
        body.extend(chunk(b"EXIF", b"Exif GPSLatitude 36.0671"));
        body.extend(chunk(b"XMP ", b"<x:xmpmeta>creator Wang</x:xmpmeta>"));
        let mut w = b"RIFF".to_vec();
        w.extend((body.len() as u32).to_le_bytes());
        w.extend(body);
        let clean = strip(&w);
        assert!(find(&clean, b"GPSLatitude").is_none() && find(&clean, b"Wang").is_none());
        assert!(find(&clean, b"pixels").is_some());
        assert_eq!(u32::from_le_bytes(clean[4..8].try_into().unwrap()) as usize, clean.len() - 8, "the RIFF size is right");
        assert_eq!(clean[20] & 0x0C, 0, "no EXIF or XMP flag is left");
    }

    /// A legacy Office file as an OLE compound file: summary information in the mini
    /// stream, document summary information and the document in regular sectors.
    fn compound_file() -> Vec<u8> {
        const FREE: u32 = 0xFFFF_FFFF;
        const END: u32 = 0xFFFF_FFFE;
        let mut f = vec![0u8; 512 * 21];
        let put32 = |f: &mut Vec<u8>, at: usize, v: u32| f[at..at + 4].copy_from_slice(&v.to_le_bytes());
        f[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        f[0x18] = 0x3E;
        f[0x1A] = 3;
        f[0x1C..0x1E].copy_from_slice(&[0xFE, 0xFF]);
        f[0x1E] = 9;
        f[0x20] = 6;
        put32(&mut f, 0x2C, 1);
        put32(&mut f, 0x30, 1);
        put32(&mut f, 0x38, 4096);
        put32(&mut f, 0x3C, 2);
        put32(&mut f, 0x40, 1);
        put32(&mut f, 0x44, END);
        put32(&mut f, 0x4C, 0);
        for i in 1..109 {
            put32(&mut f, 0x4C + 4 * i, FREE);
        }
        let sector = |id: usize| 512 * (id + 1);
        // FAT: 0 is the FAT, 1 the directory, 2 the mini FAT, 3 the mini stream, 4–11 and 12–19 two streams.
        let mut fat = vec![FREE; 128];
        fat[0] = 0xFFFF_FFFD;
        fat[1] = END;
        fat[2] = END;
        fat[3] = END;
        for id in 4..11 {
            fat[id] = id as u32 + 1;
        }
        fat[11] = END;
        for id in 12..19 {
            fat[id] = id as u32 + 1;
        }
        fat[19] = END;
        for (i, v) in fat.iter().enumerate() {
            put32(&mut f, sector(0) + 4 * i, *v);
        }
        let mut minifat = vec![FREE; 128];
        minifat[0] = 1;
        minifat[1] = END;
        for (i, v) in minifat.iter().enumerate() {
            put32(&mut f, sector(2) + 4 * i, *v);
        }
        let entry = |f: &mut Vec<u8>, index: usize, name: &str, kind: u8, start: u32, size: u32| {
            let at = sector(1) + 128 * index;
            let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
            for (i, u) in units.iter().enumerate() {
                f[at + 2 * i..at + 2 * i + 2].copy_from_slice(&u.to_le_bytes());
            }
            f[at + 64..at + 66].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
            f[at + 66] = kind;
            for sibling in [68, 72, 76] {
                f[at + sibling..at + sibling + 4].copy_from_slice(&FREE.to_le_bytes());
            }
            f[at + 116..at + 120].copy_from_slice(&start.to_le_bytes());
            f[at + 120..at + 124].copy_from_slice(&size.to_le_bytes());
        };
        entry(&mut f, 0, "Root Entry", 5, 3, 512);
        entry(&mut f, 1, "\u{5}SummaryInformation", 2, 0, 100);
        entry(&mut f, 2, "\u{5}DocumentSummaryInformation", 2, 4, 4096);
        entry(&mut f, 3, "WordDocument", 2, 12, 4096);
        f[sector(3)..sector(3) + 12].copy_from_slice(b"Author Zhang");
        f[sector(3) + 88..sector(3) + 100].copy_from_slice(b"LastSaved Li");
        f[sector(7)..sector(7) + 11].copy_from_slice(b"Secret Corp");
        f[sector(12)..sector(12) + 15].copy_from_slice(b"body text stays");
        f
    }

    #[test]
    fn legacy_office_loses_its_summary_information_in_place() {
        let doc = compound_file();
        assert_eq!(sniff(&doc), Some(FileKind::OfficeLegacy));
        let clean = strip(&doc);
        assert_eq!(clean.len(), doc.len(), "offsets stay right");
        for gone in [&b"Zhang"[..], b"LastSaved Li", b"Secret Corp"] {
            assert!(find(&clean, gone).is_none(), "{}", String::from_utf8_lossy(gone));
        }
        assert!(find(&clean, b"body text stays").is_some());
        assert_eq!(clean[..512], doc[..512], "the header is untouched");
    }

    #[test]
    fn a_compound_file_whose_chains_loop_is_read_in_bounded_time_and_memory() {
        let mut doc = compound_file();
        // The DIFAT sector 5 names itself as the next; every FAT slot names sector 0; the
        // directory's chain loops on itself.
        doc[0x44..0x48].copy_from_slice(&5u32.to_le_bytes());
        doc[512 * 7 - 4..512 * 7].copy_from_slice(&5u32.to_le_bytes());
        for i in 0..109 {
            doc[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&0u32.to_le_bytes());
        }
        doc[512 + 4..512 + 8].copy_from_slice(&1u32.to_le_bytes());
        let started = std::time::Instant::now();
        let _ = strip(&doc);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
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
