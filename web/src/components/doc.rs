//! A document of the repository's `docs/`, shipped beside the app (Trunk copies it) and fetched
//! when first shown, so that it costs the WebAssembly module nothing; shown as a page of
//! headings, lists, tables and links (`crate::markdown`), its headings below the dialog's own.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::markdown::{parse, Block, Inline};

#[derive(Properties, PartialEq)]
pub struct DocProps {
    /// The file under `docs/`, e.g. `SCENARIO.md`.
    pub name: AttrValue,
}

fn inlines(v: &[Inline]) -> Html {
    html! { <>{ for v.iter().map(|i| match i {
        Inline::Text(t) => html! { { t.clone() } },
        Inline::Code(t) => html! { <code>{ t.clone() }</code> },
        Inline::Strong(v) => html! { <strong>{ inlines(v) }</strong> },
        Inline::Em(v) => html! { <em>{ inlines(v) }</em> },
        // A relative link is a document beside this one under docs/.
        Inline::Link { text, href } => {
            let external = href.starts_with("http");
            let href = if external || href.starts_with('#') { href.clone() } else { format!("docs/{href}") };
            html! { <a {href} target={external.then_some("_blank")} rel={external.then_some("noopener noreferrer")}>{ inlines(text) }</a> }
        }
    }) }</> }
}

/// The blocks as elements; headings `shift` levels down (a document's `#` under the dialog's
/// `h2` is an `h3`).
pub fn render(blocks: &[Block], shift: u8) -> Html {
    html! { <>{ for blocks.iter().map(|b| match b {
        Block::Heading(level, text, id) => {
            let tag = format!("h{}", (level + shift).min(6));
            html! { <@{tag} id={format!("doc-{id}")}>{ inlines(text) }</@> }
        }
        Block::Para(t) => html! { <p>{ inlines(t) }</p> },
        Block::List { ordered: true, items } => html! {
            <ol>{ for items.iter().map(|i| html! { <li>{ inlines(&i.text) }{ render(&i.children, shift) }</li> }) }</ol>
        },
        Block::List { ordered: false, items } => html! {
            <ul>{ for items.iter().map(|i| html! { <li>{ inlines(&i.text) }{ render(&i.children, shift) }</li> }) }</ul>
        },
        Block::Table { head, rows } => html! {
            <div class="doc-table">
                <table>
                    { if head.is_empty() { html! {} } else { html! {
                        <thead><tr>{ for head.iter().map(|c| html! { <th scope="col">{ inlines(c) }</th> }) }</tr></thead>
                    } } }
                    <tbody>{ for rows.iter().map(|r| html! { <tr>{ for r.iter().map(|c| html! { <td>{ inlines(c) }</td> }) }</tr> }) }</tbody>
                </table>
            </div>
        },
        Block::Code(c) => html! { <pre><code>{ c.clone() }</code></pre> },
    }) }</> }
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
        Some(Ok(t)) => html! { <div class="doc">{ render(&parse(t), 2) }</div> },
        Some(Err(e)) => html! {
            <p class="muted">{ format!("docs/{} could not be loaded ({e}); it is in the repository.", props.name) }</p>
        },
    }
}
