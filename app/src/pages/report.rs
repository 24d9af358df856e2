use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::policy_href;

/// Placeholder until the complaint channel lands: it tells the reporter how to reach
/// the commission today, and keeps the policy the report is about.
#[component]
pub fn ReportPage() -> impl IntoView {
    let query = use_query_map();
    let policy = move || query.read().get("policy").filter(|p| !p.trim().is_empty());
    view! {
        <Title text="我要反映"/>
        <div class="wrap narrow">
            <h1>"我要反映问题线索"</h1>
            <p class="lead">
                "涉企惠企政策不落实、刁难企业和企业家、损害营商环境等问题，可向区纪委监委反映。"
            </p>
            {move || policy().map(|code| view! {
                <p class="notice">"您反映的政策：" <a href=policy_href(&code)>{code.clone()}</a></p>
            })}
            <div class="notice">
                <p>
                    "网上举报功能正在建设中。目前请拨打区纪委监委监督举报电话 "
                    <a href="tel:86757678"><strong>"86757678"</strong></a>
                    " 反映，说明涉及的单位、政策和具体情况。"
                </p>
                <p lang="en">"Online reporting is being built. Until then, please call the hotline 86757678."</p>
            </div>
            <p><a href="/">"返回首页"</a></p>
        </div>
    }
}
