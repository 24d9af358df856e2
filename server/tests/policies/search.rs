//! Search over the bundled sample list: Chinese words, facets, filters, hostile
//! input, normalisation, applicability, and a write being visible to the next search.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

use app::error::PortalError;
use app::policies::query::SearchParams;
use qingdan::platform::db::After;
use qingdan::platform::sheet;
use qingdan::policies::import;
use qingdan::state::AppState;
use qingdan::platform::search::segment::normalize;
use qingdan::policies::model::ItemRecord;

use crate::common::{self, all_hits, codes, csv_bytes, good_row, params, q, set, TestDb, FULL_HEADER};

async fn sample_portal() -> (TestDb, Arc<AppState>) {
    let db = common::sqlite();
    let portal = db.portal(true).await;
    assert!(portal.policies.store.policy_count().await.unwrap() > 300, "the sample list is loaded");
    (db, portal)
}

async fn items_by_code(portal: &AppState) -> HashMap<String, ItemRecord> {
    portal.policies.store.page(&After::default(), 1_000_000).await.unwrap().into_iter().map(|i| (i.code.clone(), i)).collect()
}

/// The normalised text the index holds for an item (title and body fields).
fn indexed_text(item: &ItemRecord) -> String {
    normalize(
        &[
            item.title.as_str(),
            &item.content,
            &item.category,
            &item.support_type,
            &item.delivery,
            &item.document.title,
            &item.document.number,
            &item.document.issuing_unit,
            &item.executing_unit,
            &item.conditions.industries.join(" "),
            &item.conditions.regions.join(" "),
            &item.conditions.qualifications.join(" "),
        ]
        .join("\n"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_character_words_inside_longer_words() {
    let (_db, portal) = sample_portal().await;
    let items = items_by_code(&portal).await;
    for word in ["补贴", "贴息", "农业", "上市"] {
        let hits = all_hits(&portal.policies.index, &q(word));
        assert!(!hits.is_empty(), "{word} finds nothing");
        // Precision: every hit really has the word.
        for hit in &hits {
            let item = &items[&hit.code];
            assert!(
                indexed_text(item).contains(word),
                "{word} found {} 「{}」 which does not contain it",
                hit.code,
                hit.title
            );
        }
        // Recall: every policy whose title or content has the word, even inside a
        // longer word (研发补贴资金, 贷款贴息, 现代农业园区, 上市挂牌), is found.
        let found: BTreeSet<&str> = hits.iter().map(|h| h.code.as_str()).collect();
        let expected: Vec<&str> = items
            .values()
            .filter(|i| normalize(&format!("{}\n{}", i.title, i.content)).contains(word))
            .map(|i| i.code.as_str())
            .collect();
        assert!(!expected.is_empty());
        let missed: Vec<&&str> = expected.iter().filter(|c| !found.contains(**c)).collect();
        assert!(missed.is_empty(), "{word} misses {missed:?}");
        // Hits whose title has the word come first.
        let first = &hits[0];
        assert!(
            normalize(&first.title).contains(word) || !hits.iter().any(|h| normalize(&h.title).contains(word)),
            "{word}: best hit {} 「{}」 does not have it in its title though others do",
            first.code,
            first.title
        );
        // The snippet marks the word.
        let marked = hits.iter().filter(|h| h.snippet.iter().any(|p| p.hit)).count();
        assert!(marked > 0, "{word}: no snippet marks anything");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn facets_match_filtered_totals() {
    let (_db, portal) = sample_portal().await;
    let (today, year) = (common::today(), common::year());
    for query in ["", "补贴"] {
        let base = q(query);
        let unfiltered = portal.policies.index.search(&base, &today, year).unwrap();
        assert!(unfiltered.total > 0);
        let facet_total: u32 = unfiltered.facets.category.iter().map(|f| f.count).sum();
        assert_eq!(facet_total, unfiltered.total, "category facets add up to the total for {query:?}");
        let tech = unfiltered
            .facets
            .category
            .iter()
            .find(|f| f.value == "科技创新")
            .unwrap_or_else(|| panic!("no 科技创新 facet for {query:?}"));
        let filtered = SearchParams { category: Some("科技创新".into()), ..base.clone() };
        let results = portal.policies.index.search(&filtered, &today, year).unwrap();
        assert_eq!(results.total, tech.count, "category=科技创新 for {query:?}");
        assert!(results.hits.iter().all(|h| h.category == "科技创新"));
        // Disjunctive facets: the category filter does not hide other categories.
        assert_eq!(results.facets.category, unfiltered.facets.category);

        let in_force_count = unfiltered.facets.in_force.iter().find(|f| f.value == "有效").map(|f| f.count).unwrap();
        let expired_count = unfiltered.facets.in_force.iter().find(|f| f.value == "已失效").map(|f| f.count).unwrap_or(0);
        assert_eq!(in_force_count + expired_count, unfiltered.total);
        let only_in_force = all_hits(&portal.policies.index, &SearchParams { in_force: Some(true), ..base.clone() });
        assert_eq!(only_in_force.len() as u32, in_force_count);
        assert!(only_in_force.iter().all(|h| h.in_force), "in_force=true leaves out expired policies");
        let everything = all_hits(&portal.policies.index, &base);
        assert_eq!(everything.iter().filter(|h| !h.in_force).count() as u32, expired_count);
        if query.is_empty() {
            assert!(expired_count > 0, "the sample has expired policies, and search finds them");
            // In force first, then newest first, for an empty query.
            for pair in everything.windows(2) {
                assert!(pair[0].in_force || !pair[1].in_force, "{} before {}", pair[0].code, pair[1].code);
                if pair[0].in_force == pair[1].in_force && pair[0].in_force {
                    assert!(pair[0].valid_from >= pair[1].valid_from, "{} before {}", pair[0].code, pair[1].code);
                }
            }
        }
    }
    // Paging does not repeat or skip.
    let p1 = portal.policies.index.search(&params("q=补贴&limit=10&page=1"), &today, year).unwrap();
    let p2 = portal.policies.index.search(&params("q=补贴&limit=10&page=2"), &today, year).unwrap();
    assert_eq!(p1.hits.len(), 10);
    let first: BTreeSet<_> = p1.hits.iter().map(|h| &h.code).collect();
    assert!(p2.hits.iter().all(|h| !first.contains(&h.code)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_queries_degrade_to_plain_words() {
    let (_db, portal) = sample_portal().await;
    let (today, year) = (common::today(), common::year());
    let long = "税".repeat(5000);
    let hostile = [
        "\"",
        "AND OR",
        "title:(",
        "<script>alert(1)</script>",
        "补贴 AND (贴息 OR",
        "*",
        "补贴~2^3",
        "code:ZC-2017-001-01",
        "\\",
        "'; DROP TABLE policy_items; --",
        "\u{0}",
        long.as_str(),
    ];
    for query in hostile {
        let shown: String = query.chars().take(20).collect();
        // Straight to the search service…
        match portal.policies.index.search(&q(query), &today, year) {
            Ok(r) => assert!(r.hits.len() as u32 <= r.total, "{shown}"),
            Err(PortalError::BadRequest(m)) => assert!(!m.is_empty()),
            Err(other) => panic!("{shown:?} gave {other:?}"),
        }
        // …and through the URL parser the pages and the API use.
        match SearchParams::from_query(&format!("q={}", common::encode(query))) {
            Ok(p) => {
                let r = portal.policies.index.search(&p, &today, year);
                assert!(r.is_ok(), "{shown:?} gave {r:?}");
            }
            Err(e) => assert!(matches!(e, PortalError::BadRequest(_)), "{shown:?} gave {e:?}"),
        }
    }
    assert!(matches!(portal.policies.index.search(&q(&long), &today, year), Err(PortalError::BadRequest(_))));
    // Operators are words, not syntax: "AND OR" is not an error and not everything.
    let all = portal.policies.index.search(&q(""), &today, year).unwrap().total;
    let r = portal.policies.index.search(&q("title:("), &today, year).unwrap();
    assert!(r.total < all);
    // The table survived the injection attempt.
    assert_eq!(portal.policies.store.policy_count().await.unwrap() as u32, all);
    // A real word next to junk still finds it.
    let junk = portal.policies.index.search(&q("贴息\"))"), &today, year).unwrap();
    let clean = portal.policies.index.search(&q("贴息"), &today, year).unwrap();
    assert_eq!(junk.total, clean.total);
    assert!(clean.total > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traditional_and_full_width_queries() {
    let (_db, portal) = sample_portal().await;
    let simplified = all_hits(&portal.policies.index, &q("税费减免"));
    assert!(!simplified.is_empty());
    let traditional = all_hits(&portal.policies.index, &q("稅費減免"));
    assert_eq!(codes(&traditional), codes(&simplified), "稅費減免 finds what 税费减免 finds");

    let half = all_hits(&portal.policies.index, &q("LPR"));
    assert!(!half.is_empty(), "the sample mentions LPR");
    let full = all_hits(&portal.policies.index, &q("ＬＰＲ"));
    assert_eq!(codes(&full), codes(&half), "full-width ＬＰＲ finds what LPR finds");
    let lower = all_hits(&portal.policies.index, &q("lpr"));
    assert_eq!(codes(&lower), codes(&half));
    let items = items_by_code(&portal).await;
    for hit in &full {
        assert!(indexed_text(&items[&hit.code]).contains("lpr"), "{}", hit.code);
    }
    // Full-width punctuation and the ideographic space separate words.
    let spaced = portal.policies.index.search(&q("贷款　贴息！"), &common::today(), common::year()).unwrap();
    assert!(spaced.total > 0);
    let ascii = portal.policies.index.search(&q("贷款 贴息"), &common::today(), common::year()).unwrap();
    assert_eq!(spaced.total, ascii.total);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn applicability_of_a_large_manufacturer_without_qualifications() {
    let (_db, portal) = sample_portal().await;
    let items = items_by_code(&portal).await;
    let p = params("industry=%E5%88%B6%E9%80%A0%E4%B8%9A&size=%E5%A4%A7%E5%9E%8B&region=%E9%BB%84%E5%B2%9B%E8%A1%97%E9%81%93&qualification=%E6%97%A0&founded=2000");
    assert_eq!(p.profile.industry.as_deref(), Some("制造业"));
    assert_eq!(p.profile.qualifications, vec!["无"]);
    let hits = all_hits(&portal.policies.index, &p);
    assert_eq!(hits.len(), items.len(), "a profile ranks and explains; it does not hide");
    let (mut yes, mut expired, mut needs_qualification) = (0, 0, 0);
    for hit in &hits {
        let item = &items[&hit.code];
        assert!(!hit.verdict.reasons.is_empty(), "{} has no reasons", hit.code);
        if !hit.in_force {
            expired += 1;
            assert_eq!(hit.verdict.applicable, Some(false), "expired {} is applicable", hit.code);
            assert!(hit.verdict.reasons.iter().any(|r| r.text.contains("失效")), "{:?}", hit.verdict);
        }
        if !item.conditions.qualifications.is_empty() {
            needs_qualification += 1;
            assert_eq!(hit.verdict.applicable, Some(false), "{} needs {:?}", hit.code, item.conditions.qualifications);
            assert!(
                hit.verdict.reasons.iter().any(|r| r.text.contains(&item.conditions.qualifications[0])),
                "{}: the miss names the qualification: {:?}",
                hit.code,
                hit.verdict
            );
        }
        if !item.conditions.industries.is_empty() && !item.conditions.industries.iter().any(|i| i == "制造业") {
            assert_eq!(hit.verdict.applicable, Some(false), "{} is for {:?}", hit.code, item.conditions.industries);
        }
        if !item.conditions.sizes.is_empty() && !item.conditions.sizes.iter().any(|s| s == "大型") {
            assert_eq!(hit.verdict.applicable, Some(false), "{} is for {:?}", hit.code, item.conditions.sizes);
        }
        let unrestricted = item.conditions == app::policies::model::Conditions::default();
        if hit.in_force && unrestricted {
            assert_eq!(hit.verdict.applicable, Some(true), "{} has no conditions", hit.code);
        }
        if hit.verdict.applicable == Some(true) {
            yes += 1;
            assert!(hit.in_force);
        }
    }
    assert!(expired > 0 && needs_qualification > 0 && yes > 0, "expired {expired}, qualified {needs_qualification}, yes {yes}");

    // Without a profile there is no verdict at all.
    let plain = portal.policies.index.search(&q("补贴"), &common::today(), common::year()).unwrap();
    assert!(plain.hits.iter().all(|h| h.verdict.applicable.is_none() && h.verdict.reasons.is_empty()));
}

on_both_engines!(writes_are_visible_to_the_next_search);

fn find(portal: &AppState, word: &str) -> Vec<String> {
    codes(&all_hits(&portal.policies.index, &q(word)))
}

fn unique_row(code: &str, title: &str) -> common::Row {
    set(
        set(
            set(set(good_row(code), "政策名称", title), "政策内容", "对符合条件的企业给予一次性奖励，最高十万元。"),
            "文号",
            "区测发〔2099〕1号",
        ),
        "文件名称",
        "关于测试事项的通知",
    )
}

/// Through `AppState::import_sheet`, a new policy is found by the very next search and
/// so is a changed title; a write straight to the database (another process) shows up
/// through the change-feed poller within seconds, on this node and on a second node
/// with its own index.
async fn writes_are_visible_to_the_next_search(db: &TestDb) {
    let portal = db.portal(true).await;
    assert!(portal.policies.store.policy_count().await.unwrap() > 300);
    let (today, year) = (common::today(), common::year());
    assert!(find(&portal, "鲲鹏").is_empty());

    let sheet = sheet::read_csv(&csv_bytes(FULL_HEADER, &[unique_row("V-001", "鲲鹏翼展计划专项奖励")])).unwrap();
    let summary = portal.policies.import_sheet(&sheet).await.expect("import");
    assert_eq!(summary.inserted, 1);
    assert_eq!(find(&portal, "鲲鹏翼展计划"), vec!["V-001"]);
    assert_eq!(find(&portal, "鲲鹏"), vec!["V-001"]);
    let hit = portal.policies.index.search(&q("鲲鹏翼展计划"), &today, year).unwrap().hits.remove(0);
    assert_eq!(hit.title, "鲲鹏翼展计划专项奖励");
    assert_eq!(hit.interpreter.phone, "0532-86990000");

    // A changed title replaces the old one in the index.
    let sheet = sheet::read_csv(&csv_bytes(FULL_HEADER, &[unique_row("V-001", "鸿鹄振翅工程专项奖励")])).unwrap();
    let summary = portal.policies.import_sheet(&sheet).await.expect("re-import");
    assert_eq!(summary.updated, 1);
    assert_eq!(find(&portal, "鸿鹄振翅"), vec!["V-001"]);
    let hit = portal.policies.index.search(&q("鸿鹄振翅"), &today, year).unwrap().hits.remove(0);
    assert_eq!(hit.title, "鸿鹄振翅工程专项奖励");
    assert!(find(&portal, "鲲鹏").is_empty(), "the old title is gone from the index");
    assert!(!find(&portal, "鲲鹏翼展计划").contains(&"V-001".to_string()));
    assert_eq!(portal.policies.index.item_count() as i64, portal.policies.store.policy_count().await.unwrap());

    // A second node: same database, its own index.
    let node_b_dir = tempfile::tempdir().unwrap();
    // Nodes share the database and its key (README: several nodes).
    let node_b_config = qingdan::config::Config { key_file: Some(db.config(true).key_file()), ..common::config_for(node_b_dir.path().to_path_buf(), &db.url, true) };
    let node_b = AppState::start(&node_b_config)
        .await
        .expect("node B starts");
    assert_eq!(find(&node_b, "鸿鹄振翅"), vec!["V-001"], "node B builds its index from the database");
    assert_eq!(node_b.policies.store.policy_count().await.unwrap(), portal.policies.store.policy_count().await.unwrap(), "no second sample load");

    // Written by "another process": straight to the database, no sync.
    let rows = import::validate(
        &sheet::read_csv(&csv_bytes(FULL_HEADER, &[unique_row("V-002", "玄鸟启航工程补助")])).unwrap(),
        &|_, _| {},
    )
    .unwrap();
    portal.policies.store.import(&rows, &|_, _| {}).await.expect("direct import");
    let seen_here = common::eventually(Duration::from_secs(5), || find(&portal, "玄鸟启航") == vec!["V-002"]).await;
    assert!(seen_here, "the poller did not index V-002 within 5 s on this node");
    let seen_there = common::eventually(Duration::from_secs(5), || find(&node_b, "玄鸟启航") == vec!["V-002"]).await;
    assert!(seen_there, "node B did not index V-002 within 5 s");
    // And a change made through node B reaches node A.
    let sheet = sheet::read_csv(&csv_bytes(FULL_HEADER, &[unique_row("V-002", "玄鸟启航工程补助（延续）")])).unwrap();
    node_b.policies.import_sheet(&sheet).await.expect("import on node B");
    let updated = common::eventually(Duration::from_secs(5), || {
        portal
            .policies
            .index
            .search(&q("玄鸟启航"), &common::today(), common::year())
            .map(|r| r.hits.first().map(|h| h.title.clone()) == Some("玄鸟启航工程补助（延续）".to_string()))
            .unwrap_or(false)
    })
    .await;
    assert!(updated, "node A did not see node B's change within 5 s");
}

/// Ranking is bounded: a page past the first 10,000 hits is refused with a clear
/// message before any work is spent, and the last page inside the window answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_past_the_ranked_window_are_refused() {
    let (_db, portal) = sample_portal().await;
    let index = &portal.policies.index;
    let mut p = q("补贴");
    p.offset = qingdan::platform::search::MAX_RANKED as u32;
    let err = index.search(&p, &common::today(), common::year()).unwrap_err();
    assert!(matches!(&err, PortalError::BadRequest(m) if m.contains("10000")), "{err:?}");
    p.offset = qingdan::platform::search::MAX_RANKED as u32 - p.limit;
    let page = index.search(&p, &common::today(), common::year()).expect("the last page inside the window");
    assert!(page.hits.is_empty() && page.total > 0, "hits are counted past the page: {}", page.total);
}

/// Policies in force come first, then those not yet in force, then expired or void
/// ones; ties in relevance fall back to the newest first, then the code: the order of
/// the list with no query, across index segments.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listing_orders_by_force_then_date_then_code() {
    let (_db, portal) = sample_portal().await;
    let items = items_by_code(&portal).await;
    let today = common::today();
    let tier = |code: &str| {
        let item = &items[code];
        if item.in_force(&today) {
            2
        } else if item.document.status != "已失效" && item.valid_from > today {
            1
        } else {
            0
        }
    };
    let hits = all_hits(&portal.policies.index, &params(""));
    assert!(hits.len() > 300);
    assert!(hits.iter().any(|h| tier(&h.code) == 0) && hits.iter().any(|h| tier(&h.code) == 2));
    for pair in hits.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let (ta, tb) = (tier(&a.code), tier(&b.code));
        assert!(
            ta > tb || ta == tb && (a.valid_from > b.valid_from || (a.valid_from == b.valid_from && a.code < b.code)),
            "{} {} before {} {}",
            a.valid_from,
            a.code,
            b.valid_from,
            b.code
        );
    }
}
