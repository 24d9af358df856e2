//! `/tasks.atom`: the reform tasks changed last — by an import, a weekly progress report
//! or a certification — with `updated` moving at each such change.

use app::tasks::pages::ledger::task_href;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use crate::error::ApiError;
use crate::web::atom::{local_time, Entry, Feed};
use crate::web::HttpState;

pub use app::tasks::pages::ledger::FEED_PATH;
const ENTRIES: i64 = 50;

pub async fn feed(State(state): State<HttpState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let tasks = state.app.tasks.store.recently_changed(ENTRIES).await?;
    let feed = Feed {
        key: "tasks",
        title: "改革攻坚任务清单：新增和进展".into(),
        author: "清单 Qingdan".into(),
        self_path: FEED_PATH.into(),
        page_path: "/tasks".into(),
        entries: tasks
            .into_iter()
            .map(|(t, updated)| {
                let short: String = t.content.chars().take(40).collect();
                Entry {
                    key: format!("task/{}", t.code),
                    title: format!("{}（{}）", short, t.code),
                    updated: local_time(&updated),
                    link: task_href(&t.code),
                    content: format!(
                        "改革领域：{}\n责任单位：{}\n完成时限：{}\n进度：{}%{}\n{}",
                        t.area,
                        t.unit,
                        t.deadline,
                        t.percent,
                        if t.closed() { "（已销号）" } else { "" },
                        t.content
                    ),
                }
            })
            .collect(),
    };
    Ok(feed.response(&headers))
}
