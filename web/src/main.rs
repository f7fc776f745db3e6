//! The bulkhead playground, compiled to WebAssembly and started by `static/boot.js`
//! (which calls [`start`]). The same module runs the rules in the lint worker
//! (`worker::worker_lint`).

mod components;
mod diff_view;
mod document;
mod js;
mod samples;
mod startup;
mod state;
mod wire;
mod worker;

use std::rc::Rc;

use wasm_bindgen::prelude::*;

fn main() {
    worker::install_panic_hook();
}

/// Start the page: choose its files from its address (`startup`), then show it. Says
/// whether the page is embedded (which keeps no drafts and no offline copy).
#[wasm_bindgen]
pub async fn start() -> bool {
    let location = js_sys::global()
        .unchecked_into::<web_sys::Window>()
        .location();
    let address = startup::Address::parse(
        &location.search().unwrap_or_default(),
        &location.hash().unwrap_or_default(),
    );
    let found = js::find_startup(&address).await;
    let startup = startup::choose(address, found, &js::load_draft);
    if let Some(workspace) = &startup.workspace {
        js::use_workspace(workspace);
    }
    let embedded = startup.embed.is_some();
    yew::Renderer::<components::App>::with_props(components::AppProps {
        startup: Rc::new(startup),
    })
    .render();
    embedded
}
