//! `/proc/buddyinfo` (free blocks per order of each populated zone, `frag_show_print` in
//! mm/vmstat.c) and the free-page table of `/proc/pagetypeinfo` (the same per migrate type,
//! `pagetypeinfo_showfree_print`). Both are `Node <n>, zone <name>` rows of counts; the number
//! of orders is the kernel's (`MAX_ORDER` 11 before v6.4, `NR_PAGE_ORDERS` after; more on some
//! architectures), up to `MAX_ORDERS`.

use super::zoneinfo::integer;
use super::{node_zone, preview, ImportError};
use std::collections::HashMap;

/// More orders than any kernel prints (x86 prints 11, arm64 with 64 KiB pages 14).
pub const MAX_ORDERS: usize = 32;

/// One zone's free blocks per order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub node: u32,
    pub zone: String,
    pub line: usize,
    pub counts: Vec<u64>,
}

/// One zone's free blocks per order of one migrate type; `None` where the kernel printed
/// `>100000` (it stops counting there, since v5.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeRow {
    pub node: u32,
    pub zone: String,
    pub kind: String,
    pub line: usize,
    pub counts: Vec<Option<u64>>,
}

fn counts<T>(
    file: &'static str,
    n: usize,
    raw: &str,
    tokens: &[&str],
    one: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, ImportError> {
    if tokens.len() > MAX_ORDERS {
        return Err(ImportError::at(
            file,
            n,
            format!(
                "{} orders; no kernel has more than {MAX_ORDERS}",
                tokens.len()
            ),
        ));
    }
    tokens
        .iter()
        .map(|t| {
            one(t).ok_or_else(|| {
                ImportError::at(
                    file,
                    n,
                    format!(
                        "`{}` in {} is not a count of free blocks",
                        t.chars().take(24).collect::<String>(),
                        preview(raw)
                    ),
                )
            })
        })
        .collect()
}

fn block_count(t: &str) -> Option<u64> {
    integer(t).and_then(|v| u64::try_from(v).ok())
}

/// Parses /proc/buddyinfo: one row per populated zone.
pub fn parse(text: &str) -> Result<Vec<Row>, ImportError> {
    let mut rows: Vec<Row> = Vec::new();
    let mut seen: HashMap<(u32, String), usize> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        let Some((node, zone, comma, rest)) = node_zone(t) else {
            return Err(ImportError::at(
                "buddyinfo",
                n,
                format!(
                    "{} is not `Node <n>, zone <name>` and free blocks per order: is this /proc/buddyinfo?",
                    preview(raw)
                ),
            ));
        };
        if comma {
            return Err(ImportError::at(
                "buddyinfo",
                n,
                format!(
                    "{} names a migrate type: this is /proc/pagetypeinfo, not /proc/buddyinfo",
                    preview(raw)
                ),
            ));
        }
        if rest.is_empty() {
            return Err(ImportError::at(
                "buddyinfo",
                n,
                format!(
                    "{} has no free-block counts: this looks like /proc/zoneinfo (are the two files swapped?)",
                    preview(raw)
                ),
            ));
        }
        let counts = counts("buddyinfo", n, raw, &rest, block_count)?;
        // Every row has the kernel's number of orders: one with fewer is cut short.
        if let Some(first) = rows.first().filter(|r| r.counts.len() != counts.len()) {
            return Err(ImportError::at(
                "buddyinfo",
                n,
                format!(
                    "{} orders, line {} has {}: is the file cut short?",
                    counts.len(),
                    first.line,
                    first.counts.len()
                ),
            ));
        }
        if let Some(first) = seen.insert((node, zone.to_string()), n) {
            return Err(ImportError::at(
                "buddyinfo",
                n,
                format!("zone {zone} of node {node} appears twice (first at line {first})"),
            ));
        }
        rows.push(Row {
            node,
            zone: zone.to_string(),
            line: n,
            counts,
        });
    }
    if rows.is_empty() {
        return Err(ImportError::file(
            "buddyinfo",
            "no zone in it (no `Node <n>, zone <name>` line): is this /proc/buddyinfo?",
        ));
    }
    Ok(rows)
}

/// The headings of /proc/pagetypeinfo's sections, and the rows of its block counts, which the
/// import does not use.
const PAGETYPE_HEADINGS: [&str; 4] = [
    "Page block order:",
    "Pages per block:",
    "Free pages count per migrate type at order",
    "Number of ",
];

/// Parses the free-page table of /proc/pagetypeinfo (root only): one row per zone and type.
pub fn parse_pagetypes(text: &str) -> Result<Vec<TypeRow>, ImportError> {
    let mut rows = Vec::new();
    let mut seen: HashMap<(u32, String, String), usize> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let t = raw.trim();
        if t.is_empty() || PAGETYPE_HEADINGS.iter().any(|h| t.starts_with(h)) {
            continue;
        }
        let not_it = || {
            ImportError::at(
                "pagetypeinfo",
                n,
                format!("{} is not a line of /proc/pagetypeinfo", preview(raw)),
            )
        };
        let (node, zone, comma, rest) = node_zone(t).ok_or_else(not_it)?;
        if !comma {
            // "Number of blocks type …": one count per type; not used.
            if rest.iter().all(|c| block_count(c).is_some()) {
                continue;
            }
            return Err(not_it());
        }
        let (Some(&"type"), Some(kind)) = (rest.first(), rest.get(1)) else {
            return Err(not_it());
        };
        let counts = counts("pagetypeinfo", n, raw, &rest[2..], |c| {
            if c.starts_with('>') && block_count(&c[1..]).is_some() {
                Some(None)
            } else {
                block_count(c).map(Some)
            }
        })?;
        if counts.is_empty() {
            return Err(not_it());
        }
        let key = (node, zone.to_string(), kind.to_string());
        if let Some(first) = seen.insert(key, n) {
            return Err(ImportError::at(
                "pagetypeinfo",
                n,
                format!(
                    "type {kind} of zone {zone} of node {node} appears twice (first at line {first})"
                ),
            ));
        }
        rows.push(TypeRow {
            node,
            zone: zone.to_string(),
            kind: kind.to_string(),
            line: n,
            counts,
        });
    }
    if rows.is_empty() {
        return Err(ImportError::file(
            "pagetypeinfo",
            "no free-page rows (`Node <n>, zone <name>, type <type> …`): is this /proc/pagetypeinfo?",
        ));
    }
    Ok(rows)
}
