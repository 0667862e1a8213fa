//! The step view's panels below the player, shared by the first module (`lite.rs`) and the
//! whole app (`app.rs`): each column's panels of one pass of the first screen
//! (`hooks::stages`).

use super::{
    code::{call_path, CodePanel},
    counters::CountersPanel,
    delivery::DeliveryPanel,
    frames::{focus_of, FrameMap},
    mempool::MempoolPanel,
    pcp::PcpPanel,
    tasks::TasksPanel,
    zone::ZonePanel,
};
use crate::state::{TraceRef, WorldRef};
use bulkpool_allocator::model::world::Work;
use bulkpool_allocator::trace::event::Listing;
use bulkpool_allocator::Event;
use yew::prelude::*;

/// The run at a step, as the panels show it.
pub struct StepPanels<'a> {
    pub world: &'a WorldRef,
    pub trace: &'a TraceRef,
    pub event: Option<Event>,
    /// The step within the trace (`Player::main_step`).
    pub step: usize,
    /// The counters one step earlier (`Player::prev_work`).
    pub prev: Work,
    /// Predict mode is on: the panels give nothing of the run's future away.
    pub predicting: bool,
}

impl<'a> StepPanels<'a> {
    /// The panels of `p`'s step.
    pub fn of(p: &'a crate::state::Player) -> Self {
        StepPanels {
            world: &p.world,
            trace: &p.trace,
            event: p.event().copied(),
            step: p.main_step(),
            prev: p.prev_work,
            predicting: p.predict.is_some(),
        }
    }

    /// The state column: zone, pcp, mempool and tasks (the second pass).
    pub fn state(&self) -> Html {
        let (world, trace, event) = (self.world, self.trace, self.event);
        html! { <>
            <ZonePanel world={world.clone()} />
            <PcpPanel world={world.clone()} event={event} />
            <MempoolPanel world={world.clone()} trace={trace.clone()} event={event} />
            <TasksPanel world={world.clone()} trace={trace.clone()} current={event.map(|e| e.task)} />
        </> }
    }

    /// Under the narration: the delivery and the counters (the last pass).
    pub fn delivery(&self) -> Html {
        let (world, trace) = (self.world, self.trace);
        html! { <>
            <DeliveryPanel world={world.clone()} trace={trace.clone()} step={self.step} mode={trace.0.mode} event={self.event} />
            <CountersPanel work={world.0.work} prev={self.prev} />
        </> }
    }

    /// The explaining column: the code and the frame map (the last pass).
    pub fn explain(&self) -> Html {
        let default = if self.trace.0.scenario.pool.is_some() {
            Listing::MempoolBulk
        } else {
            Listing::BulkAlloc
        };
        html! { <>
            <CodePanel event={self.event} {default} path={call_path(&self.world.0, self.event)} trace={self.trace.clone()} predicting={self.predicting} />
            <FrameMap world={self.world.clone()} focus={focus_of(self.event)} />
        </> }
    }
}
