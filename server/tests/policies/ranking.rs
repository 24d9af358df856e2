//! What a person searching notices: policies in force first, earlier versions folded
//! under the current one (with exact paging and totals), a flagged fallback to some of
//! the words, and queries typed in pinyin. On SQLite and PostgreSQL, each over a small
//! list made in the test.

use std::collections::BTreeSet;
use std::sync::Arc;

use qingdan::platform::sheet;
use qingdan::state::AppState;

use crate::common::{self, all_hits, codes, csv_bytes, folded_hits, good_row, get, params, q, set, Row, TestDb, FULL_HEADER};

/// A policy of its own document; `until` empty for no end date.
pub fn row(code: &str, title: &str, content: &str, document: (&str, &str), from: &str, until: &str) -> Row {
    let (number, status) = document;
    let mut r = good_row(code);
    for (column, value) in [
        ("政策名称", title),
        ("政策内容", content),
        ("文号", number),
        ("文件名称", &format!("关于{number}的通知")),
        ("文件状态", status),
        ("发布日期", &format!("{}-01-05", &from[..4])),
        ("生效日期", from),
        ("失效日期", until),
    ] {
        r = set(r, column, value);
    }
    r
}

pub async fn portal_with(db: &TestDb, rows: &[Row]) -> Arc<AppState> {
    let portal = db.portal(false).await;
    let sheet = sheet::read_csv(&csv_bytes(FULL_HEADER, rows)).expect("csv");
    portal.policies.import_sheet(&sheet).await.expect("import");
    portal
}

fn shown(portal: &AppState, raw: &str) -> Vec<String> {
    let found = portal.policies.index.search(&params(raw), &common::today(), common::year()).expect("search");
    found.hits.into_iter().map(|h| h.code).collect()
}

on_both_engines!(
    in_force_ranks_above_expired,
    versions_fold_under_the_current_one,
    a_newer_version_that_lost_its_force_is_listed,
    partial_matches_say_so,
    pinyin_finds_chinese_words
);

/// An expired or void policy whose title has the words ranks below a policy in force
/// that only mentions them once; one not yet in force sits between. Counts and facets
/// are those of the unordered search.
async fn in_force_ranks_above_expired(db: &TestDb) {
    let strong = "海燕远航计划支持海燕远航，海燕远航企业可申请。";
    let portal = portal_with(
        db,
        &[
            row("F-EXP", "海燕远航专项补贴", strong, ("区测发〔2018〕1号", "有效"), "2018-03-01", "2020-12-31"),
            row("F-VOID", "海燕远航发展奖励", strong, ("区测发〔2019〕2号", "已失效"), "2019-03-01", ""),
            row("F-NEW", "海燕远航预备资助", strong, ("区测发〔2024〕9号", "有效"), "2099-01-01", ""),
            row("F-NOW", "港口综合扶持", "对港口企业给予扶持，含海燕远航相关企业。", ("区测发〔2024〕3号", "有效"), "2024-01-15", ""),
        ],
    )
    .await;
    let found = portal.policies.index.search(&q("海燕远航"), &common::today(), common::year()).unwrap();
    let order: Vec<&str> = found.hits.iter().map(|h| h.code.as_str()).collect();
    assert_eq!(found.total, 4);
    assert_eq!(&order[..2], ["F-NOW", "F-NEW"], "in force first, then not yet in force: {order:?}");
    assert_eq!(order[2..].iter().copied().collect::<BTreeSet<_>>(), BTreeSet::from(["F-EXP", "F-VOID"]));
    assert!(found.hits[0].in_force && !found.hits[1].in_force);
    let in_force: Vec<(String, u32)> = found.facets.in_force.iter().map(|f| (f.value.clone(), f.count)).collect();
    assert_eq!(in_force, vec![("已失效".to_string(), 3), ("有效".to_string(), 1)], "facets count every hit");
    // Filtered to those not in force, the one still to come ranks first.
    assert_eq!(shown(&portal, "q=海燕远航&in_force=false")[0], "F-NEW");
    // Without words the same tiers order the list.
    assert_eq!(shown(&portal, "")[..2], ["F-NOW", "F-NEW"]);
}

fn fishing_port_rows() -> Vec<Row> {
    let mut rows = vec![
        row("A-2019", "渔港升级改造补助", "支持渔港建设，蓝鳍渔船优先。", ("区测发〔2019〕11号", "已修订"), "2019-03-01", "2021-12-31"),
        row("A-2022", "渔港升级改造补助", "支持渔港建设。", ("区测发〔2022〕12号", "已修订"), "2022-03-01", "2023-12-31"),
        row("A-2024", "渔港升级改造补助", "支持渔港建设。", ("区测发〔2024〕13号", "有效"), "2024-03-01", ""),
        row("B-2020", "渔港冷链物流奖励", "支持渔港冷链。", ("区测发〔2020〕14号", "已修订"), "2020-03-01", "2022-12-31"),
        // The same title in traditional characters and full-width punctuation.
        row("B-2025", "漁港冷鏈物流獎勵！", "支持渔港冷链。", ("区测发〔2025〕15号", "有效"), "2025-03-01", ""),
    ];
    for (i, name) in ["码头", "航道", "船坞", "灯标", "仓储"].iter().enumerate() {
        let number = format!("区测发〔2023〕2{i}号");
        rows.push(row(&format!("C-{i}"), &format!("渔港{name}建设补助"), "支持渔港建设。", (&number, "有效"), "2023-03-01", ""));
    }
    rows
}

/// Earlier versions (same normalised title, earlier documents) fold under the newest
/// matching one: pages of any size show each policy once, every matching item is shown
/// or folded exactly once, and `total` counts them all; `versions=all` unfolds.
async fn versions_fold_under_the_current_one(db: &TestDb) {
    let portal = portal_with(db, &fishing_port_rows()).await;
    let index = &portal.policies.index;
    let first = index.search(&q("渔港"), &common::today(), common::year()).unwrap();
    assert_eq!(first.total, 10, "total counts every version");
    assert!(!first.partial);
    let all = folded_hits(index, &q("渔港"), 100);
    let sequence: Vec<String> = all.iter().map(|h| h.code.clone()).collect();
    assert_eq!(sequence.len(), 7, "{sequence:?}");
    for limit in [1, 2, 3, 4] {
        let paged: Vec<String> = folded_hits(index, &q("渔港"), limit).iter().map(|h| h.code.clone()).collect();
        assert_eq!(paged, sequence, "pages of {limit}");
    }
    assert!(all.iter().all(|h| h.in_force), "the current versions are shown: {sequence:?}");
    let a = all.iter().find(|h| h.code == "A-2024").expect("A-2024 is shown");
    let earlier: Vec<(&str, &str, bool)> =
        a.earlier.iter().map(|e| (e.code.as_str(), e.document.number.as_str(), e.matched)).collect();
    assert_eq!(earlier, vec![("A-2022", "区测发〔2022〕12号", true), ("A-2019", "区测发〔2019〕11号", true)]);
    let b = all.iter().find(|h| h.code == "B-2025").expect("B-2025 is shown");
    assert_eq!(b.earlier.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(), vec!["B-2020"]);
    assert!(all.iter().filter(|h| h.code.starts_with("C-")).all(|h| h.earlier.is_empty()));
    // Every version on its own when asked.
    assert_eq!(all_hits(index, &q("渔港")).len(), 10);
    // A word only the oldest version has shows that version; the newer ones are listed,
    // not counted.
    let only_old = index.search(&q("蓝鳍"), &common::today(), common::year()).unwrap();
    assert_eq!((only_old.total, only_old.hits.len()), (1, 1));
    assert_eq!(only_old.hits[0].code, "A-2019");
    let others: Vec<(&str, bool)> = only_old.hits[0].earlier.iter().map(|e| (e.code.as_str(), e.matched)).collect();
    assert_eq!(others, vec![("A-2024", false), ("A-2022", false)]);
    // Filtered to expired ones: the newest expired version of A shows, its older one folds
    // and the current one (not expired, so not matching) is listed.
    let expired = folded_hits(index, &params("q=渔港&in_force=false"), 100);
    assert_eq!(codes(&expired), vec!["A-2022", "B-2020"]);
    let a = expired.iter().find(|h| h.code == "A-2022").unwrap();
    assert_eq!(
        a.earlier.iter().map(|e| (e.code.as_str(), e.matched)).collect::<Vec<_>>(),
        vec![("A-2024", false), ("A-2019", true)]
    );

    // The JSON API and the page.
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;
    let body = get(addr, &format!("/api/v1/policies?q={}&limit=100", common::encode("渔港"))).await.json();
    assert_eq!(body["total"], 10);
    assert_eq!(body["partial"], false);
    let hits = body["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 7);
    let a = hits.iter().find(|h| h["code"] == "A-2024").expect("A-2024 in the API");
    assert_eq!(a["earlier"][0]["code"], "A-2022");
    assert_eq!(a["earlier"][0]["document"]["number"], "区测发〔2022〕12号");
    assert_eq!(a["earlier"][0]["document"]["title"], "关于区测发〔2022〕12号的通知");
    assert_eq!(a["earlier"][1]["code"], "A-2019");
    assert!(hits.iter().filter(|h| h["code"].as_str().unwrap().starts_with("C-")).all(|h| h["earlier"] == serde_json::json!([])));
    let all = get(addr, &format!("/api/v1/policies?q={}&limit=100&versions=all", common::encode("渔港"))).await.json();
    assert_eq!(all["hits"].as_array().unwrap().len(), 10);
    let page = get(addr, &format!("/search?q={}", common::encode("渔港"))).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("其他版本 2 个") && html.contains("其他版本 1 个"), "no folded versions on the page");
    assert!(html.contains("href=\"/policy/A-2022\"") && html.contains("href=\"/policy/A-2019\""), "no links to earlier versions");
}

/// A policy still in force whose newer version has already lost its force (revoked
/// early): the one in force is shown and the newer one, which matches and is counted,
/// is listed under it, so every item the total counts can be found on the page.
async fn a_newer_version_that_lost_its_force_is_listed(db: &TestDb) {
    let portal = portal_with(
        db,
        &[
            row("D-2019", "远洋渔船贷款贴息", "对远洋渔船贷款给予贴息。", ("区测发〔2019〕41号", "有效"), "2019-03-01", ""),
            row("D-2021", "远洋渔船贷款贴息", "对远洋渔船贷款给予贴息。", ("区测发〔2021〕42号", "已失效"), "2021-03-01", "2022-06-30"),
            row("E-2020", "远洋捕捞奖励", "远洋捕捞企业贷款贴息。", ("区测发〔2020〕43号", "有效"), "2020-03-01", ""),
        ],
    )
    .await;
    let found = portal.policies.index.search(&q("贴息"), &common::today(), common::year()).unwrap();
    assert_eq!(found.total, 3, "every version counted");
    let d = found.hits.iter().find(|h| h.code.starts_with("D-")).expect("the D policy is shown");
    assert_eq!(d.code, "D-2019", "the version in force is shown");
    let others: Vec<(&str, bool, bool)> = d.earlier.iter().map(|e| (e.code.as_str(), e.matched, e.in_force)).collect();
    assert_eq!(others, vec![("D-2021", true, false)], "the newer, expired version is listed");
    let weight: usize = found.hits.iter().map(|h| 1 + h.earlier.iter().filter(|e| e.matched).count()).sum();
    assert_eq!(weight as u32, found.total, "shown plus folded is the total");
}

/// No item has every word: items with some of them come, those with more first, and
/// the answer says so; when an item has every word nothing is flagged.
async fn partial_matches_say_so(db: &TestDb) {
    let portal = portal_with(
        db,
        &[
            row("P-1", "海鸥灯塔观光补助", "支持海鸥灯塔观光。", ("区测发〔2024〕31号", "有效"), "2024-01-15", ""),
            row("P-2", "珊瑚养护奖励", "支持珊瑚养护。", ("区测发〔2024〕32号", "有效"), "2024-01-15", ""),
            row("P-3", "海鸥海鸥保护资助", "海鸥海鸥海鸥海鸥海鸥。", ("区测发〔2024〕33号", "有效"), "2024-01-15", ""),
            row("P-4", "港区道路养护", "道路。", ("区测发〔2024〕34号", "有效"), "2024-01-15", ""),
        ],
    )
    .await;
    let (today, year) = (common::today(), common::year());
    let some = portal.policies.index.search(&q("海鸥 灯塔 珊瑚"), &today, year).unwrap();
    assert!(some.partial, "no item has all three words");
    assert_eq!(some.total, 3);
    assert_eq!(some.hits[0].code, "P-1", "two of the words before one, however often that one occurs");
    assert_eq!(codes(&some.hits[1..]), vec!["P-2", "P-3"]);
    let every = portal.policies.index.search(&q("海鸥 灯塔"), &today, year).unwrap();
    assert!(!every.partial);
    assert_eq!(codes(&every.hits), vec!["P-1"]);
    let none = portal.policies.index.search(&q("企鹅 冰川"), &today, year).unwrap();
    assert!(!none.partial && none.total == 0);
    let one = portal.policies.index.search(&q("珊瑚"), &today, year).unwrap();
    assert!(!one.partial && one.total == 1);

    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;
    let body = get(addr, &format!("/api/v1/policies?q={}", common::encode("海鸥 灯塔 珊瑚"))).await.json();
    assert_eq!(body["partial"], true);
    assert_eq!(body["hits"][0]["code"], "P-1");
    let body = get(addr, &format!("/api/v1/policies?q={}", common::encode("海鸥 灯塔"))).await.json();
    assert_eq!(body["partial"], false);
    let notice = "没有同时包含全部词语的结果，以下结果只包含部分词语";
    let html = get(addr, &format!("/search?q={}", common::encode("海鸥 灯塔 珊瑚"))).await.text();
    assert!(html.contains(notice), "the page says the hits contain only some words");
    let html = get(addr, &format!("/search?q={}", common::encode("海鸥 灯塔"))).await.text();
    assert!(!html.contains(notice));
}

/// Pinyin without tones finds the Chinese words of titles, typed together or apart;
/// Latin words still match as words and do not turn into pinyin noise.
async fn pinyin_finds_chinese_words(db: &TestDb) {
    let portal = portal_with(
        db,
        &[
            row("Y-1", "研发投入补贴", "支持企业。", ("区测发〔2024〕41号", "有效"), "2024-01-15", ""),
            row("Y-2", "SaaS 云服务奖励", "鼓励上云。", ("区测发〔2024〕42号", "有效"), "2024-01-15", ""),
            row("Y-3", "ISO 体系认证资助", "支持认证。", ("区测发〔2024〕43号", "有效"), "2024-01-15", ""),
            row("Y-4", "人才公寓租金减免", "减免租金。", ("区测发〔2024〕44号", "有效"), "2024-01-15", ""),
        ],
    )
    .await;
    let find = |query: &str| codes(&all_hits(&portal.policies.index, &q(query)));
    for query in ["butie", "bu tie", "BuTie", "yanfa", "yan fa", "yanfatouru", "yan fa tou ru bu tie", "研发"] {
        assert_eq!(find(query), vec!["Y-1"], "{query}");
    }
    assert_eq!(find("zujin"), vec!["Y-4"]);
    assert_eq!(find("SaaS"), vec!["Y-2"]);
    assert_eq!(find("saas"), vec!["Y-2"]);
    assert_eq!(find("ISO"), vec!["Y-3"]);
    assert!(find("tiebu").is_empty(), "syllables in the wrong order are not the word");
    assert!(find("yanfabutie").is_empty(), "研发补贴 is not 研发投入补贴: every pair must be there");
}
