use leptos::prelude::*;
use leptos_meta::Title;

use crate::policies::api::get_home;
use crate::error::error_message;
use crate::components::{ErrorBox, Loading};
use crate::policies::components::{PolicyBriefList, SearchForm};
use crate::url::{build_url, percent_encode};

#[component]
pub fn HomePage() -> impl IntoView {
    let home = Resource::new(|| (), |_| get_home());
    let services = Resource::new(|| (), |_| crate::services::api::get_service_count());
    let tasks = Resource::new(|| (), |_| crate::tasks::api::search_tasks("limit=1".to_string()));
    let checklist = Resource::new(|| (), |_| crate::supervision::api::get_checklist());
    view! {
        <Title text=""/>
        <section class="hero">
            <div class="wrap">
                <h1>"涉企惠企政策清单"</h1>
                <p class="lead">
                    "查找适用于贵企业的扶持政策，了解每项政策的发布单位、执行单位和解读人。"
                    <span lang="en" class="en">"Find the support policies that apply to your company, and whom to call."</span>
                </p>
                <SearchForm q=""/>
            </div>
        </section>
        <div class="wrap">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match home.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(data) => view! {
                            <section id="lists" aria-labelledby="lists-h">
                                <h2 id="lists-h">"五张清单"</h2>
                                <ul class="list-cards">
                                    <li><a href="/search"><span class="cat-name">"涉企惠企政策落实清单"</span>
                                        <span class="cat-count" id="card-policies">{data.policy_count}" 条政策"</span></a></li>
                                    <li><a href="/services"><span class="cat-name">"高频民生服务事项清单"</span>
                                        <span class="cat-count" id="card-services">{services.await.map(|n| format!("{n} 项服务")).unwrap_or_default()}</span></a></li>
                                    <li><a href="/tasks"><span class="cat-name">"改革攻坚任务清单"</span>
                                        <span class="cat-count" id="card-tasks">{tasks.await.map(|r| format!("{} 项任务", r.total)).unwrap_or_default()}</span></a></li>
                                    <li><a href="/supervision"><span class="cat-name">"监督清单"</span>
                                        <span class="cat-count" id="card-supervision">{checklist.await.map(|c| format!("{} 个是否", c.areas.iter().map(|a| a.questions.len()).sum::<usize>())).unwrap_or_default()}</span></a></li>
                                    <li><a href="/supervision#measures"><span class="cat-name">"激励和惩戒措施清单"</span>
                                        <span class="cat-count" id="card-measures">{format!("{} 项措施", crate::supervision::model::MEASURES.len())}</span></a></li>
                                </ul>
                            </section>
                            <p class="stats">
                                "收录政策文件 " <strong>{data.document_count}</strong> " 件、政策条目 "
                                <strong>{data.policy_count}</strong> " 条，涉及单位 "
                                <strong>{data.unit_count}</strong> " 个。"
                            </p>
                            <section id="categories" aria-labelledby="categories-h">
                                <h2 id="categories-h">"按类别浏览"</h2>
                                <ul class="category-grid">
                                    {data.categories.into_iter().map(|c| {
                                        let href = build_url("/search", &[("category", c.value.clone())]);
                                        view! {
                                            <li><a href=href>
                                                <span class="cat-name">{c.value}</span>
                                                <span class="cat-count">{c.count}" 条"</span>
                                            </a></li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                            <div class="two-col">
                                <section id="auto-benefits" aria-labelledby="auto-h">
                                    <h2 id="auto-h">"免申即享"</h2>
                                    <p class="hint">"无需申报、符合条件即自动兑现的政策。"</p>
                                    <PolicyBriefList items=data.automatic/>
                                    <a class="more" href=format!("/search?delivery={}", percent_encode("免申即享"))>"查看全部免申即享政策 →"</a>
                                </section>
                                <section id="newest" aria-labelledby="newest-h">
                                    <h2 id="newest-h">"最新政策"</h2>
                                    <PolicyBriefList items=data.newest/>
                                    <a class="more" href="/search">"浏览全部政策 →"</a>
                                </section>
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
