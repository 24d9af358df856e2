//! The two-person rule for the commission's accounts. The commission reveals reporters'
//! identities, so an administrator alone must not be able to act as one of its members:
//! a commission account created on the admin desk, its re-enabling and a new password
//! for it take effect only when another commission member approves, and the holder is
//! told by mail. (`qingdan user add` on the server stays the way to make the first
//! accounts.)

use std::sync::Arc;

use anyhow::Result;
use app::error::PortalError;
use app::staff::model::{PendingApproval, Role};
use sqlx::Row;

use super::accounts::{end_sessions, Accounts, StaffUser};
use crate::error::internal;
use crate::platform::crypto::{hash_password, Secrets};
use crate::platform::db::Db;
use crate::platform::{changes, clock, mail};

/// What waits for approval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApprovalKind {
    /// A new or disabled commission account starts working.
    Activate,
    /// A commission account gets the password an administrator set.
    Password,
}

impl ApprovalKind {
    pub fn key(self) -> &'static str {
        match self {
            Self::Activate => "activate",
            Self::Password => "password",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [Self::Activate, Self::Password].into_iter().find(|k| k.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Activate => "启用纪委监委账号",
            Self::Password => "重置纪委监委账号密码",
        }
    }
}

/// The mail outbox's kind for these notices.
pub const MAIL_KIND: &str = "account";

pub struct Approvals {
    db: Db,
    secrets: Arc<Secrets>,
    accounts: Arc<Accounts>,
    /// The portal's public address, for the mails' link (QINGDAN_PUBLIC_URL).
    public_url: Option<String>,
}

impl Approvals {
    pub fn new(db: Db, secrets: Arc<Secrets>, accounts: Arc<Accounts>, public_url: Option<String>) -> Self {
        Self { db, secrets, accounts, public_url }
    }

    fn portal_line(&self) -> String {
        self.public_url.as_ref().map(|u| format!("清单门户：{u}/staff\n")).unwrap_or_default()
    }

    /// Whether changes to this account wait for a second commission member.
    pub fn guarded(user: &StaffUser) -> bool {
        user.role == Role::Commission
    }

    /// Asks for a commission account to start (or start again) working.
    pub async fn request_activation(&self, user: &StaffUser, requested_by: i64) -> Result<i64> {
        self.request(ApprovalKind::Activate, user, None, requested_by).await
    }

    /// Asks for a commission account to get `password`; the holder is told at once, so a
    /// reset they did not ask for does not go unnoticed.
    pub async fn request_password(&self, user: &StaffUser, password: &str, requested_by: i64) -> Result<i64> {
        super::rules::check_password(password)?;
        let password = password.to_string();
        let hash = tokio::task::spawn_blocking(move || hash_password(&password)).await??;
        self.request(ApprovalKind::Password, user, Some(hash), requested_by).await
    }

    async fn request(&self, kind: ApprovalKind, user: &StaffUser, password_hash: Option<String>, requested_by: i64) -> Result<i64> {
        let mut tx = self.db.pool.begin().await?;
        changes::lock(&mut tx).await?;
        // A newer request of the same kind replaces an open one.
        sqlx::query(
            "UPDATE account_approvals SET decision = 'replaced', decided_at = $3 WHERE user_id = $1 AND kind = $2 AND decision IS NULL",
        )
        .bind(user.id)
        .bind(kind.key())
        .bind(clock::now())
        .execute(&mut *tx)
        .await?;
        let id: i64 = sqlx::query(
            "INSERT INTO account_approvals (kind, user_id, password_hash, requested_by, requested_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(kind.key())
        .bind(user.id)
        .bind(password_hash)
        .bind(requested_by)
        .bind(clock::now())
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        if let Some(email) = &user.email {
            let body = format!(
                "{}：\n\n管理员为您的纪委监委账号（{}）提交了“{}”，须经纪委监委另一名成员批准后生效。\n如非您本人知悉的操作，请立即联系纪委监委。\n{}",
                user.display_name,
                user.username,
                kind.label(),
                self.portal_line()
            );
            mail::enqueue(&mut tx, &self.secrets, MAIL_KIND, None, email, "【清单门户】账号变更待批准", &body).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// What `viewer` may decide: open requests about someone else's account.
    pub async fn pending(&self, viewer: &StaffUser) -> Result<Vec<PendingApproval>> {
        if viewer.role != Role::Commission {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(
            "SELECT a.id, a.kind, u.username, u.display_name, r.display_name, a.requested_at FROM account_approvals a \
             JOIN staff_users u ON u.id = a.user_id JOIN staff_users r ON r.id = a.requested_by \
             WHERE a.decision IS NULL AND a.user_id <> $1 ORDER BY a.id",
        )
        .bind(viewer.id)
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get(1)?;
                Ok(PendingApproval {
                    id: r.try_get(0)?,
                    what: ApprovalKind::from_key(&kind).map(ApprovalKind::label).unwrap_or("账号变更").to_string(),
                    username: r.try_get(2)?,
                    display_name: r.try_get(3)?,
                    requested_by: r.try_get(4)?,
                    requested_at: r.try_get(5)?,
                })
            })
            .collect()
    }

    /// A commission member approves or rejects a request about another member's account.
    pub async fn decide(&self, id: i64, approver: &StaffUser, approve: bool) -> Result<String, PortalError> {
        if approver.role != Role::Commission {
            return Err(PortalError::forbidden("只有纪委监委成员可以批准 / only commission members approve"));
        }
        let row = sqlx::query("SELECT kind, user_id, password_hash, requested_by FROM account_approvals WHERE id = $1 AND decision IS NULL")
            .bind(id)
            .fetch_optional(&self.db.pool)
            .await
            .map_err(internal)?
            .ok_or_else(|| PortalError::not_found("该申请不存在或已处理 / no such open request"))?;
        let kind: String = row.try_get(0).map_err(internal)?;
        let kind = ApprovalKind::from_key(&kind).ok_or_else(|| internal(anyhow::anyhow!("unknown approval kind {kind}")))?;
        let user_id: i64 = row.try_get(1).map_err(internal)?;
        let password_hash: Option<String> = row.try_get(2).map_err(internal)?;
        let requested_by: i64 = row.try_get(3).map_err(internal)?;
        if user_id == approver.id || requested_by == approver.id {
            return Err(PortalError::forbidden("与本人账号有关或本人提交的变更须由另一名成员批准 / another member must decide"));
        }
        let holder = self.accounts.user(user_id).await.map_err(internal)?.ok_or_else(|| PortalError::not_found("账号不存在 / no such account"))?;
        let mut tx = self.db.pool.begin().await.map_err(internal)?;
        changes::lock(&mut tx).await.map_err(internal)?;
        let decided = sqlx::query("UPDATE account_approvals SET decision = $2, decided_by = $3, decided_at = $4 WHERE id = $1 AND decision IS NULL")
            .bind(id)
            .bind(if approve { "approved" } else { "rejected" })
            .bind(approver.id)
            .bind(clock::now())
            .execute(&mut *tx)
            .await
            .map_err(internal)?
            .rows_affected();
        if decided != 1 {
            return Err(PortalError::bad_request("该申请已由他人处理 / someone decided it already"));
        }
        if approve {
            match (kind, password_hash) {
                (ApprovalKind::Activate, _) => {
                    sqlx::query("UPDATE staff_users SET disabled_at = NULL WHERE id = $1").bind(user_id).execute(&mut *tx).await.map_err(internal)?;
                }
                (ApprovalKind::Password, Some(hash)) => {
                    sqlx::query("UPDATE staff_users SET password_hash = $2, must_change_password = 1 WHERE id = $1")
                        .bind(user_id)
                        .bind(hash)
                        .execute(&mut *tx)
                        .await
                        .map_err(internal)?;
                    end_sessions(&mut tx, user_id).await.map_err(internal)?;
                }
                (ApprovalKind::Password, None) => return Err(internal(anyhow::anyhow!("password approval {id} without a password"))),
            }
        }
        if let Some(email) = &holder.email {
            let outcome = if approve { "已由纪委监委成员批准并生效" } else { "未获批准，未作任何更改" };
            let body = format!(
                "{}：\n\n您的纪委监委账号（{}）的“{}”{}（{}，{}）。\n如有疑问，请联系纪委监委。\n{}",
                holder.display_name,
                holder.username,
                kind.label(),
                outcome,
                approver.display_name,
                clock::now(),
                self.portal_line()
            );
            mail::enqueue(&mut tx, &self.secrets, MAIL_KIND, None, email, "【清单门户】账号变更结果", &body).await.map_err(internal)?;
        }
        tx.commit().await.map_err(internal)?;
        Ok(if approve {
            format!("已批准：{}（{}）/ approved", kind.label(), holder.username)
        } else {
            format!("已驳回：{}（{}）/ rejected", kind.label(), holder.username)
        })
    }
}
