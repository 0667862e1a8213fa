//! `bulkpool run --format json`: the run's events, each with its code line, source and
//! narration, and the summary.

use bulkpool_allocator::explain::narrate::narrate;
use bulkpool_allocator::explain::source::source_of_run;
use bulkpool_allocator::{Mode, Semantics, Trace};
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct JsonLine {
    listing: bulkpool_allocator::trace::listing::Listing,
    n: u8,
    text: &'static str,
}

#[derive(Serialize)]
pub(crate) struct JsonEvent<'a> {
    step: usize,
    time_ms: u64,
    task: &'a str,
    #[serde(flatten)]
    event: &'a bulkpool_allocator::Event,
    code: JsonLine,
    source: bulkpool_allocator::explain::source::SourceRef,
    narration: String,
}

#[derive(Serialize)]
pub(crate) struct JsonRun<'a> {
    scenario: &'a str,
    mode: Mode,
    /// False when no bulk interface runs (dm-crypt under v6.0 or v6.5+, free-only runs): the
    /// mode then changes nothing.
    delivery_applies: bool,
    /// An array-mode dm-crypt under the RFC or v2: neither series had one.
    what_if: bool,
    semantics: Semantics,
    /// A what-if's design choices (`model::policy`) and its departures from its version's
    /// own: absent for a named run.
    #[serde(skip_serializing_if = "Option::is_none")]
    policies: Option<bulkpool_allocator::model::policy::Policies>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    departures: Vec<String>,
    end: bulkpool_allocator::trace::End,
    summary: bulkpool_allocator::explain::summary::Summary,
    events: Vec<JsonEvent<'a>>,
}

pub(crate) fn json(t: &Trace) -> Result<String, String> {
    let names = |id: u8| t.task_name(id).to_string();
    let mut events = Vec::with_capacity(t.len());
    t.for_each_step(|i, ev, w| {
        events.push(JsonEvent {
            step: i + 1,
            time_ms: w.now_ms,
            task: t.task_name(ev.task),
            event: ev,
            code: JsonLine {
                listing: ev.line.0,
                n: ev.line.1,
                text: ev.line.0.line(ev.line.1),
            },
            source: source_of_run(ev, t.rules()),
            narration: narrate(ev, w, t.rules(), &names),
        })
    });
    let run = JsonRun {
        scenario: &t.scenario.name,
        mode: t.mode,
        delivery_applies: t.scenario.uses_delivery(t.semantics),
        what_if: t.scenario.is_array_dm_crypt_what_if(t.mode, t.semantics)
            || t.rules().is_what_if(),
        semantics: t.semantics,
        policies: t.rules().is_what_if().then_some(t.rules().policies),
        departures: t
            .rules()
            .departures()
            .iter()
            .map(|(a, v)| format!("{}:{v}", a.name()))
            .collect(),
        end: t.end,
        summary: t.summary(),
        events,
    };
    serde_json::to_string_pretty(&run)
        .map(|s| s + "\n")
        .map_err(|e| e.to_string())
}
