//! The Explore panel's knobs and sweep, as a component: values and bounds from the scenario,
//! an out-of-bounds value refused beside its knob, a good one handed on, and a sweep's point
//! opened.
#![cfg(target_arch = "wasm32")]

mod common;

use bulkpool_allocator::{presets, Mode, Scenario, Semantics};
use bulkpool_web::components::explore::{ExplorePanel, ExploreProps, ScenarioRef};
use common::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

type Opened = Rc<RefCell<Vec<(Scenario, Mode, Option<Semantics>)>>>;

/// The panel's element, the scenarios it handed on, the points it opened, and its resets.
type Mounted = (
    web_sys::Element,
    Rc<RefCell<Vec<Scenario>>>,
    Opened,
    Rc<RefCell<u32>>,
);

async fn mount(base: Option<&'static str>) -> Mounted {
    mount_with(presets::find("s1").unwrap().scenario(), base).await
}

async fn mount_with(scenario: Scenario, base: Option<&'static str>) -> Mounted {
    let el = root();
    let changed = Rc::new(RefCell::new(Vec::new()));
    let opened: Opened = Rc::new(RefCell::new(Vec::new()));
    let resets = Rc::new(RefCell::new(0));
    let props = ExploreProps {
        scenario: ScenarioRef(Rc::new(scenario)),
        mode: Mode::List,
        base: base.map(Into::into),
        on_change: {
            let c = changed.clone();
            Callback::from(move |sc| c.borrow_mut().push(sc))
        },
        on_reset: {
            let r = resets.clone();
            Callback::from(move |_| *r.borrow_mut() += 1)
        },
        on_open: {
            let o = opened.clone();
            Callback::from(move |p| o.borrow_mut().push(p))
        },
        debounce_ms: 0,
    };
    yew::Renderer::<ExplorePanel>::with_root_and_props(el.clone(), props).render();
    yew::scheduler::flush().await;
    (el, changed, opened, resets)
}

fn input(el: &web_sys::Element, path: &str) -> HtmlInputElement {
    q(el, &format!("input[data-path=\"{path}\"]"))
        .dyn_into()
        .unwrap()
}

fn change(target: &web_sys::EventTarget) {
    let ev = web_sys::Event::new_with_event_init_dict("change", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    target.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn knobs_show_the_scenario_with_its_bounds() {
    let (el, _, _, _) = mount(None).await;
    let free = input(&el, "zone.free");
    assert_eq!(free.value(), "800");
    assert_eq!(
        (free.min(), free.max()),
        ("0".to_string(), "1024".to_string())
    );
    assert_eq!(input(&el, "tasks.0.ops.0.nr").value(), "8");
    assert_eq!(input(&el, "pool.curr_nr").max(), "8");
    let gfp: HtmlSelectElement = q(&el, "select[data-path=\"tasks.0.ops.0.gfp\"]")
        .dyn_into()
        .unwrap();
    assert_eq!(gfp.value(), "GFP_NOIO");
    assert!(
        el.query_selector(".reset-preset").unwrap().is_none(),
        "nothing to reset on the preset"
    );
    // The ranges are the format's until those that run are found, a task later, and the
    // panel says which they are.
    assert_eq!(ranges_of(&el), "pending");
    until(&el, |el| ranges_of(el) == "run").await;
    assert!(text(&el, ".knob-ranges").contains("the values that run"));
}

fn ranges_of(el: &web_sys::Element) -> String {
    q(el, ".knob-ranges")
        .get_attribute("data-ranges")
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_scenario_too_large_to_check_says_its_ranges_are_the_formats() {
    // s1 with 100 I/O waits: too many ops times knobs to narrow (`narrows`).
    let mut sc = presets::find("s1").unwrap().scenario();
    sc.tasks[0].ops.extend(std::iter::repeat_n(
        bulkpool_allocator::Op::Io { ms: 1 },
        100,
    ));
    let (el, _, _, _) = mount_with(sc, None).await;
    assert_eq!(ranges_of(&el), "format");
    assert!(text(&el, ".knob-ranges").contains("the format's bounds: this scenario is too large"));
}

#[wasm_bindgen_test]
async fn a_bad_value_is_refused_beside_its_knob_and_a_good_one_is_handed_on() {
    let (el, changed, _, resets) = mount(Some("s1")).await;
    let batch = input(&el, "pcp.batch");
    batch.set_value("0");
    change(&batch);
    yew::scheduler::flush().await;
    assert!(
        text(&el, ".knob-error").contains("pcp.batch"),
        "{}",
        text(&el, ".knob-error")
    );
    assert_eq!(batch.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(changed.borrow().is_empty(), "nothing runs");
    batch.set_value("16");
    change(&batch);
    let free = input(&el, "zone.free");
    free.set_value("700");
    change(&free);
    yew::scheduler::flush().await;
    assert!(el.query_selector(".knob-error").unwrap().is_none());
    let last = changed
        .borrow()
        .last()
        .cloned()
        .expect("a change was handed on");
    assert_eq!(
        (last.zone.free, last.pcp.batch),
        (Some(700), 16),
        "both typed values count"
    );
    q(&el, ".reset-preset")
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    assert_eq!(
        *resets.borrow(),
        1,
        "Reset to preset is offered for a variant and reports"
    );
}

#[wasm_bindgen_test]
async fn a_sweep_draws_a_line_per_mode_and_a_point_opens_its_run() {
    let (el, _, opened, _) = mount(None).await;
    let param: HtmlSelectElement = q(&el, ".sweep-param").dyn_into().unwrap();
    param.set_value("tasks.0.ops.0.nr");
    change(&param);
    yew::scheduler::flush().await;
    for (sel, v) in [
        (".sweep-from", "4"),
        (".sweep-to", "6"),
        (".sweep-step", "1"),
    ] {
        let i: HtmlInputElement = q(&el, sel).dyn_into().unwrap();
        i.set_value(v);
        change(&i);
        yew::scheduler::flush().await;
    }
    q(&el, ".sweep-draw")
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    // The sweep is computed in slices on timers; the chart appears when it is done.
    appears(&el, ".sweep-time").await;
    yew::scheduler::flush().await;
    let lines: Vec<(String, String)> = all(&el, ".sweep-svg .sweep-line[data-points]")
        .iter()
        .map(|g| {
            (
                g.get_attribute("data-line").unwrap(),
                g.get_attribute("data-points").unwrap(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = ["list", "array", "callback"]
        .iter()
        .map(|l| (l.to_string(), "3".to_string()))
        .collect();
    assert_eq!(lines, want);
    assert!(text(&el, ".sweep-time").starts_with("9 runs in"));
    // Keyboard: → to N = 5, ↓ to the array line; the readout says so.
    let svg = q(&el, ".sweep-svg");
    for key in ["ArrowRight", "ArrowDown"] {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        let ev =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        svg.dispatch_event(&ev).unwrap();
        yew::scheduler::flush().await;
    }
    assert!(text(&el, ".sweep-readout").starts_with("array · RFC 2022 at tasks.0.ops.0.nr = 5: "));
    // A click where that point is drawn opens its run: s1 with N = 5, in array mode.
    let at = q(&el, ".pt.active").get_bounding_client_rect();
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_client_x((at.left() + at.width() / 2.0) as i32);
    init.set_client_y((at.top() + at.height() / 2.0) as i32);
    let click = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    svg.dispatch_event(&click).unwrap();
    yew::scheduler::flush().await;
    let opened = opened.borrow();
    let (sc, mode, sem) = opened.last().expect("the point opened");
    assert_eq!((*mode, *sem), (Mode::Array, None));
    assert_eq!(
        sc.mode,
        Mode::List,
        "the scenario keeps its own mode; the link carries the mode"
    );
    match &sc.tasks[0].ops[0] {
        bulkpool_allocator::Op::MempoolBulk { nr, .. } => assert_eq!(*nr, 5),
        op => panic!("{op:?}"),
    }
}
