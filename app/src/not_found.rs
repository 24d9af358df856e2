use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="页面不存在"/>
        <div class="wrap narrow">
            <h1>"页面不存在"</h1>
            <p>"您访问的页面不存在或已移动。" <span lang="en">"Page not found."</span></p>
            <p><a href="/">"返回首页"</a>" · "<a href="/search">"政策查询"</a></p>
        </div>
    }
}
