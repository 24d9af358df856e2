//! Commission staff record tips that came by phone, letter or visit.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::complaints::api::load_staff_home;
use crate::complaints::pages::report::TipForm;
use crate::components::Notices;
use crate::staff::pages::{staff_view, StaffBar};

#[component]
pub fn StaffIntakePage() -> impl IntoView {
    let home = Resource::new(|| (), |_| load_staff_home(String::new(), String::new(), String::new(), false, String::new(), String::new()));
    view! {
        <Title text="登记来电来信来访"/>
        <div class="wrap narrow">
            <h1>"登记来电、来信、来访"</h1>
            <Notices/>
            {staff_view(home, |h| view! {
                <StaffBar me=h.me.clone() csrf=h.csrf.clone()/>
                <p class="hint">"登记后系统生成回执码，请告知来电、来信或来访人。"</p>
                <TipForm action="/staff/intake" units=h.units draft=Default::default() csrf=Some(h.csrf)/>
            }.into_any())}
        </div>
    }
}

