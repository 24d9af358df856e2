//! Reporters' identities never reach the logs (the real binary, SQLite): with every
//! log level on (`QINGDAN_LOG=trace`), named tips through the JSON API and the form,
//! a commission login, a logged identity reveal and a question mailed to the reporter
//! leave the name, phone, e-mail and company out of everything the server printed.

use std::net::SocketAddr;
use std::time::Duration;

use crate::common::encode;
use crate::process::{wait_healthy, ServerProcess};
use crate::support::{self, hidden_input, location, multipart, set_cookie, try_request, BOUNDARY};

const PEOPLE: [(&str, &str, &str, &str); 3] = [
    ("慕容秋水", "13811112222", "qiushui.murong@example.net", "秋水贸易有限公司"),
    ("上官飞燕", "0532-88886666", "feiyan.sg@mail.example.org", "飞燕文化传媒工作室"),
    ("东方既白", "+86 139 2222 3333", "jibai.df+qd@example.com", "既白精工科技"),
];


async fn call(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, String)], body: Vec<u8>) -> crate::common::HttpResponse {
    tokio::time::timeout(Duration::from_secs(60), try_request(addr, method, path, headers, body))
        .await
        .unwrap_or_else(|_| panic!("{method} {path} timed out"))
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

fn form(pairs: &[(&str, &str)]) -> Vec<u8> {
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&").into_bytes()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn identities_never_reach_the_logs() {
    let root = tempfile::tempdir().unwrap();
    let data_dir = root.path().join("data");
    std::fs::create_dir_all(&data_dir).unwrap();
    let log_path = root.path().join("server.log");

    // A commission account with e-mail, made the way the README says.
    crate::process::add_commission_member(&data_dir, "trace");

    let server = ServerProcess::start(&data_dir, &log_path, "trace");
    let addr = server.addr;
    wait_healthy(addr, &log_path).await;

    // Named tips: two through the JSON API, one through the form with a file named
    // after the reporter.
    let mut cases = Vec::new();
    for (name, phone, email, company) in &PEOPLE[..2] {
        let body = serde_json::json!({
            "category": "刁难企业和企业家",
            "subject_unit": "区商务局",
            "description": format!("窗口工作人员多次刁难，要求提供与办事无关的材料（{company}）"),
            "anonymous": false,
            "name": name,
            "phone": phone,
            "email": email,
            "company": company,
        });
        let response =
            call(addr, "POST", "/api/v1/complaints", &[("Content-Type", "application/json".into())], body.to_string().into_bytes()).await;
        assert_eq!(response.status, 201, "{}", response.text());
        cases.push(response.json()["case_number"].as_str().unwrap().to_string());
    }
    let (name, phone, email, company) = PEOPLE[2];
    let evidence_name = format!("{name}的证据.png");
    let fields = [
        ("kind", "policy_not_honoured"),
        ("subject_unit", "区财政局"),
        ("description", "贴息资金申请已审核通过半年仍未拨付"),
        ("anonymous", "false"),
        ("name", name),
        ("phone", phone),
        ("email", email),
        ("company", company),
        ("pledge", "yes"),
    ];
    let body = multipart(&fields, &[("files", evidence_name.as_str(), &support::png(900))]);
    let response =
        call(addr, "POST", "/report", &[("Content-Type", format!("multipart/form-data; boundary={BOUNDARY}"))], body).await;
    assert_eq!(response.status, 303, "{response:?}");
    assert!(location(&response).starts_with("/report/receipt?t="), "{}", location(&response));
    let receipt_page = call(addr, "GET", &location(&response), &[], Vec::new()).await.text();
    let marker = "id=\"case-number\">";
    let at = receipt_page.find(marker).expect("the receipt names the case") + marker.len();
    cases.push(receipt_page[at..].chars().take_while(|c| *c != '<').collect());

    // A commission login, then accept, reveal (with a reason) and ask the reporter of
    // the first tip; the question is mailed to the reporter's address.
    let response = call(
        addr,
        "POST",
        "/staff/login",
        &[("Content-Type", "application/x-www-form-urlencoded".into())],
        form(&[("username", "jw"), ("password", support::PASSWORD)]),
    )
    .await;
    assert_eq!(response.status, 303, "{response:?}");
    let cookie = format!("qd_staff={}", set_cookie(&response, "qd_staff").expect("session cookie"));
    let queue = call(addr, "GET", "/staff", &[("Cookie", cookie.clone())], Vec::new()).await;
    let csrf = hidden_input(&queue.text(), "csrf").expect("csrf on the queue page");
    let number = &cases[0];
    let case_path = format!("/staff/case/{number}");
    let post = |pairs: Vec<(&'static str, String)>| {
        let cookie = cookie.clone();
        let case_path = case_path.clone();
        async move {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            call(
                addr,
                "POST",
                &case_path,
                &[("Content-Type", "application/x-www-form-urlencoded".into()), ("Cookie", cookie)],
                form(&pairs),
            )
            .await
        }
    };
    let response = post(vec![("csrf", csrf.clone()), ("action", "accept".into())]).await;
    assert!(location(&response).contains("ok="), "{}", location(&response));
    let response = post(vec![("csrf", csrf.clone()), ("action", "reveal_identity".into()), ("reason", "需当面核实".into())]).await;
    let to = location(&response);
    assert!(to.contains("reveal="), "{to}");
    let page = call(addr, "GET", &to, &[("Cookie", cookie.clone())], Vec::new()).await;
    // Control: the identity did pass through the server.
    assert!(page.text().contains(PEOPLE[0].0) && page.text().contains(PEOPLE[0].1), "the reveal did not show the identity");
    let response = post(vec![("csrf", csrf.clone()), ("action", "ask_reporter".into()), ("question", "请补充当时的经办人姓名".into())]).await;
    assert!(location(&response).contains("ok="), "{}", location(&response));
    // The third tip's evidence, downloaded by the commission under its real name.
    let third = call(addr, "GET", &format!("/staff/case/{}", encode(&cases[2])), &[("Cookie", cookie.clone())], Vec::new()).await;
    assert_eq!(third.status, 200);
    let page = third.text();
    let base = format!("/staff/case/{}/file/", app::url::percent_encode(&cases[2]));
    let at = page.find(&base).unwrap_or_else(|| panic!("no evidence link on the case page:\n{page}"));
    let href: String = page[at..].chars().take_while(|c| *c != '"').collect();
    let download = call(addr, "GET", &href, &[("Cookie", cookie.clone())], Vec::new()).await;
    assert_eq!(download.status, 200, "{href}");
    assert_eq!(download.body, support::png(900), "the commission downloads the evidence as it was sent");
    let disposition = download.header("content-disposition").unwrap_or_default().to_string();
    assert!(disposition.contains(&encode(&evidence_name)) || disposition.contains(&evidence_name), "under its real name: {disposition}");

    // Wait until the mail worker has delivered the question (and the new-tip notices).
    let mail_dir = data_dir.join("mail");
    let delivered = crate::common::eventually(Duration::from_secs(30), || {
        std::fs::read_dir(&mail_dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().to_string())
                    .filter(|n| !n.starts_with('.') && n.contains(".eml"))
                    .count()
            })
            .unwrap_or(0)
            >= 4
    })
    .await;
    assert!(delivered, "the mail worker did not deliver 4 messages");
    // A failed login and a wrong receipt, which log warnings or errors if anything does.
    call(
        addr,
        "POST",
        "/staff/login",
        &[("Content-Type", "application/x-www-form-urlencoded".into())],
        form(&[("username", "jw"), ("password", "not-the-password")]),
    )
    .await;
    call(addr, "GET", "/api/v1/complaints/status", &[("X-Receipt", "AAAA-BBBB-CCCC-DDDD-EEEE".into())], Vec::new()).await;

    server.stop();
    let log = std::fs::read(&log_path).expect("the log");
    let text = String::from_utf8_lossy(&log);
    let lines = text.lines().count();
    eprintln!("server log: {lines} lines, {} bytes", log.len());
    // The log is not empty: the test proves something only if the server did talk.
    assert!(lines >= 20, "only {lines} log lines with QINGDAN_LOG=trace:\n{text}");
    assert!(text.contains("INSERT INTO complaints"), "SQL statements are not in the trace log:\n{text}");
    assert!(text.contains("mail delivered"), "mail delivery is not in the log:\n{text}");

    let mut leaks = Vec::new();
    for (name, phone, email, company) in PEOPLE {
        for secret in [name.to_string(), phone.to_string(), email.to_string(), company.to_string(), encode(name), encode(email)] {
            if contains(&log, secret.as_bytes()) {
                leaks.push(secret);
            }
        }
    }
    let evidence = encode(&evidence_name);
    for secret in [evidence_name.as_str(), evidence.as_str()] {
        if contains(&log, secret.as_bytes()) {
            leaks.push(secret.to_string());
        }
    }
    assert!(leaks.is_empty(), "identity data in the server log ({lines} lines): {leaks:?}");
}
