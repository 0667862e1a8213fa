//! A document of the repository's `docs/`, shipped beside the app (Trunk copies it) and fetched
//! when first shown, so that it costs the WebAssembly module nothing.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DocProps {
    /// The file under `docs/`, e.g. `SCENARIO.md`.
    pub name: AttrValue,
}

/// Fetches `docs/<name>` relative to the page (so it works under any sub-path).
async fn fetch(name: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(&format!("docs/{name}")))
        .await
        .map_err(|_| "the request failed".to_string())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "no response")?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = response.text().map_err(|_| "no text")?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| "not text".to_string())
}

#[function_component]
pub fn Doc(props: &DocProps) -> Html {
    let text = use_state(|| None::<Result<String, String>>);
    {
        let (text, name) = (text.clone(), props.name.clone());
        use_effect_with(name, move |name| {
            let name = name.to_string();
            wasm_bindgen_futures::spawn_local(async move { text.set(Some(fetch(&name).await)) });
        });
    }
    match &*text {
        None => html! { <p class="muted">{ "Loading…" }</p> },
        Some(Ok(t)) => html! { <pre class="doc">{ t.clone() }</pre> },
        Some(Err(e)) => html! {
            <p class="muted">{ format!("docs/{} could not be loaded ({e}); it is in the repository.", props.name) }</p>
        },
    }
}
