use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Outlet, ParentRoute, Route, Router, Routes},
    path, SsrMode,
};

use crate::lang::{html_lang, is_staff_path, localize, switch_href, td_string, use_locale, use_locale_signal, Locale, LocaleScope};

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
/// server chose (content-hashed when the site was built by tools/build.sh). The `lang`
/// of the page follows its address (`/en/…` is English).
pub fn shell(options: LeptosOptions, stylesheet: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    send_content_security_policy();
    #[cfg(feature = "ssr")]
    let locale = use_context::<axum::http::request::Parts>()
        .map(|parts| crate::lang::locale_of_path(parts.uri.path()))
        .unwrap_or(Locale::zh_CN);
    #[cfg(not(feature = "ssr"))]
    let locale = Locale::zh_CN;
    view! {
        <!DOCTYPE html>
        <html lang=html_lang(locale)>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content=td_string!(locale, common.meta_description)/>
                <link rel="icon" href="data:,"/>
                <link rel="stylesheet" id="qingdan-css" href=stylesheet/>
                <HydrationScripts options islands=true/>
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
    view! {
        <HydrationMark/>
        <Router>
            <LocaleScope>
                <PageTitle/>
                <a class="skip-link" href="#main">{move || td_string!(use_locale_signal().get(), common.skip_link)}</a>
                <Header/>
                <main id="main" tabindex="-1">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <ParentRoute path=path!("/en") view=Outlet ssr=SsrMode::Async>
                            <PublicRoutes/>
                        </ParentRoute>
                        <PublicRoutes/>
                        <Route path=path!("/staff/tasks") view=WeeklyReportPage ssr=SsrMode::Async/>
                        <Route path=path!("/staff/certify") view=CertifyDeskPage ssr=SsrMode::Async/>
                        <Route path=path!("/staff/measures") view=MeasuresDeskPage ssr=SsrMode::Async/>
                        <Route path=path!("/staff/inspections") view=InspectionsDeskPage ssr=SsrMode::Async/>
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
            </LocaleScope>
        </Router>
    }
}

/// Marks a page whose islands have really hydrated (tests wait for it): only the
/// browser runs effects.
#[island]
fn HydrationMark() -> impl IntoView {
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// The public pages, served at `/…` in Chinese and again under `/en/…` in English
/// (staff pages stay Chinese only).
#[component(transparent)]
fn PublicRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("") view=Outlet ssr=SsrMode::Async>
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
        <Route path=path!("/supervision") view=ChecklistPage ssr=SsrMode::Async/>
        <Route path=path!("/notices") view=NoticesPage ssr=SsrMode::Async/>
        <Route path=path!("/dashboard") view=crate::dashboard::page::DashboardPage ssr=SsrMode::Async/>
        <Route path=path!("/alerts") view=crate::alerts::pages::AlertsPage ssr=SsrMode::Async/>
        <Route path=path!("/alerts/manage") view=crate::alerts::pages::ManageAlertPage ssr=SsrMode::Async/>
        <Route path=path!("/report") view=ReportPage ssr=SsrMode::Async/>
        <Route path=path!("/report/receipt") view=ReceiptPage ssr=SsrMode::Async/>
        <Route path=path!("/track") view=TrackPage ssr=SsrMode::Async/>
        </ParentRoute>
    }
    .into_inner()
}

/// The document title: the page's own `<Title text=…/>` and the site's name.
#[component]
fn PageTitle() -> impl IntoView {
    let locale = use_locale();
    view! {
        <Title formatter=move |text: String| {
            if text.is_empty() {
                td_string!(locale, common.site_title).to_string()
            } else {
                format!("{text} - {}", td_string!(locale, common.title_suffix))
            }
        }/>
    }
}

#[component]
fn Header() -> impl IntoView {
    let locale = use_locale_signal();
    let location = leptos_router::hooks::use_location();
    let (path, search) = (location.pathname, location.search);
    let nav = move || {
        let l = locale.get();
        let item = |to: &str, text: &'static str| view! { <li><a href=localize(l, to)>{text}</a></li> };
        view! {
            <a class="brand" href=localize(l, "/")>
                <span class="brand-mark" aria-hidden="true" lang="zh-CN">"清单"</span>
                <span class="brand-text">{td_string!(l, common.brand)}<small lang=td_string!(l, common.brand_sub_lang)>{td_string!(l, common.brand_sub)}</small></span>
            </a>
            <nav aria-label=td_string!(l, common.nav_label)>
                <ul class="nav">
                    {item("/", td_string!(l, common.nav_home))}
                    {item("/search", td_string!(l, common.nav_search))}
                    {item("/services", td_string!(l, common.nav_services))}
                    {item("/tasks", td_string!(l, common.nav_tasks))}
                    {item("/supervision", td_string!(l, common.nav_supervision))}
                    {item("/report", td_string!(l, common.nav_report))}
                    {item("/track", td_string!(l, common.nav_track))}
                    {item("/dashboard", td_string!(l, common.nav_dashboard))}
                    // A full load: the other language is another page, rendered by the server.
                    // Staff pages are Chinese only.
                    {move || (!is_staff_path(&path.get())).then(|| view! {
                        <li><a id="lang-switch" rel="external" hreflang=td_string!(l, common.switch_lang) lang=td_string!(l, common.switch_lang)
                            title=td_string!(l, common.switch_title) href=move || switch_href(&path.get(), &search.get())>
                            {td_string!(l, common.switch_label)}
                        </a></li>
                    })}
                </ul>
            </nav>
        }
    };
    view! {
        <header class="site-header">
            <div class="wrap header-inner">{nav}</div>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let locale = use_locale_signal();
    view! {
        <footer class="site-footer">
            <div class="wrap">
                {move || {
                    let l = locale.get();
                    view! {
                        <p class="sample-note">
                            <strong>{td_string!(l, common.sample_strong)}</strong>
                            {td_string!(l, common.sample_text)}
                        </p>
                        <p>{td_string!(l, common.hotline)}</p>
                    }
                }}
            </div>
        </footer>
    }
}
