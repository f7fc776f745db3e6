//! The bulkhead playground, compiled to WebAssembly and started by `static/boot.js`.
//! The same module runs the rules in the lint worker (`worker::worker_lint`).

mod components;
mod diff_view;
mod js;
mod samples;
mod state;
mod wire;
mod worker;

fn main() {
    worker::install_panic_hook();
    // In the lint worker there is no window: there the module only answers requests.
    if web_sys::window().is_none() {
        return;
    }
    yew::Renderer::<components::App>::new().render();
}
