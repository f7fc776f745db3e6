//! The bulkhead playground, compiled to WebAssembly and started by `static/boot.js`.

mod components;
mod export;
mod state;

fn main() {
    yew::Renderer::<components::App>::new().render();
}
