//! The narration: what just happened and why, with a link to the code it models (a kernel line
//! on Elixir, or the patch mail on lore) and to the discussion that decided it. An ARIA live
//! region, so a screen reader announces every step. At the last step it adds how the run ended.

use bulkpool_allocator::explain::outcome::Outcome;
use bulkpool_allocator::explain::source::SourceRef;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NarrationProps {
    pub text: AttrValue,
    pub source: Option<SourceRef>,
    pub step: usize,
    /// The run's outcome, shown at its last step.
    #[prop_or_default]
    pub outcome: Option<AttrValue>,
    /// Its class, as a badge beside the heading.
    #[prop_or_default]
    pub ended: Option<Outcome>,
}

/// A badge for how a run ended: its class's word, coloured by class ("completed" alone is
/// green), and any caller bug; the rule that decided it is its title.
pub fn outcome_badge(o: &Outcome) -> Html {
    let class = o.class.name();
    html! {
        <span class={classes!("outcome-badge", format!("o-{class}"))} data-outcome={class} title={o.rule.clone()}>
            { o.label() }
            { match &o.caller_bug { Some(b) => html! { <span class="caller-bug">{ format!(" · caller bug: {b}") }</span> }, None => html! {} } }
        </span>
    }
}

/// Text with a line-break opportunity after every `|`, so that a gfp mask such as
/// `GFP_NOIO|NORETRY|NOMEMALLOC` wraps inside a narrow panel instead of overflowing it.
pub fn breakable(text: &str) -> Html {
    let mut parts = text.split('|').peekable();
    let mut out = Vec::new();
    while let Some(p) = parts.next() {
        out.push(html! { { p.to_string() } });
        if parts.peek().is_some() {
            out.push(html! { <>{ "|" }<wbr /></> });
        }
    }
    out.into_iter().collect()
}

#[function_component]
pub fn NarrationPanel(props: &NarrationProps) -> Html {
    html! {
        <section class="panel narration" aria-labelledby="narr-h">
            <h2 id="narr-h">{ "What happened" }</h2>
            <p class="narration-text" aria-live="polite" aria-atomic="true" elementtiming="narration">{ breakable(&props.text) }</p>
            { match &props.source {
                Some(s) => html! {
                    <p class="source">
                        <span class="tag" title={bulkpool_allocator::explain::source::TAGS.iter().find(|t| t.0 == s.tag).map(|t| t.1)}>{ s.tag }</span>{ " " }<span class="what">{ s.what }</span>
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
                None => html! { <p class="source muted">{ "Press → or Space to start, or use the buttons above." }</p> },
            } }
            { match &props.outcome {
                Some(o) => html! {
                    <div class="outcome">
                        <h3>{ "How the run ended" }{ " " }{ props.ended.as_ref().map(outcome_badge).unwrap_or_default() }</h3>
                        <p class="outcome-text">{ breakable(o) }</p>
                    </div>
                },
                None => html! {},
            } }
        </section>
    }
}
