//! The district's units (局、办、镇街): the one table every list and the complaint
//! channel point to, and the only code that queries it.

use std::collections::HashMap;

use anyhow::Result;
use sqlx::{AnyConnection, Row};

use super::db::Db;

pub const MAX_NAME_CHARS: usize = 100;

pub async fn names(db: &Db) -> Result<Vec<String>> {
    let rows = sqlx::query("SELECT name FROM units ORDER BY name").fetch_all(&db.pool).await?;
    rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
}

/// The existing unit a mistyped name most likely means (财政局 → 区财政局, 区财证局 →
/// 区财政局), if one is close enough to suggest.
pub fn suggest<'a>(name: &str, known: impl IntoIterator<Item = &'a String>) -> Option<&'a String> {
    let typed: Vec<char> = name.trim().chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() < 2 {
        return None;
    }
    let typed_text: String = typed.iter().collect();
    known
        .into_iter()
        .filter_map(|unit| {
            let chars: Vec<char> = unit.chars().collect();
            // One name inside the other (a dropped 区, an added 人民政府) counts as its length difference.
            let distance = if unit.contains(&typed_text) || typed_text.contains(unit.as_str()) {
                chars.len().abs_diff(typed.len())
            } else {
                edit_distance(&typed, &chars)
            };
            let allowed = (typed.len().max(chars.len()) / 3).max(1);
            (distance > 0 && distance <= allowed).then_some((distance, unit))
        })
        .min_by_key(|(distance, unit)| (*distance, unit.chars().count()))
        .map(|(_, unit)| unit)
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (previous + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            previous = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// "您是否要找「区财政局」？" for a name that is not a unit, when one is close.
pub fn did_you_mean<'a>(name: &str, known: impl IntoIterator<Item = &'a String>) -> String {
    suggest(name, known).map(|u| format!("您是否要找「{u}」？/ Did you mean {u}? ")).unwrap_or_default()
}

pub async fn exists(db: &Db, name: &str) -> Result<bool> {
    Ok(id(&db.pool, name).await?.is_some())
}

pub async fn id<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(executor: E, name: &str) -> Result<Option<i64>> {
    let row = sqlx::query("SELECT id FROM units WHERE name = $1").bind(name).fetch_optional(executor).await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

/// Adds a unit; false when one of that name exists already.
pub async fn add(db: &Db, name: &str) -> Result<bool> {
    let added = sqlx::query("INSERT INTO units (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .execute(&db.pool)
        .await?
        .rows_affected();
    Ok(added > 0)
}

/// The unit's id, creating it if a list names a unit for the first time (imports only:
/// accounts and forwarding refuse unknown units).
pub async fn id_or_create(conn: &mut AnyConnection, cache: &mut HashMap<String, i64>, name: &str) -> Result<i64> {
    if let Some(id) = cache.get(name) {
        return Ok(*id);
    }
    sqlx::query("INSERT INTO units (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .execute(&mut *conn)
        .await?;
    let id: i64 = sqlx::query("SELECT id FROM units WHERE name = $1").bind(name).fetch_one(&mut *conn).await?.try_get(0)?;
    cache.insert(name.to_string(), id);
    Ok(id)
}

/// Where a unit receives people and how to reach it: shown on its public page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contact {
    pub address: String,
    pub hours: String,
    pub phone: String,
}

pub const MAX_CONTACT_CHARS: usize = 200;

/// The unit's contact details; `None` when no unit has that name.
pub async fn contact(db: &Db, name: &str) -> Result<Option<Contact>> {
    let row = sqlx::query("SELECT address, hours, phone FROM units WHERE name = $1").bind(name).fetch_optional(&db.pool).await?;
    row.map(|r| Ok(Contact { address: r.try_get(0)?, hours: r.try_get(1)?, phone: r.try_get(2)? })).transpose()
}

/// Sets a unit's contact details; false when no unit has that name.
pub async fn set_contact(db: &Db, name: &str, contact: &Contact) -> Result<bool> {
    let changed = sqlx::query("UPDATE units SET address = $2, hours = $3, phone = $4 WHERE name = $1")
        .bind(name)
        .bind(&contact.address)
        .bind(&contact.hours)
        .bind(&contact.phone)
        .execute(&db.pool)
        .await?
        .rows_affected();
    Ok(changed > 0)
}

const SAMPLE_CONTACTS_CSV: &[u8] = include_bytes!("../../../data/samples/units.csv");

/// Gives the sample units the bundled sample contact details, where none was set.
pub async fn load_sample_contacts(db: &Db) -> Result<usize> {
    let sheet = super::sheet::read_csv(SAMPLE_CONTACTS_CSV)?;
    let mut filled = 0;
    for (_, cells) in &sheet.rows {
        let [name, address, hours, phone] = cells.as_slice() else { continue };
        let done = sqlx::query("UPDATE units SET address = $2, hours = $3, phone = $4 WHERE name = $1 AND address = ''")
            .bind(name)
            .bind(address)
            .bind(hours)
            .bind(phone)
            .execute(&db.pool)
            .await?
            .rows_affected();
        filled += done as usize;
    }
    Ok(filled)
}

#[cfg(test)]
mod tests;
