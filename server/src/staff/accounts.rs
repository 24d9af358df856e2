//! Staff accounts and sessions: argon2 password hashes (computed on the blocking pool),
//! sessions in the database (only a hash of each token is stored), a CSRF token per
//! session, login throttling.

use std::time::Duration;

use anyhow::Result;
use app::admin::model::AdminUser;
use app::staff::model::{Role, StaffUserView};
use app::error::PortalError;
use sqlx::Row;

use crate::error::internal;

use crate::platform::clock;
use crate::platform::crypto::{hash_password, random_token, token_hash, verify_password};
use crate::platform::db::Db;
use crate::platform::throttle::Limiter;
use crate::platform::units;
use super::rules::{self, NewAccount};

const SESSION_HOURS: i64 = 8;

#[derive(Clone, Debug, PartialEq)]
pub struct StaffUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: Option<String>,
    pub email: Option<String>,
    /// An administrator set the password: the account must choose its own first.
    pub must_change_password: bool,
}

impl StaffUser {
    pub fn view(&self) -> StaffUserView {
        StaffUserView {
            id: self.id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
            unit: self.unit.clone(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Session {
    pub user: StaffUser,
    pub csrf: String,
}

pub struct Accounts {
    db: Db,
    by_user: Limiter,
    by_client: Limiter,
}

const USER_SELECT: &str = "SELECT s.id, s.username, s.display_name, s.role, u.name, s.email, s.must_change_password FROM staff_users s \
    LEFT JOIN units u ON u.id = s.unit_id";

fn user_from_row(row: &sqlx::any::AnyRow) -> Result<StaffUser> {
    let role: String = row.try_get(3)?;
    Ok(StaffUser {
        id: row.try_get(0)?,
        username: row.try_get(1)?,
        display_name: row.try_get(2)?,
        role: Role::from_key(&role).ok_or_else(|| anyhow::anyhow!("unknown role {role}"))?,
        unit: row.try_get(4)?,
        email: row.try_get(5)?,
        must_change_password: row.try_get::<i64, _>(6)? != 0,
    })
}

fn later(hours: i64) -> String {
    clock::minutes_ago(-hours * 60)
}

/// Compares without an early exit, so timing does not reveal how much matched.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Accounts {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            by_user: Limiter::new(5, Duration::from_secs(15 * 60)),
            by_client: Limiter::new(30, Duration::from_secs(15 * 60)),
        }
    }

    /// Creates an account that meets [`rules::check`] in an existing unit, with the
    /// password its holder chose (the server's command line).
    pub async fn add(&self, account: &NewAccount) -> Result<i64> {
        self.insert(account, true, false).await
    }

    /// An account an administrator creates: its holder must choose a new password at the
    /// first login.
    pub async fn add_by_admin(&self, account: &NewAccount) -> Result<i64> {
        self.insert(account, true, true).await
    }

    /// [`add_by_admin`](Self::add_by_admin), disabled until someone enables it (a
    /// commission account an administrator creates waits for a commission member's approval).
    pub async fn add_inactive(&self, account: &NewAccount) -> Result<i64> {
        self.insert(account, false, true).await
    }

    async fn insert(&self, account: &NewAccount, active: bool, must_change: bool) -> Result<i64> {
        let role = rules::check(account)?;
        let username = account.username();
        // Hash first and write in one statement: on SQLite a transaction that reads and
        // then writes after a slow hash fails (SQLITE_BUSY_SNAPSHOT) whenever another
        // connection wrote in between. Units are never deleted, so the look-up may come first.
        let password = account.password.clone();
        let password_hash = tokio::task::spawn_blocking(move || hash_password(&password)).await??;
        let unit_id: Option<i64> = match account.unit() {
            Some(name) => match units::id(&self.db.pool, name).await? {
                Some(id) => Some(id),
                None => return Err(rules::no_such_unit(name, &units::did_you_mean(name, &units::names(&self.db).await?)).into()),
            },
            None => None,
        };
        let id: i64 = sqlx::query(
            "INSERT INTO staff_users (username, display_name, role, unit_id, email, password_hash, created_at, disabled_at, must_change_password) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(username)
        .bind(account.display_name())
        .bind(role.key())
        .bind(unit_id)
        .bind(account.email())
        .bind(password_hash)
        .bind(clock::now())
        .bind(if active { None } else { Some(clock::now()) })
        .bind(i64::from(must_change))
        .fetch_one(&self.db.pool)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                anyhow::Error::new(PortalError::bad_request(format!("用户名「{username}」已存在 / the user name is taken")))
            }
            e => anyhow::Error::new(e).context("无法创建账号 / cannot create the account"),
        })?
        .try_get(0)?;
        Ok(id)
    }

    /// Every account, for the administrator: active ones first, then by name.
    pub async fn all_users(&self) -> Result<Vec<AdminUser>> {
        let rows = sqlx::query(
            "SELECT s.id, s.username, s.display_name, s.role, u.name, s.email, s.must_change_password, s.disabled_at, s.created_at \
             FROM staff_users s LEFT JOIN units u ON u.id = s.unit_id \
             ORDER BY CASE WHEN s.disabled_at IS NULL THEN 0 ELSE 1 END, s.username",
        )
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let user = user_from_row(row)?;
                let disabled: Option<String> = row.try_get(7)?;
                Ok(AdminUser {
                    id: user.id,
                    username: user.username,
                    display_name: user.display_name,
                    role: user.role,
                    unit: user.unit,
                    email: user.email,
                    active: disabled.is_none(),
                    created_at: row.try_get(8)?,
                })
            })
            .collect()
    }

    /// Disabling an account also ends its sessions; nothing of it is deleted.
    pub async fn set_active(&self, id: i64, active: bool) -> Result<()> {
        let mut tx = self.db.pool.begin().await?;
        sqlx::query("UPDATE staff_users SET disabled_at = $2 WHERE id = $1")
            .bind(id)
            .bind(if active { None } else { Some(clock::now()) })
            .execute(&mut *tx)
            .await?;
        if !active {
            end_sessions(&mut tx, id).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A new password set by an administrator: it ends every session of the account, and
    /// its holder must choose another at the next login.
    pub async fn set_password(&self, id: i64, password: &str) -> Result<()> {
        self.store_password(id, password, true).await
    }

    /// The holder changes their own password: the current one must be right, the new one
    /// must differ. Every session ends (the holder logs in again with the new one).
    pub async fn change_password(&self, user_id: i64, current: &str, new: &str) -> Result<(), PortalError> {
        if current == new {
            return Err(PortalError::bad_request("新密码不能与当前密码相同 / the new password must differ from the current one"));
        }
        rules::check_password(new)?;
        // Guesses of the current password count like failed logins of the account.
        let user_key = self.user(user_id).await.map_err(internal)?.map(|u| u.username.to_lowercase()).unwrap_or_default();
        if !self.by_user.allow(&user_key) {
            return Err(PortalError::too_many("尝试次数过多，请 15 分钟后再试 / Too many attempts, try again in 15 minutes"));
        }
        let stored: String = sqlx::query("SELECT password_hash FROM staff_users WHERE id = $1")
            .bind(user_id)
            .fetch_one(&self.db.pool)
            .await
            .and_then(|r| r.try_get(0))
            .map_err(internal)?;
        let candidate = current.to_string();
        let verified = tokio::task::spawn_blocking(move || verify_password(&candidate, &stored)).await.map_err(internal_join)?;
        if !verified {
            return Err(PortalError::bad_request("当前密码不正确 / the current password is wrong"));
        }
        self.by_user.forget(&user_key);
        self.store_password(user_id, new, false).await.map_err(internal)
    }

    async fn store_password(&self, id: i64, password: &str, must_change: bool) -> Result<()> {
        rules::check_password(password)?;
        let password = password.to_string();
        let password_hash = tokio::task::spawn_blocking(move || hash_password(&password)).await??;
        let mut tx = self.db.pool.begin().await?;
        sqlx::query("UPDATE staff_users SET password_hash = $2, must_change_password = $3 WHERE id = $1")
            .bind(id)
            .bind(password_hash)
            .bind(i64::from(must_change))
            .execute(&mut *tx)
            .await?;
        end_sessions(&mut tx, id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The units that have an active unit account: only they can work a forwarded case.
    pub async fn staffed_units(&self) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT DISTINCT u.name FROM staff_users s JOIN units u ON u.id = s.unit_id \
             WHERE s.role = $1 AND s.disabled_at IS NULL ORDER BY u.name",
        )
        .bind(Role::Unit.key())
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    pub async fn user_count(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) FROM staff_users").fetch_one(&self.db.pool).await?.try_get(0)?)
    }

    pub async fn users_with_role(&self, role: Role, unit: Option<&str>) -> Result<Vec<StaffUser>> {
        let rows = match unit {
            Some(unit) => {
                sqlx::query(&format!("{USER_SELECT} WHERE s.role = $1 AND u.name = $2 AND s.disabled_at IS NULL ORDER BY s.id"))
                    .bind(role.key())
                    .bind(unit)
                    .fetch_all(&self.db.pool)
                    .await?
            }
            None => {
                sqlx::query(&format!("{USER_SELECT} WHERE s.role = $1 AND s.disabled_at IS NULL ORDER BY s.id"))
                    .bind(role.key())
                    .fetch_all(&self.db.pool)
                    .await?
            }
        };
        rows.iter().map(user_from_row).collect()
    }

    pub async fn user(&self, id: i64) -> Result<Option<StaffUser>> {
        sqlx::query(&format!("{USER_SELECT} WHERE s.id = $1"))
            .bind(id)
            .fetch_optional(&self.db.pool)
            .await?
            .map(|r| user_from_row(&r))
            .transpose()
    }

    /// Returns a new session token. Wrong user names, wrong passwords and disabled
    /// accounts get the same answer; failures are throttled per user name and per
    /// client, counted before the password is checked so parallel guesses count too.
    pub async fn login(&self, username: &str, password: &str, client: &str) -> Result<(String, Session), PortalError> {
        let user_key = username.trim().to_lowercase();
        let user_ok = self.by_user.allow(&user_key);
        let client_ok = self.by_client.allow(client);
        if !user_ok || !client_ok {
            return Err(PortalError::too_many(
                "登录失败次数过多，请 15 分钟后再试 / Too many failed logins, try again in 15 minutes",
            ));
        }
        let row = sqlx::query(&format!("{USER_SELECT} WHERE s.username = $1 AND s.disabled_at IS NULL"))
            .bind(username.trim())
            .fetch_optional(&self.db.pool)
            .await
            .map_err(internal)?;
        let hash: Option<String> = match &row {
            Some(_) => sqlx::query("SELECT password_hash FROM staff_users WHERE username = $1")
                .bind(username.trim())
                .fetch_optional(&self.db.pool)
                .await
                .map_err(internal)?
                .map(|r| r.try_get(0))
                .transpose()
                .map_err(internal)?,
            None => None,
        };
        // Verify against a dummy hash for unknown users, so both cost the same.
        let (candidate, stored) = (password.to_string(), hash.clone().unwrap_or_else(|| DUMMY_HASH.to_string()));
        let verified = tokio::task::spawn_blocking(move || verify_password(&candidate, &stored)).await.map_err(internal_join)?;
        let ok = verified && hash.is_some();
        let user = match (ok, row) {
            (true, Some(row)) => user_from_row(&row).map_err(|e| internal(e))?,
            _ => {
                return Err(PortalError::bad_request("用户名或密码错误 / Wrong user name or password"));
            }
        };
        self.by_user.forget(&user_key);
        self.by_client.release(client);
        let token = random_token();
        let csrf = random_token();
        sqlx::query(
            "INSERT INTO staff_sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash(&token))
        .bind(user.id)
        .bind(&csrf)
        .bind(clock::now())
        .bind(later(SESSION_HOURS))
        .execute(&self.db.pool)
        .await
        .map_err(internal)?;
        Ok((token, Session { user, csrf }))
    }

    /// The session behind a token, for everything but changing the password: an account
    /// that must change its password first has no other use of its session.
    pub async fn session(&self, token: &str) -> Result<Option<Session>> {
        Ok(self.password_session(token).await?.filter(|s| !s.user.must_change_password))
    }

    /// The session behind a token, also of an account that must change its password.
    pub async fn password_session(&self, token: &str) -> Result<Option<Session>> {
        let hash = token_hash(token);
        let row = sqlx::query(
            "SELECT t.user_id, t.csrf_token, COALESCE(t.last_seen, t.created_at) FROM staff_sessions t JOIN staff_users s ON s.id = t.user_id \
             WHERE t.token_hash = $1 AND t.ended_at IS NULL AND t.expires_at > $2 AND s.disabled_at IS NULL",
        )
        .bind(&hash)
        .bind(clock::now())
        .fetch_optional(&self.db.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let user_id: i64 = row.try_get(0)?;
        let csrf: String = row.try_get(1)?;
        let last_seen: String = row.try_get(2)?;
        // Idle for longer than the idle limit: the session ends (an unattended screen).
        if last_seen < clock::minutes_ago(IDLE_MINUTES) {
            sqlx::query("UPDATE staff_sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL")
                .bind(&hash)
                .bind(clock::now())
                .execute(&self.db.pool)
                .await?;
            return Ok(None);
        }
        // At most one write a minute per session.
        if last_seen < clock::minutes_ago(1) {
            sqlx::query("UPDATE staff_sessions SET last_seen = $2 WHERE token_hash = $1").bind(&hash).bind(clock::now()).execute(&self.db.pool).await?;
        }
        Ok(self.user(user_id).await?.map(|user| Session { user, csrf }))
    }

    /// The session behind a page request's cookie, `None` without one.
    pub async fn session_of_cookie(&self, cookie: Option<String>) -> Result<Option<Session>, PortalError> {
        match cookie {
            None => Ok(None),
            Some(token) => self.session(&token).await.map_err(internal),
        }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub async fn logout(&self, token: &str) -> Result<()> {
        sqlx::query("UPDATE staff_sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL")
            .bind(token_hash(token))
            .bind(clock::now())
            .execute(&self.db.pool)
            .await?;
        Ok(())
    }
}

pub(crate) async fn end_sessions(conn: &mut sqlx::AnyConnection, user_id: i64) -> Result<()> {
    sqlx::query("UPDATE staff_sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL")
        .bind(user_id)
        .bind(clock::now())
        .execute(conn)
        .await?;
    Ok(())
}

/// A staff session ends after this long without a request (beside its 8-hour limit).
pub const IDLE_MINUTES: i64 = 30;

const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Zb6MwhF3t6/5Z1qPqmG2pX9bwGz0L7g8b4cZ9UeQz5E";



fn internal_join(e: tokio::task::JoinError) -> PortalError {
    internal(anyhow::Error::new(e))
}
