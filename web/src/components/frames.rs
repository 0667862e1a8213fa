//! The frame map: one cell per page frame, coloured by where the frame is, drawn on a canvas
//! with one `putImageData`. Zones of more than `MAX_CELLS` frames show one cell per 2^k frames
//! (`World::frame_map`), so every step costs the same from 65,536 frames up. The legend with
//! exact counts is its text alternative.

use crate::state::WorldRef;
use bulkpool_allocator::explain::units::percent;
use bulkpool_allocator::model::frames::FrameMap as FrameMapData;
use bulkpool_allocator::model::world::FrameClass;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};
use yew::prelude::*;

/// Okabe–Ito colours (colour-blind safe), as RGB.
pub fn rgb(c: FrameClass) -> [u8; 3] {
    match c {
        FrameClass::Buddy => [0x00, 0x9E, 0x73],
        FrameClass::Reserved => [0x7F, 0x9F, 0x95],
        FrameClass::Pcp => [0x56, 0xB4, 0xE9],
        FrameClass::Pool => [0xE6, 0x9F, 0x00],
        FrameClass::Held => [0x00, 0x72, 0xB2],
        FrameClass::Bio => [0xCC, 0x79, 0xA7],
        FrameClass::Reclaimable => [0xF0, 0xE4, 0x42],
        FrameClass::Used => [0x9A, 0x9A, 0x9A],
    }
}

/// Grid width in cells: a square-ish grid, 32 wide for a 1024-frame zone.
pub fn columns(frames: usize) -> usize {
    let mut w = 1;
    while w * w < frames {
        w *= 2;
    }
    w.max(8)
}

#[derive(Properties, PartialEq)]
pub struct FramesProps {
    pub world: WorldRef,
    /// The frame the current step is about, outlined on the map.
    #[prop_or_default]
    pub focus: Option<u32>,
}

/// The page frame an event is about, if it names one.
pub fn focus_of(event: Option<bulkpool_allocator::Event>) -> Option<u32> {
    use bulkpool_allocator::trace::event::EventKind as K;
    match event?.kind {
        K::Take { pfn, .. } | K::Free { pfn, .. } | K::BvecAdd { pfn, .. } => Some(pfn),
        K::TakeCompound { pfn, .. } | K::FreeCompound { pfn, .. } => Some(pfn),
        K::PcpRefill { got, first, .. } if got > 0 => Some(first),
        _ => None,
    }
}

/// The most cells the map draws.
pub const MAX_CELLS: usize = 65_536;

#[function_component]
pub fn FrameMap(props: &FramesProps) -> Html {
    let canvas = use_node_ref();
    let world = props.world.clone();
    let frames = world.0.zone.pages as usize;
    let map = use_memo(world.clone(), |w| w.0.frame_map(MAX_CELLS));
    let span = map.span;
    let cells = map.classes.len();
    let cols = columns(cells);
    let rows = cells.div_ceil(cols);
    {
        let canvas = canvas.clone();
        use_effect_with(map.clone(), move |map| {
            draw(&canvas, map, cols, rows);
        });
    }
    let counts = map.counts.clone();
    html! {
        <section class="panel frames" aria-labelledby="frames-h">
            <h2 id="frames-h">{ if span == 1 { format!("Frame map ({frames} frames)") } else { format!("Frame map ({frames} frames, {span} a cell)") } }</h2>
            <div class="frame-box">
                <canvas ref={canvas} class="frame-canvas" width={cols.to_string()} height={rows.to_string()}
                    role="img" aria-label={format!("{frames} page frames coloured by state; counts in the legend")}></canvas>
                { for props.focus.filter(|p| (*p as usize) < frames).map(|p| {
                    let cell = p as usize / span;
                    let (x, y) = (cell % cols, cell / cols);
                    html! {
                        <span class="frame-focus" title={format!("page {p}")} style={format!(
                            "left: {}; top: {}; width: {}; height: {}",
                            percent(x as u64, cols as u64), percent(y as u64, rows as u64), percent(1, cols as u64), percent(1, rows as u64))}></span>
                    }
                }) }
            </div>
            <ul class="legend" aria-label="Frames by state">
                { for counts.iter().filter(|(_, n)| *n > 0).map(|(c, n)| {
                    let [r, g, b] = rgb(*c);
                    html! {
                        <li data-class={format!("{c:?}").to_lowercase()}>
                            <span class="swatch" style={format!("background: rgb({r},{g},{b})")}></span>
                            { format!("{} {n}", c.name()) }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

fn draw(canvas: &NodeRef, map: &FrameMapData, cols: usize, rows: usize) {
    let Some(el) = canvas.cast::<HtmlCanvasElement>() else {
        return;
    };
    let Some(ctx) = el
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let mut pixels = vec![0u8; cols * rows * 4];
    for (i, c) in map.classes.iter().enumerate() {
        let [r, g, b] = rgb(*c);
        pixels[i * 4..i * 4 + 4].copy_from_slice(&[r, g, b, 255]);
    }
    if let Ok(image) =
        ImageData::new_with_u8_clamped_array_and_sh(Clamped(&pixels), cols as u32, rows as u32)
    {
        let _ = ctx.put_image_data(&image, 0.0, 0.0);
    }
}
