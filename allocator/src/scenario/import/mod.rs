//! A scenario from a real machine: `/proc/zoneinfo` and `/proc/buddyinfo` (and, if given,
//! `/proc/pagetypeinfo`) of one zone and one CPU, with one dm-crypt bio on dm-crypt's page
//! pool (docs/IMPORT.md). Nothing read is trusted: a line of the wrong shape is an error naming
//! it, and the scenario built from the numbers goes through `Scenario::validate` and the layout
//! before it is handed out. A zone above the model's 2^20 frames is refused, never shrunk,
//! unless the caller asks for `scale` (every page count of the zone divided by it, said in the
//! scenario's name and description).

pub mod buddyinfo;
mod build;
mod migrate;
mod refs;
pub mod zoneinfo;

use crate::scenario::{limits, Scenario};
use buddyinfo::{Row, TypeRow};
pub use build::BIO_PAGES;
pub use refs::KERNEL_REFS;
use zoneinfo::Zone;

/// Each file is refused above this size, before it is parsed (a zoneinfo of 1,024 CPUs and 8
/// nodes is about 2 MiB).
pub const MAX_TEXT: usize = 4 << 20;
/// The largest `scale`.
pub const MAX_SCALE: u32 = 1 << 16;

/// What went wrong, in one line naming the file and the line where there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub message: String,
}

impl ImportError {
    fn at(file: &str, line: usize, message: impl std::fmt::Display) -> ImportError {
        ImportError {
            message: format!("{file} line {line}: {message}"),
        }
    }
    fn file(file: &str, message: impl std::fmt::Display) -> ImportError {
        ImportError {
            message: format!("{file}: {message}"),
        }
    }
    fn of(z: &Zone, message: impl std::fmt::Display) -> ImportError {
        ImportError {
            message: format!("{} (zoneinfo line {}): {message}", z.label(), z.line),
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ImportError {}

/// Which zone and CPU, and the opt-in scale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// A zone name (any case). Unset: the zone a GFP_KERNEL allocation tries first, `Normal`
    /// or the highest populated zone below it.
    pub zone: Option<String>,
    /// Unset: the first node of zoneinfo.
    pub node: Option<u32>,
    /// Unset: CPU 0, else the zone's first CPU.
    pub cpu: Option<u32>,
    /// 1 = as is; k divides every page count of the zone by k.
    pub scale: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            zone: None,
            node: None,
            cpu: None,
            scale: 1,
        }
    }
}

/// The scenario and what the import did to get it: every field it ignored, every number it
/// adapted, the scale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub scenario: Scenario,
    pub notes: Vec<String>,
}

/// A zone a user can pick: in both files and with pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneChoice {
    pub node: u32,
    pub name: String,
    /// Managed pages (present on kernels that print no `managed`).
    pub frames: u64,
    /// The smallest scale that fits it in the model (1: as is).
    pub min_scale: u64,
}

impl ZoneChoice {
    /// "node 0 DMA32 · 772848 pages" with ", needs ×1/2" when it does not fit.
    pub fn label(&self) -> String {
        let mut s = format!("node {} {} · {} pages", self.node, self.name, self.frames);
        if self.min_scale > 1 {
            s.push_str(&format!(", needs ×1/{}", self.min_scale));
        }
        s
    }
}

/// The files, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub zones: Vec<Zone>,
    pub rows: Vec<Row>,
    pub types: Option<Vec<TypeRow>>,
}

/// Parses the files (each at most `MAX_TEXT` bytes).
pub fn parse(
    zoneinfo: &str,
    buddyinfo: &str,
    pagetypeinfo: Option<&str>,
) -> Result<Parsed, ImportError> {
    for (file, text) in [
        ("zoneinfo", Some(zoneinfo)),
        ("buddyinfo", Some(buddyinfo)),
        ("pagetypeinfo", pagetypeinfo),
    ] {
        if let Some(t) = text.filter(|t| t.len() > MAX_TEXT) {
            return Err(ImportError::file(
                file,
                format!("{} bytes; the limit is {MAX_TEXT}", t.len()),
            ));
        }
    }
    Ok(Parsed {
        zones: zoneinfo::parse(zoneinfo)?,
        rows: buddyinfo::parse(buddyinfo)?,
        types: pagetypeinfo.map(buddyinfo::parse_pagetypes).transpose()?,
    })
}

/// Parses the files and imports one zone: `parse` then `Parsed::import`.
pub fn import(
    zoneinfo: &str,
    buddyinfo: &str,
    pagetypeinfo: Option<&str>,
    options: &Options,
) -> Result<Imported, ImportError> {
    parse(zoneinfo, buddyinfo, pagetypeinfo)?.import(options)
}

impl Parsed {
    fn row(&self, z: &Zone) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| r.node == z.node && r.zone == z.name)
    }

    /// The zones of zoneinfo that have pages and a buddyinfo row, in file order.
    pub fn choices(&self) -> Vec<ZoneChoice> {
        self.zones
            .iter()
            .filter(|z| z.populated() && self.row(z).is_some())
            .filter_map(|z| {
                let frames = z.frames()?.value;
                Some(ZoneChoice {
                    node: z.node,
                    name: z.name.clone(),
                    frames,
                    min_scale: frames.div_ceil(limits::MAX_FRAMES as u64).max(1),
                })
            })
            .collect()
    }

    /// The zone `options` asks for, or the one a GFP_KERNEL allocation on that node tries
    /// first: `Normal`, else the highest populated zone below it.
    pub fn pick(&self, options: &Options) -> Result<&Zone, ImportError> {
        let node = options
            .node
            .unwrap_or_else(|| self.zones.first().map_or(0, |z| z.node));
        let listed: Vec<&Zone> = self.zones.iter().filter(|z| z.node == node).collect();
        if listed.is_empty() {
            let mut nodes: Vec<u32> = self.zones.iter().map(|z| z.node).collect();
            nodes.dedup();
            let nodes = nodes.iter().map(u32::to_string).collect();
            return Err(ImportError::file(
                "zoneinfo",
                format!("no node {node} (its nodes: {})", some(nodes)),
            ));
        }
        let usable = |z: &&&Zone| z.populated() && self.row(z).is_some();
        let z = match &options.zone {
            Some(name) => listed
                .iter()
                .find(|z| z.name.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    let names = listed.iter().map(|z| z.name.clone()).collect();
                    ImportError::file(
                        "zoneinfo",
                        format!(
                            "node {node} has no zone `{}` (its zones: {})",
                            preview_plain(name),
                            some(names)
                        ),
                    )
                })?,
            None => {
                let below_normal = match listed.iter().position(|z| z.name == "Normal") {
                    Some(i) => listed[..=i].iter().rev().find(usable),
                    None => listed.iter().rev().find(|z| {
                        usable(z) && !matches!(z.name.as_str(), "HighMem" | "Movable" | "Device")
                    }),
                };
                below_normal
                    .or_else(|| listed.iter().find(usable))
                    .ok_or_else(|| {
                        ImportError::file(
                            "zoneinfo",
                            format!("node {node} has no zone with pages that buddyinfo lists"),
                        )
                    })?
            }
        };
        if z.frames().is_none() {
            return Err(ImportError::of(
                z,
                "no `managed` or `present` line (is the file cut short?)",
            ));
        }
        if !z.populated() {
            return Err(ImportError::of(
                z,
                "has no pages (managed 0): the kernel lists it but nothing can be allocated from it",
            ));
        }
        if self.row(z).is_none() {
            let listed: Vec<String> = self
                .rows
                .iter()
                .map(|r| format!("node {} {}", r.node, r.zone))
                .collect();
            return Err(ImportError::of(
                z,
                format!(
                    "not in buddyinfo, which lists {}: were the two files taken on the same machine?",
                    some(listed)
                ),
            ));
        }
        Ok(z)
    }

    /// The scenario of one zone and one CPU (see the module's comment).
    pub fn import(&self, options: &Options) -> Result<Imported, ImportError> {
        if !(1..=MAX_SCALE).contains(&options.scale) {
            return Err(ImportError {
                message: format!(
                    "scale {}: it must be 1 (as is) to {MAX_SCALE}",
                    options.scale
                ),
            });
        }
        let z = self.pick(options)?;
        let row = self
            .row(z)
            .ok_or_else(|| ImportError::of(z, "not in buddyinfo"))?;
        let cpu = match options.cpu {
            Some(c) => z.cpus.iter().find(|p| p.cpu == c),
            None => z.cpus.iter().find(|p| p.cpu == 0).or(z.cpus.first()),
        };
        let Some(pcp) = cpu else {
            let cpus: Vec<String> = z.cpus.iter().map(|p| p.cpu.to_string()).collect();
            let message = if cpus.is_empty() {
                "has no `pagesets` (is the file cut short?)".to_string()
            } else {
                format!(
                    "no cpu {} in its pagesets (cpus: {})",
                    options.cpu.unwrap_or(0),
                    some(cpus)
                )
            };
            return Err(ImportError::of(z, message));
        };
        build::build(self, z, row, pcp, options.scale)
    }
}

/// `Node <n>, zone <name>` at the start of a line: the node, the zone's name, whether a comma
/// follows the name (pagetypeinfo's rows), and the tokens after it (at most 64).
pub(crate) fn node_zone(line: &str) -> Option<(u32, &str, bool, Vec<&str>)> {
    let mut it = line.split_whitespace();
    if it.next()? != "Node" {
        return None;
    }
    let node = it.next()?.strip_suffix(',')?;
    if node.is_empty() || node.len() > 5 || !node.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let node: u32 = node.parse().ok()?;
    if it.next()? != "zone" {
        return None;
    }
    let zone = it.next()?;
    let (zone, comma) = match zone.strip_suffix(',') {
        Some(z) => (z, true),
        None => (zone, false),
    };
    let ok = !zone.is_empty()
        && zone.len() <= 32
        && zone
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    ok.then(|| (node, zone, comma, it.take(64).collect()))
}

/// At most 12 items, then how many more.
fn some(items: Vec<String>) -> String {
    let more = items.len().saturating_sub(12);
    let mut s = items.into_iter().take(12).collect::<Vec<_>>().join(", ");
    if more > 0 {
        s.push_str(&format!(" and {more} more"));
    }
    s
}

/// A line as an error message shows it: at most 60 characters, control characters escaped.
fn preview_plain(text: &str) -> String {
    let t = text.trim();
    let mut s: String = t
        .chars()
        .take(60)
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<char>>()
            } else {
                vec![c]
            }
        })
        .collect();
    if t.chars().count() > 60 {
        s.push('…');
    }
    s
}

/// `preview_plain` in backticks.
pub(crate) fn preview(text: &str) -> String {
    format!("`{}`", preview_plain(text))
}
