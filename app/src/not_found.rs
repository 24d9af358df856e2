use leptos::prelude::*;
use leptos_meta::Title;

use crate::lang::{localize, td_string, use_locale};

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let l = use_locale();
    view! {
        <Title text=td_string!(l, common.not_found_title)/>
        <div class="wrap narrow">
            <h1>{td_string!(l, common.not_found_title)}</h1>
            <p>{td_string!(l, common.not_found_text)}</p>
            <p><a href=localize(l, "/")>{td_string!(l, common.back_home)}</a>" · "<a href=localize(l, "/search")>{td_string!(l, common.nav_search)}</a></p>
        </div>
    }
}
