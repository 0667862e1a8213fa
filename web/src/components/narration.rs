//! The narration: what just happened and why, with a link to the code it models (a kernel line
//! on Elixir, or the patch mail on lore) and to the discussion that decided it. An ARIA live
//! region, so a screen reader announces every step.

use bulkpool_allocator::source::SourceRef;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NarrationProps {
    pub text: AttrValue,
    pub source: Option<SourceRef>,
    pub step: usize,
}

#[function_component]
pub fn NarrationPanel(props: &NarrationProps) -> Html {
    html! {
        <section class="panel narration" aria-labelledby="narr-h">
            <h2 id="narr-h">{ "What happened" }</h2>
            <p class="narration-text" aria-live="polite" aria-atomic="true">{ props.text.clone() }</p>
            { match &props.source {
                Some(s) => html! {
                    <p class="source">
                        <span class="tag">{ s.tag }</span>{ " " }<span class="what">{ s.what }</span>
                        { match s.code {
                            Some(code) => html! { <>{ " · " }<a class="code-link" href={code.url()} target="_blank" rel="noopener noreferrer" title="the code this step models">{ code.label() }</a></> },
                            None => html! {},
                        } }
                        { match s.lore_url() {
                            Some(url) => html! { <>{ " · " }<a href={url} target="_blank" rel="noopener noreferrer">{ "discussion" }</a></> },
                            None => html! {},
                        } }
                    </p>
                },
                None => html! { <p class="source muted">{ "Press → or Space to start." }</p> },
            } }
        </section>
    }
}
