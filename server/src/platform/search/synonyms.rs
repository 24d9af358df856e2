//! Synonyms and abbreviations (同义词、简称) the administrator keeps in
//! `search_synonyms`, and how a query's words become the terms a search looks for.
//!
//! Expansion happens when a query is read, never in the index: a word of a group
//! matches wherever any member of its group does, so an edit takes effect without a
//! reindex. Each engine holds the groups in memory (a few hundred short words) and
//! reloads them when the change feed says they changed (`ENTITY_SYNONYMS`).

use std::collections::HashMap;

use anyhow::Result;
use app::error::PortalError;
use sqlx::Row;

use super::pinyin;
use super::segment::{normalize, query_words};
use crate::platform::changes::{self, ENTITY_SYNONYMS};
use crate::platform::db::Db;

/// Members of one group at most, and characters of one member at most.
pub const MAX_MEMBERS: usize = 10;
pub const MAX_MEMBER_CHARS: usize = 30;
/// Consecutive query words tried together as one member (研究 + 开发 = 研究开发).
const MAX_JOINED: usize = 8;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub id: i64,
    pub words: Vec<String>,
}

/// The groups, oldest first.
pub async fn list(db: &Db) -> Result<Vec<Group>> {
    let rows = sqlx::query("SELECT id, words FROM search_synonyms ORDER BY id").fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| {
            let words: String = r.try_get(1)?;
            Ok(Group { id: r.try_get(0)?, words: serde_json::from_str(&words)? })
        })
        .collect()
}

/// Adds a group and tells every node's index through the change feed.
pub async fn add(db: &Db, words: &[String], at: &str) -> Result<i64> {
    let mut tx = db.pool.begin().await?;
    changes::lock(&mut tx).await?;
    let row = sqlx::query("INSERT INTO search_synonyms (words, created_at) VALUES ($1, $2) RETURNING id")
        .bind(serde_json::to_string(words)?)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
    let id: i64 = row.try_get(0)?;
    changes::record(&mut tx, ENTITY_SYNONYMS, &id.to_string(), at).await?;
    tx.commit().await?;
    Ok(id)
}

/// Deletes a group; `None` when there was none with this id.
pub async fn delete(db: &Db, id: i64, at: &str) -> Result<Option<Group>> {
    let mut tx = db.pool.begin().await?;
    changes::lock(&mut tx).await?;
    let row = sqlx::query("DELETE FROM search_synonyms WHERE id = $1 RETURNING words").bind(id).fetch_optional(&mut *tx).await?;
    let Some(row) = row else { return Ok(None) };
    let words: String = row.try_get(0)?;
    changes::record(&mut tx, ENTITY_SYNONYMS, &id.to_string(), at).await?;
    tx.commit().await?;
    Ok(Some(Group { id, words: serde_json::from_str(&words)? }))
}

/// A group as typed into the admin form: members separated by 、，,；; or new lines.
pub fn parse_words(text: &str) -> Result<Vec<String>, PortalError> {
    let mut words: Vec<String> = Vec::new();
    for w in text.split(|c: char| matches!(c, '、' | '，' | ',' | '；' | ';' | '|' | '/' | '\n' | '\r' | '\t')) {
        let w = w.trim();
        if w.is_empty() {
            continue;
        }
        if w.chars().count() > MAX_MEMBER_CHARS {
            return Err(PortalError::bad_request(format!(
                "每个词语不超过 {MAX_MEMBER_CHARS} 字 / each word has at most {MAX_MEMBER_CHARS} characters"
            )));
        }
        if key(w).is_empty() {
            return Err(PortalError::bad_request(format!("「{w}」不是词语 / “{w}” is not a word")));
        }
        if !words.iter().any(|x| key(x) == key(w)) {
            words.push(w.to_string());
        }
    }
    if words.len() < 2 || words.len() > MAX_MEMBERS {
        return Err(PortalError::bad_request(format!(
            "一组同义词须有 2 至 {MAX_MEMBERS} 个不同的词语，用顿号或逗号分隔 / a group has 2 to {MAX_MEMBERS} different words, separated by commas"
        )));
    }
    Ok(words)
}

/// How a member is compared with the query's words: normalised, letters and digits only.
fn key(word: &str) -> String {
    normalize(word).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The groups as a search reads them.
#[derive(Default)]
pub struct Synonyms {
    /// Per group, each member as the words a query of it would have.
    groups: Vec<Vec<Vec<String>>>,
    by_key: HashMap<String, usize>,
}

impl Synonyms {
    pub fn new(groups: &[Group]) -> Self {
        let mut synonyms = Synonyms::default();
        for group in groups {
            let index = synonyms.groups.len();
            let mut members: Vec<Vec<String>> = Vec::new();
            for word in &group.words {
                let pieces = query_words(word);
                if pieces.is_empty() {
                    continue;
                }
                // A word in two groups belongs to the first.
                synonyms.by_key.entry(key(word)).or_insert(index);
                if !members.contains(&pieces) {
                    members.push(pieces);
                }
            }
            synonyms.groups.push(members);
        }
        synonyms
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
}

/// One thing a query looks for: any of its alternatives (each a set of words an item
/// must all have), or its pinyin readings. A query's terms are what "every word" and
/// "some of the words" count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryTerm {
    pub alternatives: Vec<Vec<String>>,
    /// Readings of the term as syllables (two or more each).
    pub pinyin: Vec<Vec<String>>,
}

/// The terms of a query's words: a run of words that spells a synonym becomes one term
/// with the group's members as alternatives; a run of Latin words that reads as pinyin
/// (`bu tie`) becomes one term found as text or as pinyin.
pub fn terms(words: &[String], synonyms: &Synonyms) -> Vec<QueryTerm> {
    let mut out = Vec::new();
    let mut i = 0;
    'words: while i < words.len() {
        if !synonyms.is_empty() {
            for j in (i + 1..=words.len().min(i + MAX_JOINED)).rev() {
                if let Some(&g) = synonyms.by_key.get(&words[i..j].concat()) {
                    let mut alternatives = vec![words[i..j].to_vec()];
                    for member in &synonyms.groups[g] {
                        if !alternatives.contains(member) {
                            alternatives.push(member.clone());
                        }
                    }
                    out.push(QueryTerm { alternatives, pinyin: Vec::new() });
                    i = j;
                    continue 'words;
                }
            }
        }
        let mut j = i;
        while j < words.len() && !pinyin::splits(&words[j], 1).is_empty() {
            j += 1;
        }
        if j > i + 1 {
            let joined = words[i..j].concat();
            out.push(QueryTerm { alternatives: vec![words[i..j].to_vec()], pinyin: pinyin::splits(&joined, 2) });
            i = j;
            continue;
        }
        out.push(QueryTerm { alternatives: vec![vec![words[i].clone()]], pinyin: pinyin::splits(&words[i], 2) });
        i += 1;
    }
    out
}

/// Every word a snippet may mark for these terms.
pub fn marked_words(terms: &[QueryTerm]) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in terms.iter().flat_map(|t| t.alternatives.iter().flatten()) {
        if !words.contains(word) {
            words.push(word.clone());
        }
    }
    words
}

#[cfg(test)]
mod tests;
