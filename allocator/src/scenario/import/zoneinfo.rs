//! `/proc/zoneinfo`: one block per zone (`Node <n>, zone <name>`), its watermarks and sizes, its
//! `protection` (lowmem_reserve) and each online CPU's per-CPU list. The kernel prints it in
//! `zoneinfo_show_print` (mm/vmstat.c); fields come and go between versions (`boost` 5.0,
//! `cma` and `promo` later, `high_min`/`high_max` 6.7, `nr_free_pages_blocks` 6.16,
//! `reserved_highatomic`/`free_highatomic` 6.19), so any `name value` line is read and the ones
//! the import does not use are named, not refused. A line of any other shape is an error that
//! names it.

use super::{node_zone, preview, ImportError};
use std::collections::{HashMap, HashSet};

/// A number and the line it was read from (1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub value: u64,
    pub line: usize,
}

/// One CPU's per-CPU list of a zone (`pagesets`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pagesets {
    pub cpu: u32,
    pub line: usize,
    pub count: Option<Field>,
    pub high: Option<Field>,
    pub batch: Option<Field>,
    pub high_min: Option<Field>,
    pub high_max: Option<Field>,
    /// `vm stats threshold`: how far this CPU's share of the zone's counters may lag.
    pub threshold: Option<Field>,
}

/// One zone's block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Zone {
    pub node: u32,
    pub name: String,
    /// The `Node <n>, zone <name>` line.
    pub line: usize,
    pub min: Option<Field>,
    pub low: Option<Field>,
    pub high: Option<Field>,
    pub boost: Option<Field>,
    pub spanned: Option<Field>,
    pub present: Option<Field>,
    pub managed: Option<Field>,
    /// `pages free`, the same counter as `nr_free_pages`, printed first.
    pub pages_free: Option<Field>,
    pub nr_free_pages: Option<Field>,
    pub protection: Option<(Vec<u64>, usize)>,
    pub cpus: Vec<Pagesets>,
    /// The names of the lines read and not used, in order, each once.
    pub ignored: Vec<String>,
    /// Lines not used beyond the first 64 names.
    pub ignored_more: usize,
    /// How many `per-node stats` lines the block carries (the node's first populated zone).
    pub node_stats: usize,
}

impl Zone {
    /// The pages the buddy allocator manages (older kernels print only `present`).
    pub fn frames(&self) -> Option<Field> {
        self.managed.or(self.present)
    }

    /// A zone with pages: the kernel prints the counters and the pagesets only for these.
    pub fn populated(&self) -> bool {
        self.frames().is_some_and(|f| f.value > 0)
    }

    /// The zone's NR_FREE_PAGES counter.
    pub fn free_counter(&self) -> Option<Field> {
        self.nr_free_pages.or(self.pages_free)
    }

    /// "zone Normal of node 0"
    pub fn label(&self) -> String {
        format!("zone {} of node {}", self.name, self.node)
    }
}

/// The keys of a CPU's list, printed with a colon under `cpu: <n>`.
const PCP_KEYS: [&str; 6] = [
    "count",
    "high",
    "batch",
    "high_min",
    "high_max",
    "vm stats threshold",
];

/// The kernel's zone order (`enum zone_type`), for the names every architecture uses.
pub const ZONE_ORDER: [&str; 6] = ["DMA", "DMA32", "Normal", "HighMem", "Movable", "Device"];

fn rank(name: &str) -> Option<usize> {
    ZONE_ORDER.iter().position(|z| *z == name)
}

/// One line's shape.
enum Line<'a> {
    Blank,
    Header(u32, &'a str),
    NodeStats,
    Pagesets,
    Protection(Vec<u64>),
    Cpu(u32),
    /// `key value` or `key: value`; the value may be negative (`%i`, `%d`).
    Field {
        key: String,
        colon: bool,
        value: i128,
    },
}

fn not_a_line(n: usize, text: &str) -> ImportError {
    ImportError::at(
        "zoneinfo",
        n,
        format!("{} is not a line of /proc/zoneinfo", preview(text)),
    )
}

/// A decimal integer, with an optional minus sign.
pub(super) fn integer(token: &str) -> Option<i128> {
    let digits = token.strip_prefix('-').unwrap_or(token);
    if digits.is_empty() || digits.len() > 30 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

fn classify(n: usize, text: &str) -> Result<Line<'_>, ImportError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(Line::Blank);
    }
    if let Some((node, zone, comma, rest)) = node_zone(t) {
        if comma {
            return Err(ImportError::at(
                "zoneinfo",
                n,
                format!(
                    "{} names a migrate type: this looks like /proc/pagetypeinfo",
                    preview(text)
                ),
            ));
        }
        if !rest.is_empty() {
            return Err(ImportError::at(
                "zoneinfo",
                n,
                format!(
                    "{} has numbers after the zone's name: this looks like a line of /proc/buddyinfo (are the two files swapped?)",
                    preview(text)
                ),
            ));
        }
        return Ok(Line::Header(node, zone));
    }
    match t {
        "per-node stats" => return Ok(Line::NodeStats),
        "pagesets" => return Ok(Line::Pagesets),
        _ => {}
    }
    if let Some(list) = t.strip_prefix("protection:") {
        let inner = list
            .trim()
            .strip_prefix('(')
            .and_then(|l| l.strip_suffix(')'))
            .ok_or_else(|| not_a_line(n, text))?;
        let values: Option<Vec<u64>> = inner
            .split(',')
            .map(|v| integer(v.trim()).and_then(|v| u64::try_from(v).ok()))
            .collect();
        return match values {
            Some(v) if !v.is_empty() && v.len() <= 16 => Ok(Line::Protection(v)),
            _ => Err(not_a_line(n, text)),
        };
    }
    let tokens: Vec<&str> = t.split_whitespace().collect();
    let (last, words) = tokens.split_last().ok_or_else(|| not_a_line(n, text))?;
    let digits = last.strip_prefix('-').unwrap_or(last);
    if digits.len() > 30 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ImportError::at(
            "zoneinfo",
            n,
            format!("{} has a number of {} digits", preview(text), digits.len()),
        ));
    }
    let value = integer(last).ok_or_else(|| not_a_line(n, text))?;
    let word_ok = |w: &str| {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    let colon = words.last().is_some_and(|w| w.ends_with(':'));
    let words: Vec<&str> = words
        .iter()
        .enumerate()
        .map(|(i, w)| match (i + 1 == words.len(), colon) {
            (true, true) => &w[..w.len() - 1],
            _ => w,
        })
        .collect();
    // A bare number is a counter printed with an empty name (`%-12s %lu`): RHEL 8's 4.18
    // prints one among its per-node stats.
    if words.is_empty() && !colon {
        return Ok(Line::Field {
            key: "(unnamed)".into(),
            colon,
            value,
        });
    }
    if words.is_empty() || words.len() > 4 || !words.iter().all(|w| word_ok(w)) {
        return Err(not_a_line(n, text));
    }
    let key = words.join(" ");
    if key == "cpu" && colon {
        let cpu = u32::try_from(value)
            .ok()
            .filter(|c| *c < 1 << 20)
            .ok_or_else(|| not_a_line(n, text))?;
        return Ok(Line::Cpu(cpu));
    }
    Ok(Line::Field { key, colon, value })
}

/// A page count: not negative, within u64.
fn count(n: usize, key: &str, value: i128) -> Result<Field, ImportError> {
    u64::try_from(value)
        .map(|value| Field { value, line: n })
        .map_err(|_| {
            ImportError::at(
                "zoneinfo",
                n,
                format!("`{key}` is {value}, which is not a page count"),
            )
        })
}

/// Sets a field once; a second one in the same place is an error naming both lines.
fn set(
    slot: &mut Option<Field>,
    n: usize,
    key: &str,
    value: i128,
    place: &str,
) -> Result<(), ImportError> {
    if let Some(first) = slot {
        return Err(ImportError::at(
            "zoneinfo",
            n,
            format!(
                "a second `{key}` in {place} (the first is at line {})",
                first.line
            ),
        ));
    }
    *slot = Some(count(n, key, value)?);
    Ok(())
}

fn zone_field(z: &mut Zone, n: usize, key: &str, value: i128) -> Result<(), ImportError> {
    let place = z.label();
    let slot = match key {
        "min" => &mut z.min,
        "low" => &mut z.low,
        "high" => &mut z.high,
        "boost" => &mut z.boost,
        "spanned" => &mut z.spanned,
        "present" => &mut z.present,
        "managed" => &mut z.managed,
        "nr_free_pages" => &mut z.nr_free_pages,
        _ => {
            // Not used: named once, however often it comes; past 64 names, only counted.
            if z.ignored.iter().any(|k| k == key) {
            } else if z.ignored.len() < 64 {
                z.ignored.push(key.to_string());
            } else {
                z.ignored_more += 1;
            }
            return Ok(());
        }
    };
    set(slot, n, key, value, &place)
}

fn pcp_field(p: &mut Pagesets, n: usize, key: &str, value: i128) -> Result<(), ImportError> {
    let place = format!("cpu {}'s pagesets", p.cpu);
    let slot = match key {
        "count" => &mut p.count,
        "high" => &mut p.high,
        "batch" => &mut p.batch,
        "high_min" => &mut p.high_min,
        "high_max" => &mut p.high_max,
        _ => &mut p.threshold,
    };
    set(slot, n, key, value, &place)
}

/// Parses the whole file. Every zone block is kept, populated or not, in file order.
pub fn parse(text: &str) -> Result<Vec<Zone>, ImportError> {
    let mut zones: Vec<Zone> = Vec::new();
    // Where each zone and each CPU of the current zone was first seen, to name both lines.
    let mut seen: HashMap<(u32, &str), usize> = HashMap::new();
    let mut cpus: HashSet<u32> = HashSet::new();
    // Inside the block's `per-node stats`, until `pages free`.
    let mut node_stats = false;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        if zones.is_empty() && !raw.trim().is_empty() && node_zone(raw.trim()).is_none() {
            return Err(ImportError::at(
                "zoneinfo",
                n,
                format!(
                    "{} comes before any `Node <n>, zone <name>` line: is this /proc/zoneinfo?",
                    preview(raw)
                ),
            ));
        }
        let line = classify(n, raw)?;
        if let Line::Header(node, name) = line {
            if let Some(first) = seen.insert((node, name), n) {
                return Err(ImportError::at(
                    "zoneinfo",
                    n,
                    format!("zone {name} of node {node} appears twice (first at line {first})"),
                ));
            }
            // A node's zones come in the kernel's order (DMA, DMA32, Normal, HighMem, Movable,
            // Device): `protection` is indexed by it.
            if let Some(prev) = zones.iter().rev().find(|z| z.node == node) {
                if let (Some(a), Some(b)) = (rank(&prev.name), rank(name)) {
                    if b <= a {
                        return Err(ImportError::at(
                            "zoneinfo",
                            n,
                            format!(
                                "zone {name} of node {node} comes after zone {} (line {}): the kernel lists a node's zones in the order DMA, DMA32, Normal, HighMem, Movable, Device",
                                prev.name, prev.line
                            ),
                        ));
                    }
                }
            }
            cpus.clear();
            zones.push(Zone {
                node,
                name: name.to_string(),
                line: n,
                ..Zone::default()
            });
            node_stats = false;
            continue;
        }
        let Some(z) = zones.last_mut() else {
            // Only blank lines come before the first zone (checked above).
            continue;
        };
        match line {
            Line::Blank | Line::Header(..) => {}
            Line::NodeStats => node_stats = true,
            Line::Pagesets => node_stats = false,
            Line::Protection(v) => {
                if let Some((_, first)) = &z.protection {
                    return Err(ImportError::at(
                        "zoneinfo",
                        n,
                        format!(
                            "a second `protection` in {} (the first is at line {first})",
                            z.label()
                        ),
                    ));
                }
                z.protection = Some((v, n));
            }
            Line::Cpu(cpu) => {
                if !cpus.insert(cpu) {
                    return Err(ImportError::at(
                        "zoneinfo",
                        n,
                        format!("cpu {cpu} appears twice in {}", z.label()),
                    ));
                }
                z.cpus.push(Pagesets {
                    cpu,
                    line: n,
                    ..Pagesets::default()
                });
            }
            Line::Field { key, colon, value } => {
                if key == "pages free" {
                    node_stats = false;
                    let place = z.label();
                    set(&mut z.pages_free, n, &key, value, &place)?;
                    continue;
                }
                if node_stats && !colon {
                    z.node_stats += 1;
                    continue;
                }
                if colon && PCP_KEYS.contains(&key.as_str()) {
                    let label = z.label();
                    let p = z.cpus.last_mut().ok_or_else(|| {
                        ImportError::at(
                            "zoneinfo",
                            n,
                            format!("`{key}:` comes before any `cpu:` line of {label}"),
                        )
                    })?;
                    pcp_field(p, n, &key, value)?;
                } else {
                    zone_field(z, n, &key, value)?;
                }
            }
        }
    }
    if zones.is_empty() {
        return Err(ImportError::file(
            "zoneinfo",
            "no zone in it (no `Node <n>, zone <name>` line): is this /proc/zoneinfo?",
        ));
    }
    Ok(zones)
}
