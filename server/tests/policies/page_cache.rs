//! The search page sent again as rendered (`web::page_cache`) and the JSON API's kept
//! answers (`web::answers`): never staler than the index, never one nonce twice.

use qingdan::platform::sheet;

use crate::common::{self, csv_bytes, encode, get, request, FULL_HEADER};
use crate::ranking::{portal_with, row};

fn nonce_of(csp: &str) -> String {
    let start = csp.find("'nonce-").expect("the page's policy names a nonce") + "'nonce-".len();
    csp[start..start + csp[start..].find('\'').unwrap()].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_page_sent_again_has_its_own_nonce_and_the_latest_list() {
    let db = common::sqlite();
    let portal = portal_with(
        &db,
        &[row("K-1", "灯塔渔港补助", "支持灯塔渔港建设。", ("区测发〔2024〕51号", "有效"), "2024-01-15", "")],
    )
    .await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;
    let path = format!("/search?q={}", encode("灯塔渔港"));
    let searches = || portal.policies.index.search_duration.snapshot().count;
    let first = get(addr, &path).await;
    let searched = searches();
    let again = get(addr, &path).await;
    assert_eq!(searches(), searched, "the page was sent again without searching");
    assert_eq!((first.status, again.status), (200, 200));
    let (n1, n2) = (nonce_of(first.header("content-security-policy").unwrap()), nonce_of(again.header("content-security-policy").unwrap()));
    assert_ne!(n1, n2, "each answer has its own nonce");
    let (t1, t2) = (first.text(), again.text());
    assert!(t1.contains(&format!("nonce=\"{n1}\"")) && t2.contains(&format!("nonce=\"{n2}\"")), "the scripts carry the header's nonce");
    assert!(!t2.contains(&n1), "no trace of another answer's nonce");
    let rendered_once = |t: &str, n: &str| t.matches(n).count();
    assert!(rendered_once(&t2, &n2) >= 2, "the fresh nonce is on every script and preload link");
    assert_eq!(t1.replace(&n1, "N"), t2.replace(&n2, "N"), "the same page");
    assert!(t2.contains("灯塔渔港补助"));
    assert_eq!(again.header("cache-control"), Some("no-cache"), "browsers still revalidate");

    // An import shows at once: the kept page is from an older index.
    let more = [row("K-2", "灯塔渔港冷链奖励", "支持灯塔渔港冷链。", ("区测发〔2024〕52号", "有效"), "2024-02-15", "")];
    let sheet = sheet::read_csv(&csv_bytes(FULL_HEADER, &more)).expect("csv");
    portal.policies.import_sheet(&sheet).await.expect("import");
    let after = get(addr, &path).await;
    assert!(searches() > searched, "a newer index is searched");
    assert!(after.text().contains("灯塔渔港冷链奖励"), "the page shows the import at once");
    let api = get(addr, &format!("/api/v1/policies?q={}", encode("灯塔渔港"))).await.json();
    assert_eq!(api["total"], 2);
    let api_again = get(addr, &format!("/api/v1/policies?q={}", encode("灯塔渔港"))).await.json();
    assert_eq!(api, api_again, "the kept answer is the answer");
    let more = [row("K-3", "灯塔渔港航道补助", "支持灯塔渔港航道。", ("区测发〔2024〕53号", "有效"), "2024-03-15", "")];
    let sheet = sheet::read_csv(&csv_bytes(FULL_HEADER, &more)).expect("csv");
    portal.policies.import_sheet(&sheet).await.expect("import");
    let api = get(addr, &format!("/api/v1/policies?q={}", encode("灯塔渔港"))).await.json();
    assert_eq!(api["total"], 3, "the API answers from the new index at once");

    // A request with a cookie (a session, a flash message) is rendered for it.
    let before = searches();
    let with_cookie = request(addr, "GET", &path, &[("Cookie", "qingdan_flash=x".into())], Vec::new()).await;
    assert_eq!(with_cookie.status, 200);
    assert!(searches() > before, "rendered for this request");
    assert!(with_cookie.text().contains("灯塔渔港航道补助"));

    // `Cache-Control: no-cache` (or `Pragma: no-cache`) asks the API for an answer
    // computed now: the same answer, but searched again.
    let api_path = format!("/api/v1/policies?q={}&limit=5", encode("灯塔渔港"));
    let kept = get(addr, &api_path).await.text();
    let before = searches();
    assert_eq!(get(addr, &api_path).await.text(), kept);
    assert_eq!(searches(), before, "a plain request again is answered from memory");
    for (name, value) in [("Cache-Control", "no-cache"), ("Cache-Control", "max-age=0, No-Cache"), ("Pragma", "no-cache")] {
        let fresh = request(addr, "GET", &api_path, &[(name, value.into())], Vec::new()).await;
        assert_eq!((fresh.status, fresh.text()), (200, kept.clone()), "{name}: {value}");
    }
    assert_eq!(searches(), before + 3, "each no-cache request searched");
    let cached = request(addr, "GET", &api_path, &[("Cache-Control", "max-age=60".into())], Vec::new()).await;
    assert_eq!(cached.text(), kept);
    assert_eq!(searches(), before + 3, "other directives still take the kept answer");
}
