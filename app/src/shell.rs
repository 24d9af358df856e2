use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::admin::page::AdminPage;
use crate::complaints::pages::{
    case::StaffCasePage, intake::StaffIntakePage, queue::StaffQueuePage, receipt::ReceiptPage, report::ReportPage,
    track::TrackPage,
};
use crate::not_found::NotFound;
use crate::policies::pages::{
    document::DocumentPage, home::HomePage, policy::PolicyPage, search::SearchPage, unit::UnitPage,
};
use crate::services::pages::{bundle::BundlePage, catalogue::ServicesPage, rectifications::RectificationsPage, service::ServicePage};
use crate::staff::pages::{PasswordPage, StaffLoginPage};
use crate::tasks::pages::{certify::CertifyDeskPage, ledger::TasksPage, task::TaskPage, weekly::WeeklyReportPage, weekly_sheet::WeeklySheetPage};
use crate::supervision::pages::{checklist::ChecklistPage, inspections::InspectionsDeskPage, measures::MeasuresDeskPage, notices::NoticesPage};

/// The Content-Security-Policy of the portal's pages. Scripts come from the site and, for
/// the inline hydration and streaming scripts, only with this response's `nonce`; no
/// other inline script runs. Without a nonce (an answer that is not a rendered page), no
/// inline script runs at all.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let inline = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{inline} 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The page's policy names the nonce Leptos put on this page's inline scripts.
#[cfg(feature = "ssr")]
fn send_content_security_policy() {
    let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) else { return };
    if let Ok(value) = axum::http::HeaderValue::from_str(&content_security_policy(Some(&nonce))) {
        response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The page around `<App/>`, rendered only by the server. `stylesheet` is the CSS URL the
/// server chose (content-hashed when the site was built by tools/build.sh).
pub fn shell(options: LeptosOptions, stylesheet: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    send_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content="区涉企惠企政策清单查询与监督举报平台（示例数据）"/>
                <link rel="icon" href="data:,"/>
                <link rel="stylesheet" id="qingdan-css" href=stylesheet/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Only the browser runs effects, so this marks a page that has really hydrated.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Title formatter=|text: String| if text.is_empty() { "清单 · 惠企政策查询".to_string() } else { format!("{text} - 清单") }/>
        <Router>
            <a class="skip-link" href="#main">"跳到正文"</a>
            <Header/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/policy/:code") view=PolicyPage ssr=SsrMode::Async/>
                    <Route path=path!("/document/:number") view=DocumentPage ssr=SsrMode::Async/>
                    <Route path=path!("/unit/:name") view=UnitPage ssr=SsrMode::Async/>
                    <Route path=path!("/services") view=ServicesPage ssr=SsrMode::Async/>
                    <Route path=path!("/service/:code") view=ServicePage ssr=SsrMode::Async/>
                    <Route path=path!("/bundle/:code") view=BundlePage ssr=SsrMode::Async/>
                    <Route path=path!("/tasks") view=TasksPage ssr=SsrMode::Async/>
                    <Route path=path!("/task/:code") view=TaskPage ssr=SsrMode::Async/>
                    <Route path=path!("/tasks/weekly") view=WeeklySheetPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/tasks") view=WeeklyReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/certify") view=CertifyDeskPage ssr=SsrMode::Async/>
                    <Route path=path!("/supervision") view=ChecklistPage ssr=SsrMode::Async/>
                    <Route path=path!("/notices") view=NoticesPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard") view=crate::dashboard::page::DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/alerts") view=crate::alerts::pages::AlertsPage ssr=SsrMode::Async/>
                    <Route path=path!("/alerts/manage") view=crate::alerts::pages::ManageAlertPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/measures") view=MeasuresDeskPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/inspections") view=InspectionsDeskPage ssr=SsrMode::Async/>
                    <Route path=path!("/report") view=ReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/report/receipt") view=ReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/track") view=TrackPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/login") view=StaffLoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/password") view=PasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff") view=StaffQueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/intake") view=StaffIntakePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/case/:number") view=StaffCasePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/admin") view=AdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/rectifications") view=RectificationsPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="wrap header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"清单"</span>
                    <span class="brand-text">"惠企政策清单"<small>"Enterprise Policy Lists"</small></span>
                </a>
                <nav aria-label="主导航">
                    <ul class="nav">
                        <li><a href="/">"首页"</a></li>
                        <li><a href="/search">"政策查询"</a></li>
                        <li><a href="/services">"办事服务"</a></li>
                        <li><a href="/tasks">"改革任务"</a></li>
                        <li><a href="/supervision">"监督清单"</a></li>
                        <li><a href="/report">"我要反映"</a></li>
                        <li><a href="/track">"查询进度"</a></li>
                        <li><a href="/dashboard">"数据公开"</a></li>
                    </ul>
                </nav>
            </div>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="wrap">
                <p class="sample-note">
                    <strong>"示例数据"</strong>
                    "：本站所列政策、服务事项、单位、解读人及电话均为演示用的示例数据，由项目编写，并非任何地区的真实清单。"
                    <span lang="en">"All policies, services, units, interpreters and phone numbers shown are illustrative samples written by the Qingdan project, not any district's real list."</span>
                </p>
                <p>"监督举报电话 86757678 · 清单（Qingdan）开源项目"</p>
            </div>
        </footer>
    }
}
