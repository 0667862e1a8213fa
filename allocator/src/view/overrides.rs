//! Overrides: a variant of a preset written as `path:value` items (`o=zone.free:40,pcp.count:3`
//! in a link), applied to the preset's JSON and checked like a scenario file. Every item that
//! cannot be used is named, in plain words ("zone.free: 99999999999999999999999 is too
//! large"), never in the parser's.

use crate::model::policy::PolicySpec;
use crate::scenario::presets::{self, PRESETS};
use crate::scenario::Scenario;
use crate::view::link::{clip, MAX_DEPTH, MAX_OVERRIDES};
use crate::Mode;
use serde_json::Value;

/// Said with a link that could not be read whole: mail clients break long lines.
pub(crate) const CUT: &str = "if it came from a mail, join its lines first";

/// Characters a query value keeps as they are; the rest are percent-encoded.
pub(crate) fn keep(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~:,!*'()/@".contains(&b)
}

/// One override's value as written in a link: a bare word, or a JSON number, `true`, `false`,
/// `null`, or a JSON string in quotes.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let bare = !s.is_empty()
                && s.bytes().all(|b| keep(b) && b != b',' && b != b':')
                && serde_json::from_str::<Value>(s).map_or(true, |p| p.is_string());
            if bare {
                s.clone()
            } else {
                Value::String(s.clone()).to_string()
            }
        }
        other => other.to_string(),
    }
}

fn parse_value(text: &str) -> Result<Value, String> {
    if text.starts_with('"') {
        return serde_json::from_str::<String>(text)
            .map(Value::String)
            .map_err(|_| format!("`{}` is not a quoted string", clip(text)));
    }
    // A whole number beyond any field's range would be read as a float: say what it is.
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let fits = if text.starts_with('-') {
            text.parse::<i64>().is_ok()
        } else {
            text.parse::<u64>().is_ok()
        };
        if !fits {
            let size = if text.starts_with('-') {
                "small"
            } else {
                "large"
            };
            return Err(format!("{} is too {size}", clip(text)));
        }
    }
    Ok(match serde_json::from_str::<Value>(text) {
        Ok(v) if !v.is_object() && !v.is_array() => v,
        _ => Value::String(text.to_string()),
    })
}

/// serde's message for a value of the wrong kind, in plain words about `text` (what the link
/// said).
fn plain(msg: &str, text: &str) -> String {
    let msg = msg.split(" at line ").next().unwrap_or(msg);
    let expected = msg.rsplit("expected ").next().unwrap_or("");
    let number = [
        "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64",
    ]
    .iter()
    .any(|t| expected.starts_with(t));
    let text = clip(text);
    if msg.starts_with("invalid type: floating point") && number {
        format!("{text} is not a whole number")
    } else if msg.starts_with("invalid type: string") && number {
        format!("`{text}` is not a number")
    } else if msg.starts_with("invalid value: integer") && number {
        if text.starts_with('-') {
            format!("{text} is below zero or too small")
        } else {
            format!("{text} is too large")
        }
    } else if msg.starts_with("invalid type: ") && expected == "a boolean" {
        format!("`{text}` is not true or false")
    } else {
        msg.to_string()
    }
}

/// Splits `a:1,b:"x,y"` at the commas outside quotes.
fn split_items(list: &str) -> Vec<&str> {
    let (mut items, mut start, mut quoted, mut escaped) = (Vec::new(), 0, false, false);
    for (i, c) in list.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                items.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&list[start..]);
    items
}

/// Sets `path` (dot-separated names and indices) in `root`. The last name may be one the full
/// form leaves out (such as `bulk_first`); the scenario's own checks then judge it.
fn set_path(root: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let names: Vec<&str> = path.split('.').collect();
    if names.len() > MAX_DEPTH || names.iter().any(|n| n.is_empty()) {
        return Err(format!("`{}` is not a field path", clip(path)));
    }
    let mut here = root;
    for (i, name) in names.iter().enumerate() {
        let last = i + 1 == names.len();
        let at = names[..=i].join(".");
        here = match here {
            Value::Object(map) => {
                if !map.contains_key(*name) && !last {
                    return Err(format!("{at}: no such field"));
                }
                if last {
                    map.insert(name.to_string(), value);
                    return Ok(());
                }
                map.get_mut(*name)
                    .ok_or_else(|| format!("{at}: no such field"))?
            }
            Value::Array(items) => {
                let len = items.len();
                let idx = name
                    .parse::<usize>()
                    .ok()
                    .filter(|&n| n < len)
                    .ok_or_else(|| format!("{at}: no such element (there are {len})"))?;
                if last {
                    items[idx] = value;
                    return Ok(());
                }
                &mut items[idx]
            }
            _ => {
                let parent = names[..i].join(".");
                return Err(format!("{at}: {parent} has no fields"));
            }
        };
    }
    Ok(())
}

/// A preset's scenario with `zone.free:40,pcp.count:3`-style overrides applied, and checked
/// like a scenario file for `mode` (None: the scenario's own). An error names the path.
pub fn apply_overrides(
    base: &Scenario,
    list: &str,
    mode: Option<Mode>,
) -> Result<Scenario, String> {
    let scenario = set_overrides(base, list)?;
    scenario
        .validate(mode.unwrap_or(scenario.mode))
        .map_err(|e| format!("{}: {}", dotted(&e.field), e.message))?;
    Ok(scenario)
}

/// A validation path in the overrides' spelling: `tasks[0].ops[1]` → `tasks.0.ops.1`.
fn dotted(field: &str) -> String {
    field.replace('[', ".").replace(']', "")
}

/// The overrides applied, with the types checked but not the limits. Every item that cannot
/// be used is named, and the error lists them all.
fn set_overrides(base: &Scenario, list: &str) -> Result<Scenario, String> {
    let items = split_items(list);
    if items.len() > MAX_OVERRIDES {
        return Err(format!(
            "{} changes; the limit is {MAX_OVERRIDES}",
            items.len()
        ));
    }
    let mut root = serde_json::to_value(base).map_err(|e| e.to_string())?;
    let mut scenario = base.clone();
    let mut seen: Vec<&str> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    for item in items {
        let Some((path, text)) = item.split_once(':') else {
            errors.push(format!("`{}` is not path:value", clip(item)));
            continue;
        };
        if seen.contains(&path) {
            errors.push(format!("{path}: set twice"));
            continue;
        }
        seen.push(path);
        let mut next = root.clone();
        // set_path names the part of the path that fails; the others get the whole path.
        let applied = parse_value(text)
            .map_err(|e| format!("{path}: {e}"))
            .and_then(|v| set_path(&mut next, path, v))
            .and_then(|()| {
                serde_json::from_value::<Scenario>(next.clone())
                    .map_err(|e| format!("{path}: {}", plain(&e.to_string(), text)))
            });
        match applied {
            Ok(sc) => {
                root = next;
                scenario = sc;
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors.join("; "));
    }
    if seen.contains(&"pool.min_nr") && !seen.contains(&"pool.curr_nr") {
        resize_reserve(base, &mut scenario);
    }
    Ok(scenario)
}

/// A pool's size changed without its fill: the reserve follows as the kernel would have it.
/// A pool created with the new size is full (`mempool_create` fills to `min_nr`; a scenario
/// without `curr_nr` stays so), and `mempool_resize` fills a grown pool to its new size and
/// frees a shrunk one down to it (`mempool_resize`: v6.0 mm/mempool.c:309 frees while
/// `new_min_nr < curr_nr`, 339 adds while `curr_nr < min_nr`).
fn resize_reserve(base: &Scenario, sc: &mut Scenario) {
    let (Some(old), Some(new)) = (base.pool.as_ref(), sc.pool.as_mut()) else {
        return;
    };
    if let Some(curr) = new.curr_nr {
        new.curr_nr = Some(if new.min_nr > old.min_nr {
            new.min_nr
        } else {
            curr.min(new.min_nr)
        });
    }
}

/// The overrides that turn `base` into `sc`, if it differs only in values (not in the number of
/// tasks or ops, and no field the form must leave out).
pub fn overrides(base: &Scenario, sc: &Scenario) -> Option<String> {
    let (a, b) = (
        serde_json::to_value(base).ok()?,
        serde_json::to_value(sc).ok()?,
    );
    let mut out = Vec::new();
    diff(&a, &b, &mut Vec::new(), &mut out)?;
    if out.len() > MAX_OVERRIDES {
        return None;
    }
    // A changed min_nr moves curr_nr with it (`set_overrides`): a curr_nr the rule would
    // not give is written out.
    let curr = sc.pool.as_ref().and_then(|p| p.curr_nr);
    let min_changed = out.iter().any(|i| i.starts_with("pool.min_nr:"));
    let curr_given = out.iter().any(|i| i.starts_with("pool.curr_nr:"));
    if let (true, false, Some(c)) = (min_changed, curr_given, curr) {
        let list = out.join(",");
        if set_overrides(base, &list).ok().as_ref() != Some(sc) {
            out.push(format!("pool.curr_nr:{c}"));
        }
    }
    if out.len() > MAX_OVERRIDES {
        return None;
    }
    let list = out.join(",");
    // Only if it reads back as the same scenario.
    let back = if list.is_empty() {
        base.clone()
    } else {
        set_overrides(base, &list).ok()?
    };
    (back == *sc).then_some(list)
}

fn diff(a: &Value, b: &Value, path: &mut Vec<String>, out: &mut Vec<String>) -> Option<()> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            if x.keys().any(|k| !y.contains_key(k)) {
                return None;
            }
            for (k, v) in y {
                path.push(k.clone());
                match x.get(k) {
                    Some(u) => diff(u, v, path, out)?,
                    None if !v.is_object() && !v.is_array() => {
                        out.push(format!("{}:{}", path.join("."), value_text(v)))
                    }
                    None => return None,
                }
                path.pop();
            }
            Some(())
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                path.push(i.to_string());
                diff(u, v, path, out)?;
                path.pop();
            }
            Some(())
        }
        (u, v) if u == v => Some(()),
        (_, v) if !v.is_object() && !v.is_array() => {
            out.push(format!("{}:{}", path.join("."), value_text(v)));
            Some(())
        }
        _ => None,
    }
}

/// The preset a scenario was made from, judged by its name (a preset's scenario file keeps the
/// preset's name when edited).
pub fn base_for(sc: &Scenario) -> Option<&'static str> {
    PRESETS
        .iter()
        .find(|p| p.scenario().name == sc.name)
        .map(|p| p.id)
}

/// "s5 + zone.free=40, pcp.count=3": what a variant of a preset changes, for titles, its design
/// choices last ("s8 + drain=all-or-nothing", a what-if); `None` when `sc` is not a value-only
/// variant of `base`, with or without design choices (or is the preset itself).
pub fn variant_label(base: &str, sc: &Scenario) -> Option<String> {
    let p = presets::find(base)?;
    let mut plain = sc.clone();
    plain.policy = PolicySpec::default();
    let o = overrides(&p.scenario(), &plain)?;
    let mut items: Vec<String> = split_items(&o)
        .iter()
        .filter(|i| !i.is_empty())
        .map(|i| i.replacen(':', "=", 1))
        .collect();
    items.extend(
        sc.policy
            .set()
            .into_iter()
            .map(|(axis, value)| format!("{}={value}", axis.name())),
    );
    if items.is_empty() {
        return None;
    }
    Some(format!("{} + {}", p.id, items.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_what_ifs_label_names_its_design_choices_after_its_values() {
        use crate::model::policy::{Drain, Serial};
        let mut sc = presets::find("s8").unwrap().scenario();
        assert_eq!(variant_label("s8", &sc), None, "the preset itself");
        sc.policy.drain = Some(Drain::AllOrNothing);
        assert_eq!(
            variant_label("s8", &sc).as_deref(),
            Some("s8 + drain=all-or-nothing")
        );
        sc.policy.serial = Some(Serial::All);
        sc.zone.free = Some(40);
        assert_eq!(
            variant_label("s8", &sc).as_deref(),
            Some("s8 + zone.free=40, drain=all-or-nothing, serial=all")
        );
    }

    #[test]
    fn split_items_keeps_quoted_commas() {
        assert_eq!(
            split_items(r#"a:1,name:"x,y",b:2"#),
            vec!["a:1", r#"name:"x,y""#, "b:2"]
        );
    }

    #[test]
    fn a_string_that_reads_as_a_number_is_quoted() {
        assert_eq!(value_text(&Value::String("12".into())), "\"12\"");
        assert_eq!(value_text(&Value::String("k6.0".into())), "k6.0");
        assert_eq!(value_text(&Value::String("a b".into())), "\"a b\"");
    }
}
