//! The supervision pages' server functions.

use leptos::prelude::*;

use super::model::{Checklist, InspectionsDesk, MeasuresDesk, Notice};

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn super::backend::SupervisionBackend>, ServerFnError> {
    crate::error::from_context::<super::backend::SupervisionContext>().map(|b| b.0)
}

#[cfg(feature = "ssr")]
use crate::error::server_error as to_server_error;

#[server(endpoint = "supervision_checklist", output = crate::codec::JsonText)]
pub async fn get_checklist() -> Result<Checklist, ServerFnError> {
    backend()?.checklist().await.map_err(to_server_error)
}

#[server(endpoint = "notices", output = crate::codec::JsonText)]
pub async fn get_notices() -> Result<Vec<Notice>, ServerFnError> {
    backend()?.notices().await.map_err(to_server_error)
}

#[server(endpoint = "measures_desk", output = crate::codec::JsonText)]
pub async fn load_measures_desk() -> Result<Option<MeasuresDesk>, ServerFnError> {
    use crate::cookies::{cookie, STAFF_COOKIE};
    backend()?.measures_desk(cookie(STAFF_COOKIE).await).await.map_err(to_server_error)
}

#[server(endpoint = "inspections_desk", output = crate::codec::JsonText)]
pub async fn load_inspections_desk() -> Result<Option<InspectionsDesk>, ServerFnError> {
    use crate::cookies::{cookie, STAFF_COOKIE};
    backend()?.inspections_desk(cookie(STAFF_COOKIE).await).await.map_err(to_server_error)
}
