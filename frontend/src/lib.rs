#![recursion_limit = "512"]
//! The browser entry: hydrates the islands of the server-rendered pages (the
//! `#[island]` components of `app`, exported to JavaScript by name).

// The islands' exports live in `app`, which nothing here names: `extern crate` links it
// all the same, so they stay in the bundle.
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
