//! The administrator page's server function (POST /api/admin_home). The session
//! cookie decides who may read it.

use leptos::prelude::*;

use super::model::AdminHome;

/// `draft`: the `?draft=` token a refused form came back with ("" for none).
#[server(endpoint = "admin_home", output = crate::codec::JsonText)]
pub async fn load_admin_home(#[server(default)] draft: String) -> Result<Option<AdminHome>, ServerFnError> {
    use crate::cookies::{cookie, STAFF_COOKIE};
    let backend = crate::error::from_context::<super::backend::AdminContext>()?.0;
    backend.admin_home(cookie(STAFF_COOKIE).await, &draft).await.map_err(crate::error::server_error)
}
