//! The English interface (`/en/…`): every public page in English with `<html lang="en">`,
//! the Chinese data marked `lang="zh-CN"`, a language switch that keeps the query, and
//! forms on English pages answered on English pages. The check reads each page as a
//! browser would (Python's html.parser): outside elements marked `lang="zh-CN"`, no
//! visible text and no `aria-label`, `title`, `placeholder` or `alt` holds Chinese, and
//! no link or search form leads to a Chinese page.

use crate::common::{self, encode, get, request};

const FIND_CHINESE: &str = r#"
import sys, json, re
from html.parser import HTMLParser
RESOURCES = ('/api/', '/pkg/', '/open311/', '/style')
VOID = {'area','base','br','col','embed','hr','img','input','link','meta','source','track','wbr','param'}
CJK = re.compile('[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]+')
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.found = []
        self.html_lang = None
    def lang(self):
        for tag, lang in reversed(self.stack):
            if lang is not None:
                return lang
        return self.html_lang
    def skipped(self):
        return any(tag in ('script', 'style', 'title', 'template') for tag, _ in self.stack)
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'html':
            self.html_lang = a.get('lang')
            return
        lang = a.get('lang')
        inherited = lang if lang is not None else self.lang()
        if inherited != 'zh-CN' and not self.skipped():
            for name in ('aria-label', 'title', 'placeholder', 'alt'):
                v = a.get(name) or ''
                if CJK.search(v):
                    self.found.append('<%s %s="%s">' % (tag, name, v))
        link = a.get('href') if tag == 'a' else (a.get('action') if tag == 'form' and (a.get('method') or 'get').lower() == 'get' else None)
        if link and a.get('id') != 'lang-switch' and link.startswith('/') and not link.startswith('//') and not (link == '/en' or link.startswith(('/en/', '/en?'))) \
                and not link.startswith(RESOURCES) and not link.split('?')[0].endswith(('.atom', '.csv', '.xlsx', '.json')):
            self.found.append('link to a Chinese page: <%s %s>' % (tag, link))
        if tag not in VOID:
            self.stack.append((tag, lang))
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()
    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return
    def handle_data(self, data):
        if self.skipped() or self.lang() == 'zh-CN':
            return
        for m in CJK.finditer(data):
            tags = '/'.join(t for t, _ in self.stack[-3:])
            self.found.append('%s: %s' % (tags, data.strip()[:80]))
p = P()
p.feed(sys.stdin.read())
print(json.dumps({'lang': p.html_lang, 'found': p.found}))
"#;

/// The `<html lang>` of a page, every Chinese text outside elements marked Chinese, and
/// every link or search form that leads to a Chinese page.
fn chinese_outside_data(html: &str) -> (String, Vec<String>) {
    let out = common::python(FIND_CHINESE, html.as_bytes());
    assert!(out.status.success(), "python3: {}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the checker's JSON");
    let found = v["found"].as_array().expect("found").iter().map(|s| s.as_str().unwrap_or_default().to_string()).collect();
    (v["lang"].as_str().unwrap_or_default().to_string(), found)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_public_page_has_an_english_interface() {
    let db = common::sqlite();
    let portal = db.portal(true).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;

    let policy = get(addr, "/api/v1/policies?limit=1").await.json()["hits"][0].clone();
    let code = policy["code"].as_str().expect("a policy code").to_string();
    let number = policy["document"]["number"].as_str().expect("a document number").to_string();
    let unit = policy["executing_unit"].as_str().expect("a unit").to_string();
    let service = get(addr, "/api/v1/services?limit=1").await.json()["hits"][0]["code"].as_str().expect("a service").to_string();
    let task = get(addr, "/api/v1/tasks?limit=1").await.json()["hits"][0]["code"].as_str().expect("a task").to_string();
    let pages = [
        "/".to_string(),
        format!("/search?q={}", encode("补贴")),
        format!("/search?q={}&industry={}&size={}", encode("贴息"), encode("制造业"), encode("小型")),
        format!("/policy/{}", encode(&code)),
        format!("/document/{}", encode(&number)),
        format!("/unit/{}", encode(&unit)),
        "/services".to_string(),
        format!("/services?q={}", encode("社保")),
        format!("/service/{}", encode(&service)),
        "/bundle/YJS-01".to_string(),
        "/tasks".to_string(),
        format!("/task/{}", encode(&task)),
        "/tasks/weekly".to_string(),
        "/supervision".to_string(),
        "/notices".to_string(),
        "/dashboard".to_string(),
        "/alerts".to_string(),
        "/report".to_string(),
        format!("/report?policy={}", encode(&code)),
        "/track".to_string(),
        "/no/such/page".to_string(),
    ];
    let mut problems = Vec::new();
    for page in &pages {
        let english = format!("/en{}", if page == "/" { "" } else { page });
        let r = get(addr, &english).await;
        let expected = if page.starts_with("/no/") { 404 } else { 200 };
        assert_eq!(r.status, expected, "{english}");
        let html = r.text();
        let (lang, found) = chinese_outside_data(&html);
        assert_eq!(lang, "en", "{english} is an English page");
        problems.extend(found.into_iter().map(|f| format!("{english}: {f}")));
        // The switch leads to the same page, query kept, in the other language.
        let back = html_attr_of(&html, "lang-switch", "href").unwrap_or_else(|| panic!("{english} has a language switch"));
        assert_eq!(back.replace("&amp;", "&"), *page, "the switch on {english}");

        let r = get(addr, page).await;
        assert_eq!(r.status, expected, "{page}");
        let html = r.text();
        assert!(html.contains("<html lang=\"zh-CN\""), "{page} stays a Chinese page");
        let forth = html_attr_of(&html, "lang-switch", "href").unwrap_or_else(|| panic!("{page} has a language switch"));
        assert_eq!(forth.replace("&amp;", "&"), english, "the switch on {page}");
    }
    assert!(problems.is_empty(), "Chinese outside the data on English pages:\n{}", problems.join("\n"));

    // Staff pages are Chinese only: no switch, no English twin.
    let r = get(addr, "/staff/login").await;
    assert_eq!(r.status, 200);
    assert!(html_attr_of(&r.text(), "lang-switch", "href").is_none(), "the staff login has no language switch");
    assert_eq!(get(addr, "/en/staff/login").await.status, 404);

    // Links on an English page stay in English.
    let html = get(addr, &format!("/en/search?q={}", encode("补贴"))).await.text();
    assert!(html.contains(&format!("href=\"/en/policy/")), "hits link to English policy pages");
    assert!(!html.contains("href=\"/policy/"), "no hit links to a Chinese page");
    // The data stays Chinese, marked as such.
    let html = get(addr, &format!("/en/policy/{}", encode(&code))).await.text();
    assert!(html.contains("lang=\"zh-CN\""), "the policy's data is marked Chinese");
    assert!(html.contains(&common::html_escape(policy["title"].as_str().unwrap())), "the title is shown as it is");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_on_english_pages_answer_in_english() {
    let db = common::sqlite();
    let portal = db.portal(true).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;
    let form = [("Content-Type", "application/x-www-form-urlencoded".to_string())];
    let from = |page: &str| [form[0].clone(), ("Referer", format!("http://{addr}{page}"))];

    // A wrong receipt on the English tracking page comes back to it, with the error.
    let r = request(addr, "POST", "/track", &from("/en/track"), b"receipt=AAAA-BBBB-CCCC-DDDD".to_vec()).await;
    assert_eq!(r.status, 303);
    let to = r.header("location").expect("a redirect").to_string();
    assert!(to.starts_with("/en/track?error="), "{to}");
    let r = request(addr, "POST", "/track", &from("/track"), b"receipt=AAAA-BBBB-CCCC-DDDD".to_vec()).await;
    assert!(r.header("location").is_some_and(|l| l.starts_with("/track?error=")), "Chinese pages stay Chinese");
    // Without a Referer (or from another site's page) the answer is the Chinese page.
    let r = request(addr, "POST", "/track", &form, b"receipt=AAAA-BBBB-CCCC-DDDD".to_vec()).await;
    assert!(r.header("location").is_some_and(|l| l.starts_with("/track?")));

    // A tip filed from the English form gets the English receipt page.
    let body = crate::support::multipart(
        &[
            ("kind", "harming_environment"),
            ("subject_unit", "区商务局"),
            ("description", "英文页面测试：窗口多次要求企业补交同一份材料"),
            ("anonymous", "true"),
            ("pledge", "yes"),
        ],
        &[],
    );
    let headers = [
        ("Content-Type", format!("multipart/form-data; boundary={}", crate::support::BOUNDARY)),
        ("Referer", format!("http://{addr}/en/report")),
    ];
    let r = request(addr, "POST", "/report", &headers, body).await;
    assert_eq!(r.status, 303, "{}", r.text());
    let to = r.header("location").expect("a redirect").to_string();
    assert!(to.starts_with("/en/report/receipt?t="), "{to}");
    let r = get(addr, &to).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("cache-control"), Some("no-store"), "the English receipt page is private too");
    let (lang, found) = chinese_outside_data(&r.text());
    assert_eq!(lang, "en");
    assert!(found.is_empty(), "the receipt page in English: {found:?}");
}

/// The value of `attr` on the element with `id` (pages render attributes in one line).
fn html_attr_of(html: &str, id: &str, attr: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    let tag = &html[start..end];
    let key = format!(" {attr}=\"");
    let from = tag.find(&key)? + key.len();
    Some(tag[from..].split('"').next()?.to_string())
}
