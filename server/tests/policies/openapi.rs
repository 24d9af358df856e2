//! `/api/v1/openapi.json` is a valid OpenAPI 3.1 document (Python's
//! openapi-spec-validator), and real answers of every path it lists, successes and
//! errors, match its schemas (jsonschema, draft 2020-12).

use crate::common::{self, TestDb};
use crate::support;

on_both_engines!(the_description_matches_real_answers);

async fn the_description_matches_real_answers(db: &TestDb) {
    let portal = db.portal(true).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = support::serve(portal.clone(), site_root).await;
    let doc = common::get(addr, "/api/v1/openapi.json").await;
    assert_eq!(doc.status, 200);
    let spec = doc.json();

    let filed = support::post_json(addr, "/api/v1/complaints", serde_json::json!({ "category": "other", "description": "开放接口测试：某窗口多次要求补交同一份材料", "anonymous": true }).to_string()).await;
    let receipt = filed.json()["receipt"].as_str().expect("a receipt").to_string();
    let task = common::get(addr, "/api/v1/tasks?limit=1").await.json()["hits"][0]["code"].as_str().unwrap().to_string();
    let service = common::get(addr, "/api/v1/services?limit=1").await.json()["hits"][0]["code"].as_str().unwrap().to_string();
    let policy = common::get(addr, "/api/v1/policies?limit=1").await.json()["hits"][0]["code"].as_str().unwrap().to_string();
    let mut answers: Vec<(String, &str, u16, String)> = vec![("/api/v1/complaints".into(), "post", filed.status, filed.text())];
    let q = |s: &str| common::encode(s);
    let gets = [
        ("/api/v1/policies", format!("/api/v1/policies?q={}&industry={}&size={}&limit=5", q("补贴"), q("制造业"), q("小型"))),
        ("/api/v1/policies", "/api/v1/policies?limit=500".to_string()),
        ("/api/v1/policies/{code}", format!("/api/v1/policies/{}?industry={}", q(&policy), q("制造业"))),
        ("/api/v1/policies/{code}", "/api/v1/policies/NO-SUCH-CODE".to_string()),
        ("/api/v1/services", "/api/v1/services?limit=3".to_string()),
        ("/api/v1/services/{code}", format!("/api/v1/services/{}", q(&service))),
        ("/api/v1/services/{code}", "/api/v1/services/NO-SUCH".to_string()),
        ("/api/v1/tasks", "/api/v1/tasks?limit=3".to_string()),
        ("/api/v1/tasks/{code}", format!("/api/v1/tasks/{}", q(&task))),
        ("/api/v1/tasks/{code}", "/api/v1/tasks/NO-SUCH".to_string()),
        ("/api/v1/supervision", "/api/v1/supervision".to_string()),
        ("/api/v1/notices", "/api/v1/notices".to_string()),
        ("/api/v1/dashboard", "/api/v1/dashboard".to_string()),
        ("/api/v1/dashboard", "/api/v1/dashboard?from=2026-13".to_string()),
        ("/api/v1/openapi.json", "/api/v1/openapi.json".to_string()),
        ("/api/v1/tasks/export.json", "/api/v1/tasks/export.json".to_string()),
        ("/api/v1/tasks/weekly.json", "/api/v1/tasks/weekly.json".to_string()),
        ("/api/v1/tasks/weekly.json", "/api/v1/tasks/weekly.json?week=soon".to_string()),
    ];
    for (template, path) in gets {
        let r = common::get(addr, &path).await;
        answers.push((template.to_string(), "get", r.status, r.text()));
    }
    let status = common::request(addr, "GET", "/api/v1/complaints/status", &[("X-Receipt", receipt)], Vec::new()).await;
    answers.push(("/api/v1/complaints/status".into(), "get", status.status, status.text()));
    let unknown = common::request(addr, "GET", "/api/v1/complaints/status", &[("X-Receipt", "AAAA-BBBB-CCCC-DDDD".to_string())], Vec::new()).await;
    answers.push(("/api/v1/complaints/status".into(), "get", unknown.status, unknown.text()));
    assert!(answers.iter().any(|(_, _, s, _)| *s == 404) && answers.iter().any(|(_, _, s, _)| *s == 400), "errors are checked too");

    // Every path of the description was answered.
    let listed: Vec<String> = spec["paths"].as_object().unwrap().keys().cloned().collect();
    for path in &listed {
        assert!(answers.iter().any(|(t, _, _, _)| t == path), "no real answer checked for {path}");
    }

    const SCRIPT: &str = r#"
import sys, json, jsonschema
from openapi_spec_validator import validate
d = json.load(sys.stdin)
spec = d['spec']
validate(spec)
bad = []
for path, method, status, body in d['answers']:
    resp = spec['paths'][path][method]['responses'].get(str(status))
    if resp is None:
        bad.append(f'{method} {path}: status {status} not described')
        continue
    schema = dict(resp['content']['application/json']['schema'])
    schema['components'] = spec['components']
    for e in jsonschema.Draft202012Validator(schema).iter_errors(json.loads(body)):
        bad.append(f'{method} {path} {status}: {e.message} at {list(e.absolute_path)}')
print('\n'.join(bad))
sys.exit(1 if bad else 0)
"#;
    let input = serde_json::json!({ "spec": spec, "answers": answers });
    let out = common::python(SCRIPT, input.to_string().as_bytes());
    assert!(out.status.success(), "the description and the answers disagree (tools/test.sh installs the validators):\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}
