use super::*;

#[test]
fn the_padded_key_block_is_the_same_hmac_key() {
    let key: [u8; 32] = std::array::from_fn(|i| i as u8 * 7 + 1);
    let mut plain = <Hmac<Sha256> as Mac>::new_from_slice(&key).unwrap();
    plain.update(b"QD-7K2M-9XPA");
    assert_eq!(
        hmac_hex(&key, b"QD-7K2M-9XPA"),
        hex::encode(plain.finalize().into_bytes())
    );
    assert_ne!(
        hmac_hex(&key, b"QD-7K2M-9XPA"),
        hmac_hex(&key, b"QD-7K2M-9XPB")
    );
}

#[test]
fn same_secret_needs_every_byte() {
    assert!(same_secret("s3cret-token", "s3cret-token"));
    assert!(!same_secret("s3cret-tokeN", "s3cret-token"));
    assert!(!same_secret("s3cret", "s3cret-token"));
    assert!(!same_secret("", "s3cret-token"));
}

#[test]
fn a_value_sealed_to_its_row_opens_only_there() {
    let s = Secrets::from_key([7; 32]);
    let sealed = s.seal_bound("complaints.description/JB1", "窗口拒收材料");
    assert!(is_bound(&sealed) && !sealed.contains("窗口"));
    assert_eq!(
        s.open_bound("complaints.description/JB1", &sealed).unwrap(),
        "窗口拒收材料"
    );
    assert!(
        s.open_bound("complaints.description/JB2", &sealed).is_err(),
        "moved to another row"
    );
    assert!(
        s.open_bound("complaints.occurred_where/JB1", &sealed)
            .is_err(),
        "moved to another column"
    );
    assert!(
        s.open_bound("complaints.description/JB1", "窗口拒收材料")
            .is_err(),
        "clear text is not sealed"
    );
    assert!(Secrets::from_key([8; 32])
        .open_bound("complaints.description/JB1", &sealed)
        .is_err());
    let digest = s.file_digest(b"%PDF-1.4 known document");
    assert_ne!(
        digest,
        format!("hmac:{}", sha256_hex(b"%PDF-1.4 known document"))
    );
    assert_ne!(
        digest,
        Secrets::from_key([8; 32]).file_digest(b"%PDF-1.4 known document"),
        "keyed"
    );
}

#[test]
fn sealed_text_round_trips_and_hides_the_plaintext() {
    let s = Secrets::from_key([7; 32]);
    let sealed = s.seal_text("张三 13800138000");
    assert!(!sealed.contains("张三") && !sealed.contains("13800138000"));
    assert_eq!(s.open_text(&sealed).unwrap(), "张三 13800138000");
    assert!(Secrets::from_key([8; 32]).open_text(&sealed).is_err());
}

#[test]
fn receipts_are_random_and_forgiving_to_retype() {
    let a = new_receipt();
    assert_eq!(a.len(), 24);
    assert_ne!(a, new_receipt());
    let s = Secrets::from_key([1; 32]);
    assert_eq!(
        s.receipt_hash(&a),
        s.receipt_hash(&a.to_lowercase().replace('-', " "))
    );
    assert_eq!(s.receipt_hash("0O1I-L"), s.receipt_hash("00111"));
}

#[test]
fn key_file_is_private_and_stable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(KEY_FILE);
    let a = Secrets::load_or_create(&path).unwrap();
    let b = Secrets::load_or_create(&path).unwrap();
    assert_eq!(a.receipt_hash("ABCD"), b.receipt_hash("ABCD"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let c = Secrets::load_or_create(&path).unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(a.receipt_hash("ABCD"), c.receipt_hash("ABCD"));
    }
}

/// Nodes starting together on one shared, not yet existing key file agree on a key.
#[test]
fn nodes_racing_to_create_the_key_file_share_one_key() {
    for _ in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.key");
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(8));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    Secrets::load_or_create(&path)
                        .map(|s| s.receipt_hash("ABCD"))
                        .map_err(|e| format!("{e:#}"))
                })
            })
            .collect();
        let hashes: Vec<String> = threads
            .into_iter()
            .map(|t| t.join().unwrap().expect("every node starts"))
            .collect();
        assert!(
            hashes.iter().all(|h| *h == hashes[0]),
            "the nodes disagree on the key"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            left,
            [std::ffi::OsString::from("shared.key")],
            "temporary files left behind"
        );
    }
}

#[test]
fn passwords_verify() {
    let h = hash_password("correct horse").unwrap();
    assert!(verify_password("correct horse", &h));
    assert!(!verify_password("wrong", &h));
    assert!(!verify_password("x", "not a hash"));
}
