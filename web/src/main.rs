//! Entry point: replaces the page's loading message with the app.
fn main() {
    let document = gloo_utils::document();
    if let Some(loading) = document.get_element_by_id("loading") {
        loading.remove();
    }
    yew::Renderer::<bulkpool_web::App>::new().render();
}
