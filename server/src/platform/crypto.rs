//! Secrets at rest: the data-directory key (created on first start, mode 0600), sealed
//! identity fields and evidence, receipt and session-token hashes, password hashes.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use argon2::password_hash::{rand_core::OsRng as HashRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::XChaCha20Poly1305;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

pub use crate::config::KEY_FILE;
const NONCE_LEN: usize = 24;
/// Crockford's base32: no I, L, O or U, so a receipt read aloud or retyped survives.
const RECEIPT_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RECEIPT_CHARS: usize = 20;

pub struct Secrets {
    cipher: XChaCha20Poly1305,
    mac_key: [u8; 32],
    file_mac_key: [u8; 32],
}

/// What a value sealed to its row starts with ([`Secrets::seal_bound`]): tells it from a
/// value an earlier version kept in clear.
pub const BOUND_PREFIX: &str = "v1:";

pub fn is_bound(value: &str) -> bool {
    value.starts_with(BOUND_PREFIX)
}

impl Secrets {
    /// Reads the key file, creating it (0600) when absent. Several nodes sharing one
    /// database must share this file (`QINGDAN_KEY_FILE`).
    pub fn load_or_create(path: &Path) -> Result<Self> {
        if !path.exists() {
            let mut key = [0u8; 32];
            OsRng.fill_bytes(&mut key);
            publish_private(path, &key)?;
        } else {
            tighten_mode(path)?;
        }
        // Read back even when this process wrote it: another node may have won the race.
        Ok(Self::from_key(read_key(path)?))
    }

    pub fn from_key(key: [u8; 32]) -> Self {
        let derive = |purpose: &[u8]| {
            let mut out = [0u8; 32];
            out.copy_from_slice(&Sha256::new().chain_update(purpose).chain_update(key).finalize());
            out
        };
        Self { cipher: XChaCha20Poly1305::new(&key.into()), mac_key: derive(b"qingdan receipt mac"), file_mac_key: derive(b"qingdan file digest") }
    }

    /// Seals `text` to the row it belongs to: `binding` (table, column and the row's
    /// key) is authenticated with it, so a sealed value copied into another row, or
    /// another column, does not open.
    pub fn seal_bound(&self, binding: &str, text: &str) -> String {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let mut out = nonce.to_vec();
        out.extend(self.cipher.encrypt(&nonce, Payload { msg: text.as_bytes(), aad: binding.as_bytes() }).unwrap_or_default());
        format!("{BOUND_PREFIX}{}", base64::engine::general_purpose::STANDARD.encode(out))
    }

    /// Opens a value sealed by [`Self::seal_bound`] with the same `binding`.
    pub fn open_bound(&self, binding: &str, sealed: &str) -> Result<String> {
        let Some(encoded) = sealed.strip_prefix(BOUND_PREFIX) else { bail!("not a sealed value ({binding})") };
        let bytes = base64::engine::general_purpose::STANDARD.decode(encoded)?;
        if bytes.len() < NONCE_LEN {
            bail!("sealed data too short");
        }
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(nonce.into(), Payload { msg: body, aad: binding.as_bytes() })
            .map_err(|_| anyhow::anyhow!("无法解密（密钥不符或数据被移动）/ cannot open {binding} (wrong key, or moved)"))?;
        Ok(String::from_utf8(plain)?)
    }

    /// [`Self::open_bound`] for a sealed value; a value an earlier version wrote in clear
    /// (before the start that seals it, see `complaints::seal_legacy`) is read as it is.
    pub fn open_bound_or_clear(&self, binding: &str, value: &str) -> Result<String> {
        if is_bound(value) {
            self.open_bound(binding, value)
        } else {
            Ok(value.to_string())
        }
    }

    /// Whether `value` is sealed to `binding` (not clear text that merely starts like it).
    pub fn sealed_to(&self, binding: &str, value: &str) -> bool {
        is_bound(value) && self.open_bound(binding, value).is_ok()
    }

    /// What the database keeps to recognise a file: a keyed digest, so a stolen database
    /// cannot confirm whether a known document was submitted.
    pub fn file_digest(&self, bytes: &[u8]) -> String {
        format!("hmac:{}", hmac_hex(&self.file_mac_key, bytes))
    }

    pub fn seal(&self, plaintext: &[u8]) -> Vec<u8> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let mut out = nonce.to_vec();
        // Encryption with a fresh nonce and an in-memory buffer cannot fail.
        out.extend(self.cipher.encrypt(&nonce, plaintext).unwrap_or_default());
        out
    }

    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>> {
        if sealed.len() < NONCE_LEN {
            bail!("sealed data too short");
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        self.cipher
            .decrypt(nonce.into(), body)
            .map_err(|_| anyhow::anyhow!("无法解密（密钥不符？）/ cannot decrypt (wrong key?)"))
    }

    pub fn seal_text(&self, text: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.seal(text.as_bytes()))
    }

    pub fn open_text(&self, sealed: &str) -> Result<String> {
        let bytes = base64::engine::general_purpose::STANDARD.decode(sealed)?;
        Ok(String::from_utf8(self.open(&bytes)?)?)
    }

    /// What the database keeps to find an e-mail address's subscriptions: a keyed hash of
    /// the address in lower case (the address itself is sealed).
    pub fn address_hash(&self, email: &str) -> String {
        hmac_hex(&self.mac_key, format!("address:{}", email.trim().to_lowercase()).as_bytes())
    }

    /// What the database keeps of a receipt: a keyed hash, so a stolen database
    /// does not let anyone test guesses offline.
    pub fn receipt_hash(&self, receipt: &str) -> String {
        hmac_hex(&self.mac_key, normalize_receipt(receipt).as_bytes())
    }
}

/// HMAC-SHA256 of `bytes` under a derived 32-byte key, as hex.
fn hmac_hex(key: &[u8; 32], bytes: &[u8]) -> String {
    // HMAC pads a key shorter than the hash's 64-byte block with zeros (RFC 2104), so
    // the padded block is the same key, given in the one length that cannot be refused.
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(key);
    let mut mac = <Hmac<Sha256> as hmac::digest::KeyInit>::new(&block.into());
    mac.update(bytes);
    hex::encode(mac.finalize().into_bytes())
}

/// The 32 bytes of a key file.
pub fn read_key(path: &Path) -> Result<[u8; 32]> {
    let bytes = std::fs::read(path).with_context(|| format!("无法读取密钥文件 / cannot read key file {}", path.display()))?;
    bytes.as_slice().try_into().map_err(|_| anyhow::anyhow!("密钥文件损坏 / key file {} is not 32 bytes", path.display()))
}

/// Names a key without revealing it, so a backup can say which key its sealed data needs.
pub fn key_fingerprint(key: &[u8; 32]) -> String {
    hex::encode(&Sha256::new().chain_update(b"qingdan key fingerprint").chain_update(key).finalize()[..16])
}

/// Places a copy of a key file at `path` (0600), never over an existing file.
pub fn install_key(path: &Path, key: &[u8; 32]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    write_private(path, key)
}

/// A key file someone copied in with loose permissions is made private again.
fn tighten_mode(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            // A read-only mount (a container secret, say) cannot be changed: say so and go on.
            match std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)) {
                Ok(()) => tracing::warn!("密钥文件权限过宽，已改为 0600 / key file was readable by others; set to 0600"),
                Err(e) => tracing::warn!("密钥文件权限过宽且无法修改，请改为 0600 / key file is readable by others and cannot be changed: {e}"),
            }
        }
    }
    Ok(())
}

/// Creates `path` holding `bytes` (0600) unless it exists, so that it never appears
/// half written: several nodes starting at once on one shared key file all end up with
/// the file of whichever linked it into place first. Written under a temporary name and
/// hard-linked into place; where the file system has no hard links, created directly.
fn publish_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.{}.tmp", &random_token()[..16]));
    write_private(&temp, bytes)?;
    let linked = std::fs::hard_link(&temp, path);
    let _ = std::fs::remove_file(&temp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(_) => match write_private(path, bytes) {
            Err(e) if path.exists() => {
                tracing::debug!("key file created by another process meanwhile: {e:#}");
                Ok(())
            }
            other => other,
        },
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).with_context(|| format!("无法创建密钥文件 / cannot create key file {}", path.display()))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

pub fn new_receipt() -> String {
    let mut bytes = [0u8; RECEIPT_CHARS];
    OsRng.fill_bytes(&mut bytes);
    let chars: Vec<char> = bytes.iter().map(|b| RECEIPT_ALPHABET[(*b & 31) as usize] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// Upper case, separators dropped, the letters people confuse with digits mapped.
pub fn normalize_receipt(input: &str) -> String {
    input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether a presented secret (a bearer token) is the expected one, in time that
/// depends on neither where they differ nor the expected secret's length: both are
/// hashed first, and the digests compared without an early exit.
pub fn same_secret(presented: &str, expected: &str) -> bool {
    let (a, b) = (Sha256::digest(presented.as_bytes()), Sha256::digest(expected.as_bytes()));
    a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut HashRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash password: {e}"))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests;
