//! Copy ▾ in the player: the menu's button, and the menu itself (`share::ShareMenu`, in the
//! module loaded on first use, `crate::lazy`) once it is opened. Pointing at the button starts
//! loading that module, so the menu is usually there by the time the click lands; until then
//! the open menu says it is loading.

use crate::bridge::{json, ShareArgs};
use crate::lazy::Lazy;
use web_sys::HtmlDetailsElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CopyProps {
    /// The view's query at step 0 (`url::query`): the choice, the view and the lanes.
    pub query: AttrValue,
    /// The step the page shows.
    pub step: usize,
    /// The number of steps of the page's run.
    pub total: usize,
}

#[function_component]
pub fn CopyMenu(props: &CopyProps) -> Html {
    // Once opened: whether it was left open.
    let asked = use_state(|| None::<bool>);
    let menu = |open: bool, body: Html| {
        html! {
            <div class="share">
                <details class="share-menu" {open}>
                    <summary>{ "Copy ▾" }</summary>
                    { body }
                </details>
                <span class="share-status" role="status"></span>
            </div>
        }
    };
    match *asked {
        None => {
            let ontoggle = {
                let asked = asked.clone();
                Callback::from(move |e: Event| {
                    let open = e
                        .target_dyn_into::<HtmlDetailsElement>()
                        .is_some_and(|d| d.open());
                    asked.set(Some(open));
                })
            };
            let prefetch = Callback::from(|_: PointerEvent| crate::lazy::prefetch());
            html! {
                <div class="share" onpointerenter={prefetch}>
                    <details class="share-menu" {ontoggle}>
                        <summary>{ "Copy ▾" }</summary>
                    </details>
                    <span class="share-status" role="status"></span>
                </div>
            }
        }
        Some(open) => {
            let args = json(&ShareArgs {
                query: props.query.to_string(),
                step: props.step,
                total: props.total,
                open,
            });
            html! {
                <Lazy kind="share" args={AttrValue::from(args)} on_msg={Callback::noop()}>
                    { menu(open, html! { <p class="muted lazy-loading">{ "Loading…" }</p> }) }
                </Lazy>
            }
        }
    }
}
