//! `/services.atom`: the services added or changed last; `updated` moves with each change
//! an import makes.

use app::services::components::service_href;
use app::services::model::days_label;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use crate::error::ApiError;
use crate::web::atom::{local_time, Entry, Feed};
use crate::web::HttpState;

pub use app::services::components::FEED_PATH;
const ENTRIES: i64 = 50;

pub async fn feed(State(state): State<HttpState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let services = state.app.services.store.recently_changed(ENTRIES).await?;
    let feed = Feed {
        key: "services",
        title: "民生服务事项清单：新增和变更".into(),
        author: "清单 Qingdan".into(),
        self_path: FEED_PATH.into(),
        page_path: "/services".into(),
        entries: services
            .into_iter()
            .map(|s| Entry {
                key: format!("service/{}", s.code),
                title: format!("{}（{}）", s.name, s.code),
                updated: local_time(&s.updated_at),
                link: service_href(&s.code),
                content: format!(
                    "实施单位：{}\n类别：{}\n承诺时限：{}；材料 {} 份；跑动 {} 次\n办理地点：{}（{}）\n咨询电话：{}",
                    s.unit,
                    s.category,
                    days_label(s.committed_days),
                    s.materials.len(),
                    s.visits,
                    s.location,
                    s.hours,
                    s.enquiry_phone
                ),
            })
            .collect(),
    };
    Ok(feed.response(&headers))
}
