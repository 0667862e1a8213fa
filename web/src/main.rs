//! Entry point: mounts the app into <body>.
fn main() {
    yew::Renderer::<bulkpool_web::App>::new().render();
}
