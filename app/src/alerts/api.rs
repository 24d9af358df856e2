//! The alert pages' server function.

use leptos::prelude::*;

use super::model::SubscriptionView;

#[server(endpoint = "alert_subscription", output = crate::codec::JsonText)]
pub async fn get_subscription(token: String) -> Result<Option<SubscriptionView>, ServerFnError> {
    let backend = crate::error::from_context::<super::backend::AlertContext>()?.0;
    backend.subscription(token).await.map_err(crate::error::server_error)
}
