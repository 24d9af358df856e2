//! `qingdan user add` and the admin desk apply one set of account rules: each bad
//! account below is refused by both, with the same message, and nothing is written.

use std::process::Command;

use app::complaints::model::Role;
use qingdan::admin::service::AdminAction;
use qingdan::platform::units;
use qingdan::staff::rules::NewAccount;

use crate::common::TestDb;

const PASSWORD: &str = "correct-horse-42";
const UNIT: &str = "区商务局";

fn account(username: &str, role: Option<Role>, unit: &str, email: &str, password: &str) -> NewAccount {
    NewAccount {
        username: username.into(),
        display_name: String::new(),
        role,
        unit: unit.into(),
        email: email.into(),
        password: password.into(),
    }
}

/// `qingdan user add` for `account`; its exit status and stderr.
fn cli_add(db: &TestDb, a: &NewAccount) -> (bool, String) {
    let mut args = vec!["user".to_string(), "add".to_string()];
    if let Some(role) = a.role {
        args.extend(["--role".into(), role.key().into()]);
    }
    if !a.unit.is_empty() {
        args.extend(["--unit".into(), a.unit.clone()]);
    }
    if !a.email.is_empty() {
        args.extend(["--email".into(), a.email.clone()]);
    }
    args.push(a.username.clone());
    let out = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(&args)
        .current_dir(db.data_dir())
        .env("QINGDAN_DATA_DIR", db.data_dir())
        .env("QINGDAN_DATABASE_URL", &db.url)
        .env("QINGDAN_SAMPLE_DATA", "0")
        .env("QINGDAN_PASSWORD", &a.password)
        .env_remove("QINGDAN_LOG")
        .output()
        .expect("the qingdan binary runs");
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

on_both_engines!(cli_and_desk_refuse_the_same_accounts);

async fn cli_and_desk_refuse_the_same_accounts(db: &TestDb) {
    let portal = db.portal(false).await;
    units::add(&portal.db, UNIT).await.unwrap();
    portal.accounts.add(&account("root", Some(Role::Admin), "", "", PASSWORD)).await.expect("first admin");
    let (_, session) = portal.accounts.login("root", PASSWORD, "192.0.2.1").await.expect("admin logs in");
    let users_before = portal.accounts.user_count().await.unwrap();
    let units_before = units::names(&portal.db).await.unwrap();

    let bad = [
        ("a unit that does not exist", account("u1", Some(Role::Unit), "区不存在局", "", PASSWORD)),
        ("a commission account with a unit", account("c1", Some(Role::Commission), UNIT, "", PASSWORD)),
        ("an admin account with a unit", account("a1", Some(Role::Admin), UNIT, "", PASSWORD)),
        ("a unit account without its unit", account("u2", Some(Role::Unit), "", "", PASSWORD)),
        ("no role", account("n1", None, "", "", PASSWORD)),
        ("a short password", account("c2", Some(Role::Commission), "", "", "short")),
        ("a malformed e-mail", account("c3", Some(Role::Commission), "", "not an address", PASSWORD)),
        ("a user name with spaces", account("zhang san", Some(Role::Commission), "", "", PASSWORD)),
        ("a taken user name", account("root", Some(Role::Commission), "", "", PASSWORD)),
    ];
    for (what, a) in &bad {
        let desk = portal.admin.admin_act(&session, AdminAction::AddUser(a.clone())).await;
        let desk_message = match desk {
            Err(e) => {
                assert_eq!(e.status(), 400, "{what}: the desk's refusal is a bad request: {e:?}");
                e.message().to_string()
            }
            Ok(m) => panic!("{what}: the admin desk accepted it ({m})"),
        };
        let (ok, stderr) = cli_add(db, a);
        assert!(!ok, "{what}: the command line accepted it");
        assert!(stderr.contains(&desk_message), "{what}: the CLI said {stderr:?}, the desk said {desk_message:?}");
    }
    assert_eq!(portal.accounts.user_count().await.unwrap(), users_before, "a refused account was written");
    assert_eq!(units::names(&portal.db).await.unwrap(), units_before, "a refused account created a unit");

    // The same good accounts pass both ways.
    let (ok, stderr) = cli_add(db, &account("swj", Some(Role::Unit), UNIT, "swj@example.org", PASSWORD));
    assert!(ok, "the CLI refused a good account: {stderr}");
    portal
        .admin
        .admin_act(&session, AdminAction::AddUser(account("jw", Some(Role::Commission), "", "", PASSWORD)))
        .await
        .expect("the desk accepts a good account");
    assert_eq!(portal.accounts.user_count().await.unwrap(), users_before + 2);
}
