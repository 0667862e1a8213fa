//! Saved scenarios: the user's own, kept in the browser's local storage (gloo-storage) under
//! one key, listed in the scenario picker under "Mine".

use bulkpool_allocator::Scenario;
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

const KEY: &str = "bulkpool.saved.v1";
/// At most this many saved scenarios; saving one more drops the oldest.
pub const MAX_SAVED: usize = 50;
/// Names are 1 to this many characters.
pub const MAX_NAME: usize = 48;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub name: String,
    pub scenario: Scenario,
    /// The preset it was made from, if any (its link is then that preset plus overrides).
    #[serde(default)]
    pub base: Option<String>,
}

/// The saved scenarios; an unreadable store reads as empty (and is left alone).
/// Whether this browser keeps saved scenarios, read without decoding them (the first module,
/// `crate::lite`, has no JSON decoder: where there are some, the whole app lists them).
pub fn any() -> bool {
    LocalStorage::raw()
        .get_item(KEY)
        .ok()
        .flatten()
        .is_some_and(|v| !matches!(v.trim(), "" | "[]"))
}

pub fn load() -> Vec<Saved> {
    LocalStorage::get::<Vec<Saved>>(KEY).unwrap_or_default()
}

fn store(list: &[Saved]) -> Result<(), String> {
    LocalStorage::set(KEY, list).map_err(|e| format!("the browser refused to store it ({e})"))
}

/// Saves `scenario` under `name`, replacing one of the same name; returns the new list.
pub fn save(name: &str, scenario: Scenario, base: Option<&str>) -> Result<Vec<Saved>, String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(format!("a name is 1 to {MAX_NAME} characters"));
    }
    let mut list = load();
    list.retain(|s| s.name != name);
    list.push(Saved {
        name: name.to_string(),
        scenario,
        base: base.map(str::to_string),
    });
    if list.len() > MAX_SAVED {
        list.remove(0);
    }
    store(&list)?;
    Ok(list)
}

/// Puts back a scenario deleted from position `at` (Undo); returns the new list.
pub fn restore(s: Saved, at: usize) -> Result<Vec<Saved>, String> {
    let mut list = load();
    list.retain(|x| x.name != s.name);
    list.insert(at.min(list.len()), s);
    store(&list)?;
    Ok(list)
}

/// Deletes the scenario saved under `name`; returns the new list.
pub fn delete(name: &str) -> Result<Vec<Saved>, String> {
    let mut list = load();
    list.retain(|s| s.name != name);
    store(&list)?;
    Ok(list)
}
