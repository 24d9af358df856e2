//! `/open311/v2/…`: discovery, services (the tip categories), service definitions,
//! requests (list, one, file one) and tokens, each as `.json` or `.xml`.

use app::client::ClientKey;
use app::complaints::model::{label, NewTip, State, KINDS};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State as AxumState};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use chrono::{DateTime, Duration, FixedOffset};

use super::format::{error, respond, split, text, Format, Node};
use super::keys;
use crate::complaints::store::{public_cases, PublicCase, PublicFilter};
use crate::platform::clock;
use crate::web::atom::base_url;
use crate::web::HttpState;

pub const BASE: &str = "/open311/v2";
/// When this interface last changed (discovery's `changeset`).
const CHANGESET: &str = "2026-12-02T00:00:00+08:00";
const AGENCY: &str = "区纪委监委";
const MAX_DAYS: i64 = 90;
const MAX_REQUESTS: i64 = 1000;
const MAX_IDS: usize = 100;

pub fn routes() -> Router<HttpState> {
    Router::new()
        .route("/open311/v2/{file}", get(top).post(file_request))
        .route("/open311/v2/services/{file}", get(definition))
        .route("/open311/v2/requests/{file}", get(one_request))
        .route("/open311/v2/tokens/{file}", get(token))
}

fn not_found(format: Format) -> Response {
    error(format, StatusCode::NOT_FOUND, "没有这个资源 / not found")
}

fn bad(format: Format, description: &str) -> Response {
    error(format, StatusCode::BAD_REQUEST, description)
}

/// `{stem}.{json|xml}`; an unknown extension is answered in XML, GeoReport's default.
fn parse_file(file: &str) -> Result<(&str, Format), Response> {
    split(file).ok_or_else(|| not_found(Format::Xml))
}

fn pairs(raw: &[u8], format: Format) -> Result<Vec<(String, String)>, Response> {
    let text = std::str::from_utf8(raw).map_err(|_| bad(format, "参数不是有效的 UTF-8 / parameters are not valid UTF-8"))?;
    app::url::parse_pairs(text).map_err(|e| bad(format, e.message()))
}

/// A parameter; empty counts as absent (GeoReport).
fn param<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
}

async fn top(AxumState(state): AxumState<HttpState>, Path(file): Path<String>, RawQuery(raw): RawQuery, headers: axum::http::HeaderMap) -> Response {
    let (stem, format) = match parse_file(&file) {
        Ok(x) => x,
        Err(r) => return r,
    };
    match stem {
        "discovery" => discovery(format, &base_url(&headers)),
        "services" => respond(format, StatusCode::OK, "services", &services()),
        "requests" => list_requests(&state, format, raw.as_deref().unwrap_or("")).await,
        _ => not_found(format),
    }
}

fn discovery(format: Format, base: &str) -> Response {
    let endpoint = Node::Obj(vec![
        ("specification", text("http://wiki.open311.org/GeoReport_v2")),
        ("url", text(format!("{base}{BASE}"))),
        ("changeset", text(CHANGESET)),
        ("type", text("production")),
        ("formats", Node::List("format", vec![text("text/xml"), text("application/json")])),
    ]);
    let node = Node::Obj(vec![
        ("changeset", text(CHANGESET)),
        ("contact", text("区纪委监委 监督举报电话 86757678")),
        ("key_service", text("向本站系统管理员申请 API 密钥 / ask the portal's administrator for an API key")),
        ("endpoints", Node::List("endpoint", vec![endpoint])),
    ]);
    respond(format, StatusCode::OK, "discovery", &node)
}

fn services() -> Node {
    Node::List(
        "service",
        KINDS
            .iter()
            .map(|(code, name)| {
                Node::Obj(vec![
                    ("service_code", text(*code)),
                    ("service_name", text(*name)),
                    ("description", text(format!("向区纪委监委反映：{name}。描述中请写明时间、地点和经过；不会公开。"))),
                    ("metadata", Node::Bool(true)),
                    ("type", text("batch")),
                    ("keywords", text("监督举报,营商环境,纪委监委")),
                    ("group", text("监督举报")),
                ])
            })
            .collect(),
    )
}

async fn definition(Path(file): Path<String>) -> Response {
    let (code, format) = match parse_file(&file) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !KINDS.iter().any(|(k, _)| *k == code) {
        return not_found(format);
    }
    let attribute = |order: i64, code: &str, datatype: &str, required: bool, about: &str, description: &str, values: Vec<(&str, &str)>| {
        let mut fields = vec![
            ("variable", Node::Bool(true)),
            ("code", text(code)),
            ("datatype", text(datatype)),
            ("required", Node::Bool(required)),
            ("datatype_description", text(about)),
            ("order", Node::Int(order)),
            ("description", text(description)),
        ];
        if !values.is_empty() {
            fields.push(("values", Node::List("value", values.into_iter().map(|(k, n)| Node::Obj(vec![("key", text(k)), ("name", text(n))])).collect())));
        }
        Node::Obj(fields)
    };
    let node = Node::Obj(vec![
        ("service_code", text(code)),
        (
            "attributes",
            Node::List(
                "attribute",
                vec![
                    attribute(
                        1,
                        "anonymous",
                        "singlevaluelist",
                        true,
                        "true：匿名，不记录身份；false：实名，须填写 first_name、last_name 和 phone",
                        "是否匿名 / anonymous",
                        vec![("true", "匿名 / anonymous"), ("false", "实名 / named")],
                    ),
                    attribute(2, "subject_unit", "string", false, "如：区商务局", "涉及单位 / unit concerned", vec![]),
                    attribute(3, "policy_code", "string", false, "政策编号，如 ZC-2024-001-01", "相关政策 / policy code", vec![]),
                ],
            ),
        ),
    ]);
    respond(format, StatusCode::OK, "service_definition", &node)
}

/// A stored local time (China) as RFC 3339, to the day: the public learns the day a tip
/// was filed, not the minute.
fn day_of(stored: &str) -> Node {
    match stored.get(..10) {
        Some(day) if day.len() == 10 => text(format!("{day}T00:00:00+08:00")),
        _ => Node::Null,
    }
}

fn request_node(c: &PublicCase) -> Node {
    let state = State::from_key(&c.state).unwrap_or(State::Submitted);
    let closed = matches!(state, State::Closed | State::NotAccepted);
    // The deadline of the step the case waits for, on the working-day calendar.
    let due = match state {
        State::Submitted => Some(c.accept_due.as_str()),
        State::Verifying => c.verify_due.as_deref().or(c.feedback_due.as_deref()),
        State::Accepted | State::Handled => c.feedback_due.as_deref(),
        _ => None,
    };
    Node::Obj(vec![
        ("service_request_id", text(&c.case_number)),
        ("status", text(if closed { "closed" } else { "open" })),
        ("status_notes", text(state.label())),
        ("service_name", text(label(KINDS, &c.kind))),
        ("service_code", text(&c.kind)),
        ("description", Node::Null),
        ("agency_responsible", text(AGENCY)),
        ("service_notice", Node::Null),
        ("requested_datetime", day_of(&c.submitted_at)),
        // When staff last touched a case is not the public's business (many steps are internal).
        ("updated_datetime", Node::Null),
        ("expected_datetime", due.map_or(Node::Null, |d| text(format!("{}T23:59:59+08:00", d.get(..10).unwrap_or(d))))),
        ("address", Node::Null),
        ("address_id", Node::Null),
        ("zipcode", Node::Null),
        ("lat", Node::Null),
        ("long", Node::Null),
        ("media_url", Node::Null),
    ])
}

fn local(t: DateTime<FixedOffset>) -> String {
    t.with_timezone(&crate::platform::clock::CHINA).format("%Y-%m-%d %H:%M:%S").to_string()
}

async fn list_requests(state: &HttpState, format: Format, raw: &str) -> Response {
    let pairs = match pairs(raw.as_bytes(), format) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let list = |key: &str| param(&pairs, key).map(|v| v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect::<Vec<_>>()).unwrap_or_default();
    let numbers = list("service_request_id");
    if numbers.len() > MAX_IDS {
        return bad(format, &format!("service_request_id 最多 {MAX_IDS} 个 / at most {MAX_IDS} ids"));
    }
    if !numbers.is_empty() {
        let filter = PublicFilter { numbers, kinds: Vec::new(), from: String::new(), until: String::new(), closed: None, limit: MAX_REQUESTS };
        return match public_cases(&state.app.db, &filter).await {
            Ok(cases) => respond(format, StatusCode::OK, "service_requests", &Node::List("request", cases.iter().map(request_node).collect())),
            Err(e) => internal(format, &e),
        };
    }
    let kinds = list("service_code");
    if let Some(k) = kinds.iter().find(|k| !KINDS.iter().any(|(key, _)| key == k)) {
        return bad(format, &format!("未知的 service_code（{}）/ unknown service_code", k.chars().take(40).filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>()));
    }
    let date = |key: &str| -> Result<Option<DateTime<FixedOffset>>, Response> {
        param(&pairs, key)
            .map(|v| {
                // A W3C date alone is the start of that day in China.
                DateTime::parse_from_rfc3339(v)
                    .ok()
                    .or_else(|| (v.len() == 10).then(|| clock::parse_china_time(v).map(|t| t - Duration::hours(9))).flatten())
                    .ok_or_else(|| bad(format, &format!("{key} 应为 W3C 日期时间，如 2026-01-01T00:00:00+08:00 / {key} must be a W3C datetime")))
            })
            .transpose()
    };
    let (start, end) = match (date("start_date"), date("end_date")) {
        (Ok(s), Ok(e)) => (s, e),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let now = clock::parse_china_time(&clock::now().replace(' ', "T")).unwrap_or_else(|| chrono::Utc::now().fixed_offset());
    let (start, end) = match (start, end) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, s + Duration::days(MAX_DAYS)),
        (None, Some(e)) => (e - Duration::days(MAX_DAYS), e),
        (None, None) => (now - Duration::days(MAX_DAYS - 1), now + Duration::days(1)),
    };
    if end < start {
        return bad(format, "end_date 早于 start_date / end_date is before start_date");
    }
    if end - start > Duration::days(MAX_DAYS) {
        return bad(format, &format!("start_date 与 end_date 最多相隔 {MAX_DAYS} 天 / at most {MAX_DAYS} days apart"));
    }
    let closed = match param(&pairs, "status") {
        None => None,
        Some("open") => Some(false),
        Some("closed") => Some(true),
        Some(_) => return bad(format, "status 应为 open 或 closed / status must be open or closed"),
    };
    let filter = PublicFilter { numbers: Vec::new(), kinds, from: local(start), until: local(end), closed, limit: MAX_REQUESTS };
    match public_cases(&state.app.db, &filter).await {
        Ok(cases) => respond(format, StatusCode::OK, "service_requests", &Node::List("request", cases.iter().map(request_node).collect())),
        Err(e) => internal(format, &e),
    }
}

fn internal(format: Format, e: &anyhow::Error) -> Response {
    crate::error::log_internal("open311", e);
    error(format, StatusCode::INTERNAL_SERVER_ERROR, crate::error::INTERNAL_MESSAGE)
}

async fn one_request(AxumState(state): AxumState<HttpState>, Path(file): Path<String>) -> Response {
    let (id, format) = match parse_file(&file) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let filter = PublicFilter { numbers: vec![id.to_string()], kinds: Vec::new(), from: String::new(), until: String::new(), closed: None, limit: 1 };
    match public_cases(&state.app.db, &filter).await {
        Ok(cases) if cases.is_empty() => not_found(format),
        Ok(cases) => respond(format, StatusCode::OK, "service_requests", &Node::List("request", cases.iter().map(request_node).collect())),
        Err(e) => internal(format, &e),
    }
}

/// Every filed tip gets its id at once, so no token is ever pending.
async fn token(Path(file): Path<String>) -> Response {
    match parse_file(&file) {
        Ok((_, format)) => error(format, StatusCode::NOT_FOUND, "没有待处理的令牌：提交后即返回 service_request_id / no pending token: ids are returned at once"),
        Err(r) => r,
    }
}

/// `POST requests.{format}`: the key first, then the portal's own checks, throttles and
/// sealing (the same `submit` as the tip form). The receipt is in `service_notice`, once.
async fn file_request(AxumState(state): AxumState<HttpState>, Extension(ClientKey(client)): Extension<ClientKey>, Path(file): Path<String>, body: Bytes) -> Response {
    let (stem, format) = match parse_file(&file) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if stem != "requests" {
        return not_found(format);
    }
    let pairs = match pairs(&body, format) {
        Ok(p) => p,
        Err(r) => return r,
    };
    match keys::check(&state.app.db, param(&pairs, "api_key").unwrap_or("")).await {
        Ok(Some(_)) => {}
        Ok(None) => return error(format, StatusCode::FORBIDDEN, "api_key 缺失或无效 / api_key missing or not valid"),
        Err(e) => return internal(format, &e),
    }
    let Some(code) = param(&pairs, "service_code") else { return bad(format, "缺少 service_code / service_code is required") };
    if !KINDS.iter().any(|(k, _)| *k == code) {
        return error(format, StatusCode::NOT_FOUND, "未知的 service_code / unknown service_code");
    }
    let attribute = |name: &str| param(&pairs, &format!("attribute[{name}]")).unwrap_or("").to_string();
    let anonymous = match attribute("anonymous").as_str() {
        "true" => true,
        "false" => false,
        _ => return bad(format, "attribute[anonymous] 应为 true 或 false / attribute[anonymous] must be true or false"),
    };
    let get = |key: &str| param(&pairs, key).unwrap_or("").to_string();
    let name = format!("{}{}", get("last_name"), get("first_name"));
    let tip = NewTip {
        kind: code.to_string(),
        subject_unit: attribute("subject_unit"),
        policy_code: attribute("policy_code"),
        description: get("description"),
        occurred_where: get("address_string"),
        anonymous,
        name: if anonymous { String::new() } else { name },
        phone: if anonymous { String::new() } else { get("phone") },
        email: if anonymous { String::new() } else { get("email") },
        ..Default::default()
    };
    match state.app.complaints.submit(tip, Vec::new(), "online", None, &client).await {
        Ok(receipt) => {
            let notice = format!(
                "已收到，案件编号 {}。回执码：{}（只显示这一次，请妥善保存，凭它查询进度、回答提问）/ Received. Receipt, shown once: {}",
                receipt.case_number, receipt.receipt, receipt.receipt
            );
            let node = Node::List(
                "request",
                vec![Node::Obj(vec![("service_request_id", text(&receipt.case_number)), ("service_notice", text(notice)), ("account_id", Node::Null)])],
            );
            respond(format, StatusCode::CREATED, "service_requests", &node)
        }
        Err(e) if e.status() == 500 => error(format, StatusCode::INTERNAL_SERVER_ERROR, e.message()),
        Err(e) => error(format, StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST), e.message()),
    }
}
