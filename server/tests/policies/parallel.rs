//! A large search is cut into parts (segments, or ranges of a segment) that the search
//! pool walks at once (`platform::search::collect`). Cut into many small parts, a list
//! spread over several segments gives exactly the answers of one walk: totals, facet
//! counts, the order of the hits and the versions folded under them. Versions of one
//! policy that start on the same day sit in different segments here: which of them
//! stands for the policy must not depend on the page asked for (it once did, and a
//! policy showed on two pages).

use qingdan::platform::search::collect::split_searches;
use qingdan::platform::sheet;

use crate::common::{self, csv_bytes, folded_hits, params, FULL_HEADER};
use crate::ranking::row;

const TITLES: &[&str] = &["研发投入补助", "贷款贴息支持", "人才公寓租金补贴", "首台套奖励", "跨境电商扶持", "技术改造补助"];
const CATEGORIES: &[&str] = &["科技创新", "金融支持", "人才服务", "产业发展"];

/// One batch of policies: titles repeat across batches (versions of one policy in
/// several segments), dates, force and categories vary.
fn batch(b: usize) -> Vec<common::Row> {
    (0..150)
        .map(|i| {
            let n = b * 150 + i;
            let title = format!("{}{}", TITLES[n % TITLES.len()], n % 40);
            let content = match n % 3 {
                0 => "对企业研发投入给予补助，并给予贷款贴息。",
                1 => "支持企业技术改造，按投资额给予补助。",
                _ => "为引进人才提供租金补贴。",
            };
            let year = 2016 + (n % 9);
            let until = if n % 7 == 0 { format!("{}-12-31", year + 1) } else { String::new() };
            let number = format!("区测发〔{year}〕{n}号");
            let r = row(&format!("P-{n:04}"), &title, content, (&number, "有效"), &format!("{year}-0{}-01", 1 + n % 9), &until);
            common::set(r, "政策类别", CATEGORIES[n % CATEGORIES.len()])
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searches_cut_into_parts_answer_as_one_walk() {
    let db = common::sqlite();
    let portal = db.portal(false).await;
    for b in 0..4 {
        let sheet = sheet::read_csv(&csv_bytes(FULL_HEADER, &batch(b))).expect("csv");
        portal.policies.import_sheet(&sheet).await.expect("import");
    }
    let index = &portal.policies.index;
    let queries = ["", "补助", "贷款贴息", "研发 补助", "category=金融支持", "q=补贴&in_force=true", "q=补助&in_force=false&category=科技创新"];
    let search = |raw: &str, limit: u32| {
        let mut p = if raw.contains('=') { params(raw) } else { common::q(raw) };
        p.limit = limit;
        index.search(&p, &common::today(), common::year()).expect("search")
    };
    for raw in queries {
        // One walk (the default below 100,000 items), then parts of 25 documents; page
        // sizes differ so that no answer comes from the recent answers.
        split_searches(u32::MAX, u32::MAX);
        let whole = search(raw, 10);
        let whole_pages = folded_hits(index, &if raw.contains('=') { params(raw) } else { common::q(raw) }, 7);
        split_searches(0, 25);
        let parts = search(raw, 11);
        let parts_pages = folded_hits(index, &if raw.contains('=') { params(raw) } else { common::q(raw) }, 9);
        split_searches(100_000, 0);
        assert!(whole.total > 0, "{raw:?} finds something");
        assert_eq!(parts.total, whole.total, "{raw:?}: total");
        assert_eq!(format!("{:?}", parts.facets), format!("{:?}", whole.facets), "{raw:?}: facets");
        let order = |hits: &[app::policies::model::PolicyHit]| -> Vec<(String, Vec<String>)> {
            hits.iter().map(|h| (h.code.clone(), h.earlier.iter().map(|e| e.code.clone()).collect())).collect()
        };
        assert_eq!(order(&parts_pages), order(&whole_pages), "{raw:?}: hits and folded versions");
        assert!(whole_pages.iter().any(|h| !h.earlier.is_empty()) || !raw.is_empty(), "the listing folds versions");
    }
}

