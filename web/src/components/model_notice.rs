//! Over a link made with another model, before anything else: which model made it, how many
//! changes came since and which of them name the link's preset (listed), every change behind a
//! disclosure (`model::version::notice`), a button that opens the same link in that model's
//! archived build where the site keeps one (`m/<model>/`, docs/HOSTING.md), and one to stay.
//!
//! The site says which builds it keeps in two `<meta>` tags that `scripts/site.sh` writes into
//! every page: `bulkpool-archives` (the models, "1 2") and `bulkpool-archive-base` (where they
//! are from this page: `m/` at the root, `../` inside an archived build). No request is made.

use bulkpool_allocator::model::version;
use yew::prelude::*;

/// The archived build of `model` on this site, relative to this page, if the site keeps it.
pub fn archive_of(model: u32) -> Option<String> {
    let doc = gloo_utils::document();
    let meta = |name: &str| {
        doc.query_selector(&format!("meta[name='{name}']"))
            .ok()
            .flatten()
            .and_then(|m| m.get_attribute("content"))
    };
    let kept = meta("bulkpool-archives")?;
    let base = meta("bulkpool-archive-base")?;
    kept.split_whitespace()
        .any(|m| m.parse() == Ok(model))
        .then(|| format!("{base}{model}/"))
}

#[derive(Properties, PartialEq)]
pub struct ModelNoticeProps {
    /// The model that made the link.
    pub model: u32,
    /// The link's query as it was opened, for the archived build.
    pub query: AttrValue,
    /// The preset the link's scenario is or was made from, if any: the changes that name it
    /// are listed first.
    #[prop_or_default]
    pub preset: Option<AttrValue>,
    pub on_stay: Callback<()>,
}

#[function_component]
pub fn ModelNotice(props: &ModelNoticeProps) -> Html {
    let Some(notice) = version::notice(props.model, props.preset.as_deref()) else {
        return html! {};
    };
    let list = |lines: &[&'static str]| {
        html! { <ul>{ for lines.iter().map(|l| html! { <li>{ *l }</li> }) }</ul> }
    };
    let archive = (props.model < version::MODEL)
        .then(|| archive_of(props.model))
        .flatten();
    let stay = props.on_stay.reform(|_: MouseEvent| ());
    html! {
        <div class="model-notice" role="region" aria-label="Made with another model">
            <p class="model-text">{ notice.head.clone() }</p>
            { match (&props.preset, notice.about.is_empty()) {
                (Some(id), false) => html! {
                    <div class="model-about"><p>{ format!("About {id}:") }</p>{ list(&notice.about) }</div>
                },
                _ => html! {},
            } }
            { if notice.all.is_empty() { html! {} } else { html! {
                <details class="model-changes">
                    <summary>{ format!("Every change since model {}", props.model) }</summary>
                    { list(&notice.all) }
                </details>
            } } }
            <p class="model-actions">
                { match archive {
                    Some(path) => html! {
                        <a class="open-archive button" href={format!("{path}{}", props.query)}>
                            { format!("Open it in model {}'s build", props.model) }
                        </a>
                    },
                    None => html! {
                        <span class="muted no-archive">{ format!("This site keeps no build of model {}.", props.model) }</span>
                    },
                } }
                <button class="stay" onclick={stay}>{ format!("Stay with model {}", version::MODEL) }</button>
            </p>
        </div>
    }
}
