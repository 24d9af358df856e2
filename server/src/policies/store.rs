//! Policy storage: the queries behind import, search indexing and the pages.
//! Every statement is plain SQL that SQLite and PostgreSQL both run.

use std::collections::HashMap;

use anyhow::{Context, Result};
use app::policies::model::{DocumentSummary, Interpreter, Revision};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::model::{ImportSummary, ItemRecord, NewPolicy};
use crate::platform::changes::{self, ENTITY_POLICY};
use crate::platform::clock;
use crate::platform::db::{self, rows_per_statement, select_by_keys, select_page, values_list, After, Db};
use crate::platform::units;

const ITEM_SELECT: &str = "SELECT i.id, i.code, i.title, i.content, i.category, i.support_type, \
    d.number, d.title, iu.name, d.publish_date, d.status, eu.name, i.interpreter_name, \
    i.interpreter_phone, i.conditions, i.delivery, i.max_amount_wan, i.application_period, \
    i.application_window, i.materials, i.valid_from, i.valid_until, i.updated_at \
    FROM policy_items i \
    JOIN policy_documents d ON d.id = i.document_id \
    JOIN units iu ON iu.id = d.issuing_unit_id \
    JOIN units eu ON eu.id = i.executing_unit_id";

fn item_from_row(row: &AnyRow) -> Result<ItemRecord> {
    let conditions: String = row.try_get(14)?;
    let materials: String = row.try_get(19)?;
    let max_amount: Option<String> = row.try_get(16)?;
    Ok(ItemRecord {
        id: row.try_get(0)?,
        code: row.try_get(1)?,
        title: row.try_get(2)?,
        content: row.try_get(3)?,
        category: row.try_get(4)?,
        support_type: row.try_get(5)?,
        document: DocumentSummary {
            number: row.try_get(6)?,
            title: row.try_get(7)?,
            issuing_unit: row.try_get(8)?,
            publish_date: row.try_get(9)?,
            status: row.try_get(10)?,
            item_count: 0,
            valid_from: String::new(),
            valid_until: None,
        },
        executing_unit: row.try_get(11)?,
        interpreter: Interpreter { name: row.try_get(12)?, phone: row.try_get(13)? },
        conditions: serde_json::from_str(&conditions).context("stored conditions are not valid JSON")?,
        delivery: row.try_get(15)?,
        max_amount_wan: max_amount.and_then(|m| m.parse().ok()),
        application_period: row.try_get(17)?,
        application_window: row.try_get(18)?,
        materials: serde_json::from_str(&materials).context("stored materials are not valid JSON")?,
        valid_from: row.try_get(20)?,
        valid_until: row.try_get(21)?,
        updated_at: row.try_get(22)?,
    })
}

fn document_from_row(row: &AnyRow) -> Result<DocumentSummary> {
    let count: i64 = row.try_get(5)?;
    Ok(DocumentSummary {
        number: row.try_get(0)?,
        title: row.try_get(1)?,
        issuing_unit: row.try_get(2)?,
        publish_date: row.try_get(3)?,
        status: row.try_get(4)?,
        item_count: count as u32,
        valid_from: row.try_get::<Option<String>, _>(6)?.unwrap_or_default(),
        valid_until: row.try_get(7)?,
    })
}

const DOCUMENT_SELECT: &str = "SELECT d.number, d.title, u.name, d.publish_date, d.status, \
    (SELECT COUNT(*) FROM policy_items i WHERE i.document_id = d.id), \
    (SELECT MIN(i.valid_from) FROM policy_items i WHERE i.document_id = d.id), \
    (SELECT CASE WHEN COUNT(*) = COUNT(i.valid_until) THEN MAX(i.valid_until) END FROM policy_items i WHERE i.document_id = d.id) \
    FROM policy_documents d JOIN units u ON u.id = d.issuing_unit_id";

/// The columns compared on re-import, with the names the file uses.
fn changed_fields(old: &ItemRecord, new: &NewPolicy) -> Vec<&'static str> {
    let mut fields = Vec::new();
    let mut check = |differs: bool, name: &'static str| {
        if differs {
            fields.push(name)
        }
    };
    check(old.title != new.title, "政策名称");
    check(old.content != new.content, "政策内容");
    check(old.category != new.category, "政策类别");
    check(old.support_type != new.support_type, "支持方式");
    check(old.document.number != new.document_number, "文号");
    check(old.executing_unit != new.executing_unit, "执行单位");
    check(
        old.interpreter.name != new.interpreter_name || old.interpreter.phone != new.interpreter_phone,
        "政策解读人",
    );
    check(old.conditions != new.conditions, "适用条件");
    check(old.delivery != new.delivery, "兑现方式");
    check(old.max_amount_wan != new.max_amount_wan, "最高金额");
    check(
        old.application_period != new.application_period || old.application_window != new.application_window,
        "申报时间和窗口",
    );
    check(old.materials != new.materials, "申报材料");
    check(old.valid_from != new.valid_from, "生效日期");
    check(old.valid_until != new.valid_until, "失效日期");
    fields
}

/// Rows an import reads and writes per step (each statement within it carries at most
/// `db::MAX_PARAMS` parameters).
const IMPORT_CHUNK: usize = 500;

/// Inserts or updates each document once (the first row naming it wins); returns the
/// id of every document number.
async fn upsert_documents(
    tx: &mut AnyConnection,
    rows: &[NewPolicy],
    unit_ids: &HashMap<String, i64>,
) -> Result<HashMap<String, i64>> {
    let mut seen = std::collections::HashSet::new();
    let firsts: Vec<&NewPolicy> = rows.iter().filter(|r| seen.insert(r.document_number.as_str())).collect();
    let mut ids = HashMap::new();
    for chunk in firsts.chunks(rows_per_statement(5)) {
        let sql = format!(
            "INSERT INTO policy_documents (number, title, issuing_unit_id, publish_date, status) VALUES {} \
             ON CONFLICT (number) DO UPDATE SET title = excluded.title, \
             issuing_unit_id = excluded.issuing_unit_id, publish_date = excluded.publish_date, \
             status = excluded.status RETURNING number, id",
            values_list(tx, chunk.len(), 5)
        );
        let mut query = sqlx::query(&sql);
        for row in chunk {
            query = query
                .bind(&row.document_number)
                .bind(&row.document_title)
                .bind(unit_ids[&row.issuing_unit])
                .bind(&row.publish_date)
                .bind(&row.document_status);
        }
        for r in query.fetch_all(&mut *tx).await? {
            ids.insert(r.try_get::<String, _>(0)?, r.try_get::<i64, _>(1)?);
        }
    }
    Ok(ids)
}

async fn existing_items(tx: &mut AnyConnection, rows: &[NewPolicy]) -> Result<HashMap<String, ItemRecord>> {
    let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    let found = select_by_keys(tx, ITEM_SELECT, "i.code", &codes, item_from_row).await?;
    Ok(found.into_iter().map(|item| (item.code.clone(), item)).collect())
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds the columns an insert and an update share, from `document_id` to `valid_until`,
/// in the order both statements name them.
fn bind_item<'q>(query: AnyQuery<'q>, row: &'q NewPolicy, document_id: i64, executing: i64) -> Result<AnyQuery<'q>> {
    Ok(query
        .bind(document_id)
        .bind(row.title.as_str())
        .bind(row.content.as_str())
        .bind(row.category.as_str())
        .bind(row.support_type.as_str())
        .bind(executing)
        .bind(row.interpreter_name.as_str())
        .bind(row.interpreter_phone.as_str())
        .bind(serde_json::to_string(&row.conditions)?)
        .bind(row.delivery.as_str())
        .bind(row.max_amount_wan.map(|m| m.to_string()))
        .bind(row.application_period.as_str())
        .bind(row.application_window.as_str())
        .bind(serde_json::to_string(&row.materials)?)
        .bind(row.valid_from.as_str())
        .bind(row.valid_until.as_deref()))
}

async fn insert_items(
    tx: &mut AnyConnection,
    rows: &[&NewPolicy],
    documents: &HashMap<String, i64>,
    unit_ids: &HashMap<String, i64>,
    now: &str,
) -> Result<()> {
    for chunk in rows.chunks(rows_per_statement(19)) {
        let sql = format!(
            "INSERT INTO policy_items (code, document_id, title, content, category, support_type, \
             executing_unit_id, interpreter_name, interpreter_phone, conditions, delivery, \
             max_amount_wan, application_period, application_window, materials, valid_from, \
             valid_until, created_at, updated_at) VALUES {}",
            values_list(tx, chunk.len(), 19)
        );
        let mut query = sqlx::query(&sql);
        for row in chunk {
            query = query.bind(row.code.as_str());
            query = bind_item(query, row, documents[&row.document_number], unit_ids[&row.executing_unit])?;
            query = query.bind(now).bind(now);
        }
        query.execute(&mut *tx).await?;
    }
    Ok(())
}

async fn update_item(tx: &mut AnyConnection, id: i64, row: &NewPolicy, document_id: i64, executing: i64, now: &str) -> Result<()> {
    let query = sqlx::query(
        "UPDATE policy_items SET document_id = $2, title = $3, content = $4, category = $5, \
         support_type = $6, executing_unit_id = $7, interpreter_name = $8, \
         interpreter_phone = $9, conditions = $10, delivery = $11, max_amount_wan = $12, \
         application_period = $13, application_window = $14, materials = $15, \
         valid_from = $16, valid_until = $17, updated_at = $18 WHERE id = $1",
    )
    .bind(id);
    bind_item(query, row, document_id, executing)?.bind(now).execute(&mut *tx).await?;
    Ok(())
}

/// Records revisions by item code; one already recorded is left as it is.
async fn insert_revisions(tx: &mut AnyConnection, revisions: &[(String, Revision)]) -> Result<()> {
    let rows: Vec<(&str, &str, &str, &str)> =
        revisions.iter().map(|(code, r)| (code.as_str(), r.date.as_str(), r.kind.as_str(), r.note.as_str())).collect();
    let tail = "ON CONFLICT (item_id, revised_on, kind, note) DO NOTHING";
    db::insert_revisions(tx, "policy_items", "policy_revisions", "item_id", &rows, tail).await
}

pub struct PolicyStore {
    db: Db,
}

impl PolicyStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub async fn policy_count(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) FROM policy_items").fetch_one(&self.db.pool).await?.try_get(0)?)
    }

    pub async fn document_count(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) FROM policy_documents").fetch_one(&self.db.pool).await?.try_get(0)?)
    }

    /// Writes all rows in one transaction: either every row lands or none does.
    /// Statements carry many rows each (the database's round trips, not its work, bound
    /// the rate of a large import).
    pub async fn import(&self, rows: &[NewPolicy], progress: &(dyn Fn(usize, usize) + Sync)) -> Result<ImportSummary> {
        let mut tx = self.db.pool.begin().await?;
        // Before any row is locked: one feed writer at a time (see `changes`), and two
        // imports of the same rows wait for each other instead of colliding.
        changes::lock(&mut tx).await?;
        let mut unit_ids: HashMap<String, i64> = HashMap::new();
        for row in rows {
            units::id_or_create(&mut tx, &mut unit_ids, &row.issuing_unit).await?;
            units::id_or_create(&mut tx, &mut unit_ids, &row.executing_unit).await?;
        }
        let documents = upsert_documents(&mut tx, rows, &unit_ids).await?;
        let now = clock::now();
        let today = clock::today();
        let mut summary = ImportSummary::default();
        let mut done = 0;
        for chunk in rows.chunks(IMPORT_CHUNK) {
            let existing = existing_items(&mut tx, chunk).await?;
            let mut fresh: Vec<&NewPolicy> = Vec::new();
            // Every inserted or updated item, once: that is what the search indexes follow.
            let mut changed: Vec<&str> = Vec::new();
            let mut revisions: Vec<(String, Revision)> = Vec::new();
            for row in chunk {
                for r in &row.revisions {
                    revisions.push((row.code.clone(), r.clone()));
                }
                match existing.get(&row.code) {
                    None => {
                        summary.inserted += 1;
                        fresh.push(row);
                        changed.push(&row.code);
                        let note = format!("随《{}》（{}）发布", row.document_title, row.document_number);
                        revisions.push((row.code.clone(), Revision { date: row.publish_date.clone(), kind: "发布".into(), note }));
                    }
                    Some(old) => {
                        let fields = changed_fields(old, row);
                        if fields.is_empty() {
                            summary.unchanged += 1;
                            continue;
                        }
                        summary.updated += 1;
                        changed.push(&row.code);
                        update_item(&mut tx, old.id, row, documents[&row.document_number], unit_ids[&row.executing_unit], &now).await?;
                        let note = format!("清单更新，修改了：{}", fields.join("、"));
                        revisions.push((row.code.clone(), Revision { date: today.clone(), kind: "更新".into(), note }));
                    }
                }
            }
            insert_items(&mut tx, &fresh, &documents, &unit_ids, &now).await?;
            insert_revisions(&mut tx, &revisions).await?;
            changes::record_many(&mut tx, ENTITY_POLICY, &changed, &now).await?;
            done += chunk.len();
            progress(done, rows.len());
        }
        tx.commit().await.context("导入提交失败 / import commit failed")?;
        Ok(summary)
    }

    /// Up to `limit` items after `after`, by category, then code (`PolicyCorpus::cluster`).
    pub async fn page(&self, after: &After, limit: usize) -> Result<Vec<ItemRecord>> {
        select_page(&self.db, ITEM_SELECT, Some("i.category"), "i.code", after, limit, item_from_row).await
    }

    /// The `limit` items changed last, newest first (the Atom feed).
    pub async fn recently_changed(&self, limit: i64) -> Result<Vec<ItemRecord>> {
        let rows = sqlx::query(&format!("{ITEM_SELECT} ORDER BY i.updated_at DESC, i.id DESC LIMIT $1")).bind(limit).fetch_all(&self.db.pool).await?;
        rows.iter().map(item_from_row).collect()
    }

    /// The items with these codes that exist.
    pub async fn many(&self, codes: &[String]) -> Result<Vec<ItemRecord>> {
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        let mut conn = self.db.pool.acquire().await?;
        select_by_keys(&mut conn, ITEM_SELECT, "i.code", &codes, item_from_row).await
    }

    pub async fn item(&self, code: &str) -> Result<Option<ItemRecord>> {
        sqlx::query(&format!("{ITEM_SELECT} WHERE i.code = $1"))
            .bind(code)
            .fetch_optional(&self.db.pool)
            .await?
            .map(|r| item_from_row(&r))
            .transpose()
    }

    pub async fn history(&self, item_id: i64) -> Result<Vec<Revision>> {
        let rows = sqlx::query(
            "SELECT revised_on, kind, note FROM policy_revisions WHERE item_id = $1 ORDER BY revised_on, id",
        )
        .bind(item_id)
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter()
            .map(|r| Ok(Revision { date: r.try_get(0)?, kind: r.try_get(1)?, note: r.try_get(2)? }))
            .collect()
    }

    pub async fn document(&self, number: &str) -> Result<Option<(DocumentSummary, Vec<ItemRecord>)>> {
        let Some(row) = sqlx::query(&format!("{DOCUMENT_SELECT} WHERE d.number = $1"))
            .bind(number)
            .fetch_optional(&self.db.pool)
            .await?
        else {
            return Ok(None);
        };
        let summary = document_from_row(&row)?;
        let items = sqlx::query(&format!("{ITEM_SELECT} WHERE d.number = $1 ORDER BY i.code"))
            .bind(number)
            .fetch_all(&self.db.pool)
            .await?
            .iter()
            .map(item_from_row)
            .collect::<Result<_>>()?;
        Ok(Some((summary, items)))
    }

    /// What a unit issues and executes; `None` when no unit has that name.
    pub async fn unit(&self, name: &str) -> Result<Option<(Vec<DocumentSummary>, Vec<ItemRecord>)>> {
        if !units::exists(&self.db, name).await? {
            return Ok(None);
        }
        let issued = sqlx::query(&format!("{DOCUMENT_SELECT} WHERE u.name = $1 ORDER BY d.publish_date DESC, d.number"))
            .bind(name)
            .fetch_all(&self.db.pool)
            .await?
            .iter()
            .map(document_from_row)
            .collect::<Result<_>>()?;
        let executed = sqlx::query(&format!("{ITEM_SELECT} WHERE eu.name = $1 ORDER BY i.valid_from DESC, i.code"))
            .bind(name)
            .fetch_all(&self.db.pool)
            .await?
            .iter()
            .map(item_from_row)
            .collect::<Result<_>>()?;
        Ok(Some((issued, executed)))
    }
}

