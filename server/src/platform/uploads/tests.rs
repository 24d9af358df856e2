use super::*;

#[test]
fn content_decides_not_the_name() {
    assert_eq!(
        check("a.png", b"\x89PNG\r\n\x1a\n....").unwrap(),
        FileKind::Png
    );
    assert_eq!(check("scan.PDF", b"%PDF-1.7\n").unwrap(), FileKind::Pdf);
    assert!(
        check("photo.jpg", b"%PDF-1.7\n").is_err(),
        "a PDF named .jpg"
    );
    assert!(check("evil.pdf", b"MZ\x90\x00 this is an exe").is_err());
    assert!(check("notes.txt", b"hello").is_err());
    assert!(check("empty.png", b"").is_err());
    let mut big = b"%PDF-".to_vec();
    big.resize(MAX_FILE_BYTES + 1, b'x');
    assert!(check("big.pdf", &big).is_err());
}

#[test]
fn office_files() {
    let mut docx = b"PK\x03\x04".to_vec();
    docx.extend_from_slice(b"....[Content_Types].xml....");
    assert_eq!(check("a.docx", &docx).unwrap(), FileKind::OfficeOpenXml);
    assert!(check("a.docx", b"PK\x03\x04 plain zip").is_err());
    assert_eq!(
        check("a.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").unwrap(),
        FileKind::OfficeLegacy
    );
}
