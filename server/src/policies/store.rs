//! Policy storage: the queries behind import, search indexing and the pages.
//! Every statement is plain SQL that SQLite and PostgreSQL both run.

use std::collections::HashMap;

use anyhow::{Context, Result};
use app::policies::model::{DocumentSummary, Interpreter, Revision};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::model::{ImportSummary, ItemRecord, NewPolicy};
use crate::platform::changes::{self, ENTITY_POLICY};
use crate::platform::clock;
use crate::platform::db::Db;
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
    pub async fn import(&self, rows: &[NewPolicy], progress: &(dyn Fn(usize, usize) + Sync)) -> Result<ImportSummary> {
        let mut tx = self.db.pool.begin().await?;
        let mut unit_ids: HashMap<String, i64> = HashMap::new();
        let mut documents: HashMap<String, i64> = HashMap::new();
        let mut summary = ImportSummary::default();
        let now = clock::now();
        let today = clock::today();
        for (i, row) in rows.iter().enumerate() {
            let issuing = units::id_or_create(&mut tx, &mut unit_ids, &row.issuing_unit).await?;
            let executing = units::id_or_create(&mut tx, &mut unit_ids, &row.executing_unit).await?;
            let document_id = match documents.get(&row.document_number) {
                Some(id) => *id,
                None => {
                    let id: i64 = sqlx::query(
                        "INSERT INTO policy_documents (number, title, issuing_unit_id, publish_date, status) \
                         VALUES ($1, $2, $3, $4, $5) \
                         ON CONFLICT (number) DO UPDATE SET title = excluded.title, \
                         issuing_unit_id = excluded.issuing_unit_id, publish_date = excluded.publish_date, \
                         status = excluded.status RETURNING id",
                    )
                    .bind(&row.document_number)
                    .bind(&row.document_title)
                    .bind(issuing)
                    .bind(&row.publish_date)
                    .bind(&row.document_status)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get(0)?;
                    documents.insert(row.document_number.clone(), id);
                    id
                }
            };
            let existing = sqlx::query(&format!("{ITEM_SELECT} WHERE i.code = $1"))
                .bind(&row.code)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| item_from_row(&r))
                .transpose()?;
            let conditions = serde_json::to_string(&row.conditions)?;
            let materials = serde_json::to_string(&row.materials)?;
            let max_amount = row.max_amount_wan.map(|m| m.to_string());
            let (item_id, revision) = match existing {
                None => {
                    let id: i64 = sqlx::query(
                        "INSERT INTO policy_items (code, document_id, title, content, category, support_type, \
                         executing_unit_id, interpreter_name, interpreter_phone, conditions, delivery, \
                         max_amount_wan, application_period, application_window, materials, valid_from, \
                         valid_until, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) \
                         RETURNING id",
                    )
                    .bind(&row.code)
                    .bind(document_id)
                    .bind(&row.title)
                    .bind(&row.content)
                    .bind(&row.category)
                    .bind(&row.support_type)
                    .bind(executing)
                    .bind(&row.interpreter_name)
                    .bind(&row.interpreter_phone)
                    .bind(&conditions)
                    .bind(&row.delivery)
                    .bind(&max_amount)
                    .bind(&row.application_period)
                    .bind(&row.application_window)
                    .bind(&materials)
                    .bind(&row.valid_from)
                    .bind(&row.valid_until)
                    .bind(&now)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get(0)?;
                    summary.inserted += 1;
                    let note = format!("随《{}》（{}）发布", row.document_title, row.document_number);
                    (id, Some(Revision { date: row.publish_date.clone(), kind: "发布".into(), note }))
                }
                Some(old) => {
                    let fields = changed_fields(&old, row);
                    if fields.is_empty() {
                        summary.unchanged += 1;
                        (old.id, None)
                    } else {
                        sqlx::query(
                            "UPDATE policy_items SET document_id = $2, title = $3, content = $4, category = $5, \
                             support_type = $6, executing_unit_id = $7, interpreter_name = $8, \
                             interpreter_phone = $9, conditions = $10, delivery = $11, max_amount_wan = $12, \
                             application_period = $13, application_window = $14, materials = $15, \
                             valid_from = $16, valid_until = $17, updated_at = $18 WHERE id = $1",
                        )
                        .bind(old.id)
                        .bind(document_id)
                        .bind(&row.title)
                        .bind(&row.content)
                        .bind(&row.category)
                        .bind(&row.support_type)
                        .bind(executing)
                        .bind(&row.interpreter_name)
                        .bind(&row.interpreter_phone)
                        .bind(&conditions)
                        .bind(&row.delivery)
                        .bind(&max_amount)
                        .bind(&row.application_period)
                        .bind(&row.application_window)
                        .bind(&materials)
                        .bind(&row.valid_from)
                        .bind(&row.valid_until)
                        .bind(&now)
                        .execute(&mut *tx)
                        .await?;
                        summary.updated += 1;
                        let note = format!("清单更新，修改了：{}", fields.join("、"));
                        (old.id, Some(Revision { date: today.clone(), kind: "更新".into(), note }))
                    }
                }
            };
            let mut new_revisions = row.revisions.clone();
            new_revisions.extend(revision.clone());
            for r in &new_revisions {
                sqlx::query(
                    "INSERT INTO policy_revisions (item_id, revised_on, kind, note) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (item_id, revised_on, kind, note) DO NOTHING",
                )
                .bind(item_id)
                .bind(&r.date)
                .bind(&r.kind)
                .bind(&r.note)
                .execute(&mut *tx)
                .await?;
            }
            if revision.is_some() {
                changes::record(&mut tx, ENTITY_POLICY, &row.code, &now).await?;
            }
            progress(i + 1, rows.len());
        }
        tx.commit().await.context("导入提交失败 / import commit failed")?;
        Ok(summary)
    }

    pub async fn all_items(&self) -> Result<Vec<ItemRecord>> {
        sqlx::query(ITEM_SELECT).fetch_all(&self.db.pool).await?.iter().map(item_from_row).collect()
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

