//! `/policies.atom`: the policies added or changed last, one entry per policy whose
//! `updated` moves with each change an import makes (an unchanged re-import moves nothing).

use app::policies::components::policy_href;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use crate::error::ApiError;
use crate::web::atom::{local_time, Entry, Feed};
use crate::web::HttpState;

pub use app::policies::components::FEED_PATH;
const ENTRIES: i64 = 50;

pub async fn feed(State(state): State<HttpState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let items = state.app.policies.store.recently_changed(ENTRIES).await?;
    let feed = Feed {
        key: "policies",
        title: "惠企政策清单：新增和变更".into(),
        author: "清单 Qingdan".into(),
        self_path: FEED_PATH.into(),
        page_path: "/search".into(),
        entries: items
            .into_iter()
            .map(|p| Entry {
                key: format!("policy/{}", p.code),
                title: format!("{}（{}）", p.title, p.code),
                updated: local_time(&p.updated_at),
                link: policy_href(&p.code),
                content: format!(
                    "文件：{}（{}）\n发布单位：{}\n执行单位：{}\n类别：{}；支持方式：{}\n有效期：{} 至 {}\n{}",
                    p.document.title,
                    p.document.number,
                    p.document.issuing_unit,
                    p.executing_unit,
                    p.category,
                    p.support_type,
                    p.valid_from,
                    p.valid_until.as_deref().unwrap_or("长期"),
                    p.content
                ),
            })
            .collect(),
    };
    Ok(feed.response(&headers))
}
