//! Entry point of the first module: installs the panic hook (a panic shows a notice), then
//! opens the page's link in the first module's app, or hands over to the whole app
//! (`bulkpool_web::lite::run`).
fn main() {
    bulkpool_web::internal_error::install();
    bulkpool_web::lite::run();
}
