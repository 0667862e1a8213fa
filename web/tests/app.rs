#![cfg(target_arch = "wasm32")]
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> web_sys::Element {
    let doc = gloo_utils::document();
    let root = doc.create_element("section").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<bulkpool_web::App>::with_root(root.clone()).render();
    root
}

#[wasm_bindgen_test]
async fn clicking_next_shows_the_next_mask() {
    let root = mount();
    yew::scheduler::flush().await;
    let name = root.query_selector(".gfp-name").unwrap().unwrap();
    assert_eq!(name.text_content().unwrap(), "GFP_KERNEL");
    let button: HtmlElement = root
        .query_selector(".next-gfp")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    button.click();
    yew::scheduler::flush().await;
    assert_eq!(name.text_content().unwrap(), "GFP_NOFS");
    let flags = root.query_selector(".gfp-flags").unwrap().unwrap();
    assert_eq!(
        flags.text_content().unwrap(),
        "KSWAPD_RECLAIM | DIRECT_RECLAIM | IO"
    );
}
