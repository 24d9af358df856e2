//! The administrator page's server function (POST /api/admin_home). The session
//! cookie decides who may read it.

use leptos::prelude::*;

use crate::admin::AdminHome;

#[server(endpoint = "admin_home")]
pub async fn load_admin_home() -> Result<Option<AdminHome>, ServerFnError> {
    use crate::api_complaints::{cookie, STAFF_COOKIE};
    let backend = use_context::<crate::backend::Admin>()
        .map(|b| b.0)
        .ok_or_else(|| ServerFnError::new("服务未就绪 / Service not ready"))?;
    backend.admin_home(cookie(STAFF_COOKIE).await).await.map_err(crate::api_complaints::server_error)
}
