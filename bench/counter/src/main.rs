use yew::prelude::*;

#[function_component]
fn App() -> Html {
    let n = use_state(|| 0);
    let inc = { let n = n.clone(); Callback::from(move |_| n.set(*n + 1)) };
    html! { <div><button onclick={inc}>{ "+1" }</button><p>{ *n }</p></div> }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
