//! bulkpool-web: the Yew front end. It renders what `bulkpool_allocator` computed.
use bulkpool_allocator::Gfp;
use yew::prelude::*;

/// The root component.
#[function_component]
pub fn App() -> Html {
    let index = use_state(|| 0usize);
    let (gfp, name) = Gfp::COMPOSITES[*index % Gfp::COMPOSITES.len()];
    let next = {
        let index = index.clone();
        Callback::from(move |_| index.set(*index + 1))
    };
    html! {
        <main>
            <h1>{ "bulkpool" }</h1>
            <p class="gfp-name">{ name }</p>
            <p class="gfp-flags">{ gfp.flag_names().join(" | ") }</p>
            <button class="next-gfp" onclick={next}>{ "Next mask" }</button>
        </main>
    }
}
