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
    assert!(
        clean.starts_with(&[0xFF, 0xD8, 0xFF, 0xE0])
            && clean.ends_with(&[0xFF, 0xDA, 0x00, 0x02, 1, 2, 3, 0xFF, 0xD9])
    );
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
    assert!(
        find(&clean, b"NETSCAPE2.0").is_some(),
        "the loop count stays"
    );
    assert!(
        find(&clean, &image).is_some() && clean.ends_with(&[0x3B]) && clean.starts_with(b"GIF89a")
    );
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
    assert_eq!(
        u32::from_le_bytes(clean[4..8].try_into().unwrap()) as usize,
        clean.len() - 8,
        "the RIFF size is right"
    );
    assert_eq!(clean[20] & 0x0C, 0, "no EXIF or XMP flag is left");
}

/// A legacy Office file as an OLE compound file: summary information in the mini
/// stream, document summary information and the document in regular sectors.
fn compound_file() -> Vec<u8> {
    const FREE: u32 = 0xFFFF_FFFF;
    const END: u32 = 0xFFFF_FFFE;
    let mut f = vec![0u8; 512 * 21];
    let put32 =
        |f: &mut Vec<u8>, at: usize, v: u32| f[at..at + 4].copy_from_slice(&v.to_le_bytes());
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
        assert!(
            find(&clean, gone).is_none(),
            "{}",
            String::from_utf8_lossy(gone)
        );
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
        assert!(
            find(&clean, gone).is_none(),
            "{}",
            String::from_utf8_lossy(gone)
        );
    }
    assert!(find(&clean, b"/Author").is_some() && clean.starts_with(b"%PDF-1.4"));
}
