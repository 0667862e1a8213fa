//! Entry point: installs the panic hook (a panic shows a notice), then replaces the page's
//! loading message with the app.
fn main() {
    bulkpool_web::internal_error::install();
    let document = gloo_utils::document();
    if let Some(loading) = document.get_element_by_id("loading") {
        loading.remove();
    }
    yew::Renderer::<bulkpool_web::App>::new().render();
}
