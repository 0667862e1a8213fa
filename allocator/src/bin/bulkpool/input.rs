//! What the command line reads: a preset or scenario file, a /proc file, the link base; and
//! how it names what it cannot run.

use crate::args::MAX_FILE_BYTES;
use bulkpool_allocator::scenario::import;
use bulkpool_allocator::view::link::{Link, Source};
use bulkpool_allocator::{presets, Mode, Scenario};

/// A /proc file (or a copy of one), read up to the import's limit: /proc reports no size.
pub(crate) fn read_proc(path: &str) -> Result<String, String> {
    use std::io::Read;
    let limit = import::MAX_TEXT;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("{path}: {e}"))?;
    if bytes.len() > limit {
        return Err(format!("{path}: more than {limit} bytes"));
    }
    // Not text: the parser names the first line it cannot read.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Where `make serve` serves the app: the link base when none is given.
pub(crate) const LOCAL_BASE: &str = "http://127.0.0.1:8080/";

/// The site a link points at: the flag, else `$BULKPOOL_LINK_BASE`. It must be an http(s)
/// address without a query or fragment, since the link's query is appended to it.
pub(crate) fn link_base(flag: Option<String>) -> Result<Option<String>, String> {
    let Some(b) = flag
        .or_else(|| std::env::var("BULKPOOL_LINK_BASE").ok())
        .filter(|b| !b.is_empty())
    else {
        return Ok(None);
    };
    let ok = (b.starts_with("https://") || b.starts_with("http://"))
        && !b.contains(['?', '#', ' '])
        && b.len() > "https://".len();
    if !ok {
        return Err(format!(
            "`{b}` is not a site address: give http(s)://host/path/ without ? or #"
        ));
    }
    Ok(Some(b))
}

/// The link to a scenario: a preset by id; a file that is a preset's variant (same name) as
/// that preset plus overrides; anything else compressed.
pub(crate) fn link_to(name: &str, sc: Scenario, l: Link) -> Link {
    let source = match presets::find(name) {
        Some(p) if p.scenario() == sc => Source::Preset(p.id),
        _ => Source::Custom {
            base: bulkpool_allocator::view::link::base_for(&sc),
            scenario: Box::new(sc),
        },
    };
    Link { source, ..l }
}

/// For a file that varies a preset: "s5 + zone.free=40, …".
pub(crate) fn variant_of(name: &str, sc: &Scenario) -> Option<String> {
    if presets::find(name).is_some() {
        return None;
    }
    let base = bulkpool_allocator::view::link::base_for(sc)?;
    bulkpool_allocator::view::link::variant_label(base, sc)
}

pub(crate) fn load(name: &str) -> Result<Scenario, String> {
    if let Some(p) = presets::find(name) {
        return Ok(p.scenario());
    }
    let path = std::path::Path::new(name);
    let meta = std::fs::metadata(path).map_err(|e| {
        format!("`{name}` is neither a preset (see `bulkpool list`) nor a readable file: {e}")
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{name}: {} bytes; scenario files are limited to {MAX_FILE_BYTES}",
            meta.len()
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    Scenario::from_json(&text).map_err(|e| format!("{name}: {e}"))
}

/// A scenario that cannot run in `mode`: the error, and the modes it can run in.
pub(crate) fn refused(name: &str, sc: &Scenario, mode: Mode, e: &impl std::fmt::Display) -> String {
    let offered: Vec<&str> = Mode::ALL
        .into_iter()
        .filter(|&m| m != mode && sc.validate(m).is_ok())
        .map(Mode::name)
        .collect();
    match offered.as_slice() {
        [] => format!("{name}: {e}"),
        [one] => format!("{name}: {e}; run it with --mode {one}"),
        many => format!(
            "{name}: {e}; run it with --mode {}",
            many.join(" or --mode ")
        ),
    }
}
