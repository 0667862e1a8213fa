//! The guided tour on the page: the card of the open stop (its progress, title, text and one
//! thing to try, Back / Next / Close and a link to the stop), and the first visit's offer. The
//! card sits in the page's flow above the player, so it hides nothing, and the player under it
//! stays live. Its stops are `bulkpool_allocator::view::tour::STOPS`.

use crate::state::{Action, Player, Tour};
use bulkpool_allocator::view::tour::STOPS;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TourProps {
    /// The open stop, from 0.
    pub stop: usize,
    pub dispatch: UseReducerDispatcher<Player>,
}

fn send(d: &UseReducerDispatcher<Player>, t: Tour) -> Callback<MouseEvent> {
    let d = d.clone();
    Callback::from(move |_| crate::marks::dispatch(&d, Action::Tour(t)))
}

#[function_component]
pub fn TourCard(props: &TourProps) -> Html {
    let card = use_node_ref();
    // Focus moves to the card when the tour opens (not at each stop: Next keeps the focus).
    {
        let card = card.clone();
        use_effect_with((), move |_| {
            if let Some(el) = card.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let n = STOPS.len();
    let i = props.stop.min(n - 1);
    let stop = &STOPS[i];
    let last = i + 1 == n;
    let progress = format!("{} / {n}", i + 1);
    html! {
        <section class="tour" ref={card} tabindex="-1" aria-labelledby="tour-h" data-stop={(i + 1).to_string()}>
            <div class="tour-top">
                <p class="tour-progress"><span class="tour-word">{ "Tour" }</span>{ " " }<b>{ progress.clone() }</b></p>
                <progress class="tour-bar" max={n.to_string()} value={(i + 1).to_string()} aria-hidden="true"></progress>
                <a class="tour-link" href={format!("?tour={}", i + 1)} title="A link that opens this stop of the tour">{ "Link to this stop" }</a>
                <button class="close-x tour-close" aria-label="Close the tour" title="Close the tour (Esc)" onclick={send(&props.dispatch, Tour::Close)}>{ "×" }</button>
            </div>
            <h2 id="tour-h">{ stop.title }</h2>
            <p class="tour-text">{ stop.text }</p>
            <p class="tour-try"><b>{ "Try this: " }</b>{ stop.try_this }</p>
            <div class="tour-nav">
                <button class="tour-back" disabled={i == 0} onclick={send(&props.dispatch, Tour::Back)}>{ "← Back" }</button>
                <button class="tour-next" onclick={send(&props.dispatch, Tour::Next)}>{ if last { "Finish" } else { "Next →" } }</button>
                <span class="tour-keys muted">{ "PageDown / PageUp: next / back · Esc: leave the tour" }</span>
            </div>
            <p class="sr-only" aria-live="polite" aria-atomic="true">{ format!("Tour stop {progress}: {}", stop.title) }</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct OfferProps {
    /// The stop a tour left midway would resume at (from 0), or none for a first visit.
    pub resume: Option<usize>,
    pub dispatch: UseReducerDispatcher<Player>,
}

/// "New here?": offered on a first visit with no link parameters, or to resume a tour left
/// midway.
#[function_component]
pub fn TourOffer(props: &OfferProps) -> Html {
    let n = STOPS.len();
    let (head, start) = match props.resume {
        Some(i) => (
            "Welcome back".to_string(),
            format!("Resume the tour at {} / {n}", i + 1),
        ),
        None => (
            "New here? Take the tour".to_string(),
            "Start the tour".to_string(),
        ),
    };
    html! {
        <section class="tour-offer" aria-labelledby="tour-offer-h">
            <h2 id="tour-offer-h">{ head }</h2>
            <p>{ format!("{n} short stops, about ten minutes: what the page allocator and a mempool are, why dm-crypt wanted pages in bulk, why Yang Shi's RFC was argued over, and what Linux did instead. Every stop is the live player: step, switch and explore as you go.") }</p>
            <div class="tour-nav">
                <button class="tour-start" onclick={send(&props.dispatch, Tour::Resume)}>{ start }</button>
                <button class="tour-decline" onclick={send(&props.dispatch, Tour::Decline)}>{ "Not now" }</button>
            </div>
        </section>
    }
}
