//! Service storage: import (all or nothing, with the public change history), the pages
//! the search index loads, a service's guide and its bundles.

use std::collections::{HashMap, HashSet};

use anyhow::{Context, Result};
use app::services::model::{combined_materials, BundleDetail, BundleRef, BundleSummary, ServiceRevision, Targets};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::model::{ImportSummary, NewService, ServiceRecord};
use crate::platform::changes::{self, ENTITY_SERVICE};
use crate::platform::clock;
use crate::platform::db::{self, rows_per_statement, select_by_keys, select_page, values_list, After, Db};
use crate::platform::units;

const SELECT: &str = "SELECT s.id, s.code, s.name, s.category, u.name, s.level, s.location, s.hours, \
    s.enquiry_phone, s.complaint_phone, s.legal_days, s.committed_days, s.materials, s.visits, \
    s.online_depth, s.mobile, s.fee, s.legal_basis, s.annual_cases, s.targets, s.updated_at \
    FROM service_items s JOIN units u ON u.id = s.unit_id";

/// Columns an insert and an update share, after `code`.
const COLUMNS: usize = 19;
const IMPORT_CHUNK: usize = 500;

fn record_from_row(row: &AnyRow) -> Result<(i64, ServiceRecord)> {
    let materials: String = row.try_get(12)?;
    let targets: String = row.try_get(19)?;
    let n = |i: usize| -> Result<u32> { Ok(row.try_get::<i64, _>(i)?.max(0) as u32) };
    Ok((
        row.try_get(0)?,
        ServiceRecord {
            code: row.try_get(1)?,
            name: row.try_get(2)?,
            category: row.try_get(3)?,
            unit: row.try_get(4)?,
            level: row.try_get(5)?,
            location: row.try_get(6)?,
            hours: row.try_get(7)?,
            enquiry_phone: row.try_get(8)?,
            complaint_phone: row.try_get(9)?,
            legal_days: n(10)?,
            committed_days: n(11)?,
            materials: serde_json::from_str(&materials).context("stored materials are not valid JSON")?,
            visits: n(13)?,
            online_depth: row.try_get(14)?,
            mobile: row.try_get::<i64, _>(15)? != 0,
            fee: row.try_get(16)?,
            legal_basis: row.try_get(17)?,
            annual_cases: n(18)?,
            targets: serde_json::from_str::<Targets>(&targets).context("stored targets are not valid JSON")?,
            updated_at: row.try_get(20)?,
        },
    ))
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

fn bind_record<'q>(query: AnyQuery<'q>, r: &'q ServiceRecord, unit_id: i64, now: &'q str) -> Result<AnyQuery<'q>> {
    Ok(query
        .bind(&r.name)
        .bind(&r.category)
        .bind(unit_id)
        .bind(&r.level)
        .bind(&r.location)
        .bind(&r.hours)
        .bind(&r.enquiry_phone)
        .bind(&r.complaint_phone)
        .bind(r.legal_days as i64)
        .bind(r.committed_days as i64)
        .bind(serde_json::to_string(&r.materials)?)
        .bind(r.visits as i64)
        .bind(&r.online_depth)
        .bind(r.mobile as i64)
        .bind(&r.fee)
        .bind(&r.legal_basis)
        .bind(r.annual_cases as i64)
        .bind(serde_json::to_string(&r.targets)?)
        .bind(now))
}

async fn existing(tx: &mut AnyConnection, rows: &[NewService]) -> Result<HashMap<String, (i64, ServiceRecord)>> {
    let codes: Vec<&str> = rows.iter().map(|r| r.record.code.as_str()).collect();
    let found = select_by_keys(tx, SELECT, "s.code", &codes, record_from_row).await?;
    Ok(found.into_iter().map(|(id, record)| (record.code.clone(), (id, record))).collect())
}

async fn insert(tx: &mut AnyConnection, rows: &[&ServiceRecord], units: &HashMap<String, i64>, now: &str) -> Result<()> {
    for chunk in rows.chunks(rows_per_statement(COLUMNS + 2)) {
        let sql = format!(
            "INSERT INTO service_items (code, name, category, unit_id, level, location, hours, enquiry_phone, \
             complaint_phone, legal_days, committed_days, materials, visits, online_depth, mobile, fee, \
             legal_basis, annual_cases, targets, updated_at, created_at) VALUES {}",
            values_list(tx, chunk.len(), COLUMNS + 2)
        );
        let mut query = sqlx::query(&sql);
        for r in chunk {
            query = bind_record(query.bind(&r.code), r, units[&r.unit], now)?.bind(now);
        }
        query.execute(&mut *tx).await?;
    }
    Ok(())
}

async fn update(tx: &mut AnyConnection, id: i64, r: &ServiceRecord, unit_id: i64, now: &str) -> Result<()> {
    let query = sqlx::query(
        "UPDATE service_items SET name = $2, category = $3, unit_id = $4, level = $5, location = $6, \
         hours = $7, enquiry_phone = $8, complaint_phone = $9, legal_days = $10, committed_days = $11, \
         materials = $12, visits = $13, online_depth = $14, mobile = $15, fee = $16, legal_basis = $17, \
         annual_cases = $18, targets = $19, updated_at = $20 WHERE id = $1",
    )
    .bind(id);
    bind_record(query, r, unit_id, now)?.execute(&mut *tx).await?;
    Ok(())
}

async fn insert_revisions(tx: &mut AnyConnection, revisions: &[(&str, String, &str, String)]) -> Result<()> {
    let rows: Vec<(&str, &str, &str, &str)> =
        revisions.iter().map(|(code, date, kind, note)| (*code, date.as_str(), *kind, note.as_str())).collect();
    db::insert_revisions(tx, "service_items", "service_revisions", "service_id", &rows, "").await
}

/// The bundles the file names, each with exactly the members the file gives it.
async fn write_bundles(tx: &mut AnyConnection, rows: &[NewService], units: &HashMap<String, i64>) -> Result<usize> {
    let mut members: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut firsts = Vec::new();
    for row in rows {
        if let Some(b) = &row.bundle {
            if !members.contains_key(b.code.as_str()) {
                firsts.push(b);
            }
            members.entry(&b.code).or_default().push(&row.record.code);
        }
    }
    for b in &firsts {
        let id: i64 = sqlx::query(
            "INSERT INTO service_bundles (code, name, lead_unit_id) VALUES ($1, $2, $3) \
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, lead_unit_id = excluded.lead_unit_id RETURNING id",
        )
        .bind(&b.code)
        .bind(&b.name)
        .bind(units[&b.lead_unit])
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        sqlx::query("DELETE FROM service_bundle_members WHERE bundle_id = $1").bind(id).execute(&mut *tx).await?;
        for code in &members[b.code.as_str()] {
            sqlx::query("INSERT INTO service_bundle_members (bundle_id, service_id) SELECT $1, id FROM service_items WHERE code = $2")
                .bind(id)
                .bind(*code)
                .execute(&mut *tx)
                .await?;
        }
    }
    Ok(firsts.len())
}

pub struct ServiceStore {
    db: Db,
}

impl ServiceStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub async fn count(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) FROM service_items").fetch_one(&self.db.pool).await?.try_get(0)?)
    }

    /// Writes every row in one transaction, or none.
    pub async fn import(&self, rows: &[NewService], progress: &(dyn Fn(usize, usize) + Sync)) -> Result<ImportSummary> {
        let mut tx = self.db.pool.begin().await?;
        changes::lock(&mut tx).await?;
        let mut unit_ids = HashMap::new();
        for row in rows {
            units::id_or_create(&mut tx, &mut unit_ids, &row.record.unit).await?;
            if let Some(b) = &row.bundle {
                units::id_or_create(&mut tx, &mut unit_ids, &b.lead_unit).await?;
            }
        }
        let now = clock::now();
        let today = clock::today();
        let mut summary = ImportSummary::default();
        let mut done = 0;
        for chunk in rows.chunks(IMPORT_CHUNK) {
            let found = existing(&mut tx, chunk).await?;
            let mut fresh = Vec::new();
            let mut changed = Vec::new();
            let mut revisions = Vec::new();
            for row in chunk {
                let r = &row.record;
                match found.get(&r.code) {
                    None => {
                        summary.inserted += 1;
                        fresh.push(r);
                        changed.push(r.code.as_str());
                        revisions.push((r.code.as_str(), today.clone(), "发布", "列入民生服务事项清单".to_string()));
                    }
                    Some((id, old)) => {
                        let fields = old.changed_fields(r);
                        if fields.is_empty() {
                            summary.unchanged += 1;
                            continue;
                        }
                        summary.updated += 1;
                        changed.push(r.code.as_str());
                        update(&mut tx, *id, r, unit_ids[&r.unit], &now).await?;
                        revisions.push((r.code.as_str(), today.clone(), "更新", format!("清单更新，修改了：{}", fields.join("、"))));
                    }
                }
            }
            insert(&mut tx, &fresh, &unit_ids, &now).await?;
            insert_revisions(&mut tx, &revisions).await?;
            changes::record_many(&mut tx, ENTITY_SERVICE, &changed, &now).await?;
            done += chunk.len();
            progress(done, rows.len());
        }
        summary.bundles = write_bundles(&mut tx, rows, &unit_ids).await?;
        tx.commit().await.context("导入提交失败 / import commit failed")?;
        Ok(summary)
    }

    pub async fn page(&self, after: &After, limit: usize) -> Result<Vec<ServiceRecord>> {
        select_page(&self.db, SELECT, None, "s.code", after, limit, |r| record_from_row(r).map(|(_, s)| s)).await
    }

    /// The `limit` services changed last, newest first (the Atom feed).
    pub async fn recently_changed(&self, limit: i64) -> Result<Vec<ServiceRecord>> {
        let rows = sqlx::query(&format!("{SELECT} ORDER BY s.updated_at DESC, s.id DESC LIMIT $1")).bind(limit).fetch_all(&self.db.pool).await?;
        rows.iter().map(|r| record_from_row(r).map(|(_, s)| s)).collect()
    }

    pub async fn many(&self, codes: &[String]) -> Result<Vec<ServiceRecord>> {
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        let mut conn = self.db.pool.acquire().await?;
        select_by_keys(&mut conn, SELECT, "s.code", &codes, |r| record_from_row(r).map(|(_, s)| s)).await
    }

    /// A service with its id, or `None`.
    pub async fn service(&self, code: &str) -> Result<Option<(i64, ServiceRecord)>> {
        sqlx::query(&format!("{SELECT} WHERE s.code = $1"))
            .bind(code)
            .fetch_optional(&self.db.pool)
            .await?
            .map(|r| record_from_row(&r))
            .transpose()
    }

    pub async fn history(&self, id: i64) -> Result<Vec<ServiceRevision>> {
        let rows = sqlx::query("SELECT revised_on, kind, note FROM service_revisions WHERE service_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&self.db.pool)
            .await?;
        rows.iter().map(|r| Ok(ServiceRevision { date: r.try_get(0)?, kind: r.try_get(1)?, note: r.try_get(2)? })).collect()
    }

    pub async fn bundles_of(&self, id: i64) -> Result<Vec<BundleRef>> {
        let rows = sqlx::query(
            "SELECT b.code, b.name FROM service_bundles b JOIN service_bundle_members m ON m.bundle_id = b.id \
             WHERE m.service_id = $1 ORDER BY b.code",
        )
        .bind(id)
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter().map(|r| Ok(BundleRef { code: r.try_get(0)?, name: r.try_get(1)? })).collect()
    }

    pub async fn bundles(&self) -> Result<Vec<BundleSummary>> {
        let rows = sqlx::query(
            "SELECT b.code, b.name, u.name, (SELECT COUNT(*) FROM service_bundle_members m WHERE m.bundle_id = b.id) \
             FROM service_bundles b JOIN units u ON u.id = b.lead_unit_id ORDER BY b.code",
        )
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter()
            .map(|r| Ok(BundleSummary { code: r.try_get(0)?, name: r.try_get(1)?, lead_unit: r.try_get(2)?, members: r.try_get::<i64, _>(3)? as u32 }))
            .collect()
    }

    pub async fn bundle(&self, code: &str) -> Result<Option<BundleDetail>> {
        let Some(row) = sqlx::query("SELECT b.id, b.code, b.name, u.name FROM service_bundles b JOIN units u ON u.id = b.lead_unit_id WHERE b.code = $1")
            .bind(code)
            .fetch_optional(&self.db.pool)
            .await?
        else {
            return Ok(None);
        };
        let id: i64 = row.try_get(0)?;
        let lead_unit: String = row.try_get(3)?;
        let members: Vec<ServiceRecord> = sqlx::query(&format!(
            "{SELECT} JOIN service_bundle_members m ON m.service_id = s.id WHERE m.bundle_id = $1 ORDER BY s.code"
        ))
        .bind(id)
        .fetch_all(&self.db.pool)
        .await?
        .iter()
        .map(|r| record_from_row(r).map(|(_, s)| s))
        .collect::<Result<_>>()?;
        let mut partners: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        for m in &members {
            if m.unit != lead_unit && seen.insert(m.unit.clone()) {
                partners.push(m.unit.clone());
            }
        }
        let materials = combined_materials(&members.iter().map(|m| (m.name.clone(), m.materials.clone())).collect::<Vec<_>>());
        Ok(Some(BundleDetail {
            code: row.try_get(1)?,
            name: row.try_get(2)?,
            lead_unit,
            partner_units: partners,
            members: members.iter().map(|m| m.hit(Vec::new())).collect(),
            materials,
        }))
    }

    /// The services a unit delivers (the unit page).
    pub async fn of_unit(&self, unit: &str) -> Result<Vec<ServiceRecord>> {
        sqlx::query(&format!("{SELECT} WHERE u.name = $1 ORDER BY s.category, s.code"))
            .bind(unit)
            .fetch_all(&self.db.pool)
            .await?
            .iter()
            .map(|r| record_from_row(r).map(|(_, s)| s))
            .collect()
    }
}
