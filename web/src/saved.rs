//! Saved scenarios: the user's own, kept in the browser's local storage (`crate::storage`)
//! under one key as a JSON array, listed in the scenario picker under "Mine".
//!
//! Every build of the site on one origin shares the key (the archived models under
//! `m/<model>/` too), so the store may hold entries this build cannot decode: one of a newer
//! scenario format, or one edited by hand. Those are kept as they are and written back after
//! the ones this build lists; a store that is not a JSON array at all is never written over.

use crate::storage;
use bulkpool_allocator::Scenario;
use serde::{Deserialize, Serialize};
use serde_json::Value;

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

/// Whether this browser keeps saved scenarios, read without decoding them (the first module,
/// `crate::lite`, has no JSON decoder: where there are some, the whole app lists them).
pub fn any() -> bool {
    storage::get(KEY).is_some_and(|v| may_list_some(&v))
}

/// Whether the stored text may be a list of saved scenarios: a JSON array with an object in it.
/// Anything else (empty, `[]`, text another page left under the key) lists none, and the first
/// module need not hand over on every visit for it. An array whose entries this build cannot
/// decode still counts; only decoding would tell.
fn may_list_some(stored: &str) -> bool {
    stored.trim_start().starts_with('[') && stored.contains('{')
}

/// What the store holds: the scenarios this build decodes, in order, each with the entry it
/// was read from, and the entries it does not decode, as they are.
struct Store {
    list: Vec<Saved>,
    read_as: Vec<(Saved, Value)>,
    kept: Vec<Value>,
}

/// Splits `text` (the stored JSON array) into what decodes and what does not; `Err` if it is
/// not a JSON array.
fn parse(text: Option<&str>) -> Result<Store, String> {
    let entries: Vec<Value> = match text {
        None => Vec::new(),
        Some(t) => serde_json::from_str(t).map_err(|_| {
            "the saved scenarios in this browser are not in a form this page reads; nothing was \
             changed"
                .to_string()
        })?,
    };
    let (mut read_as, mut kept) = (Vec::new(), Vec::new());
    for entry in entries {
        match Saved::deserialize(&entry) {
            Ok(saved) => read_as.push((saved, entry)),
            Err(_) => kept.push(entry),
        }
    }
    let list = read_as.iter().map(|(s, _)| s.clone()).collect();
    Ok(Store {
        list,
        read_as,
        kept,
    })
}

/// The JSON the store is written as: the listed scenarios, each unchanged one as it was read
/// (with any field a newer build added), then the kept entries.
fn serialize(store: &Store) -> Result<String, String> {
    let mut all = Vec::with_capacity(store.list.len() + store.kept.len());
    for saved in &store.list {
        match store.read_as.iter().find(|(s, _)| s == saved) {
            Some((_, entry)) => all.push(entry.clone()),
            None => all.push(serde_json::to_value(saved).map_err(|e| e.to_string())?),
        }
    }
    all.extend(store.kept.iter().cloned());
    Ok(Value::Array(all).to_string())
}

fn read() -> Result<Store, String> {
    parse(storage::read(KEY)?.as_deref())
}

fn write(store: &Store) -> Result<(), String> {
    storage::set(KEY, &serialize(store)?)
}

/// The saved scenarios this build can list; none where the store cannot be read.
pub fn load() -> Vec<Saved> {
    read().map(|s| s.list).unwrap_or_default()
}

/// Applies `change` to the list and stores it, keeping the entries this build cannot decode;
/// returns the new list.
fn update(change: impl FnOnce(&mut Vec<Saved>)) -> Result<Vec<Saved>, String> {
    let mut store = read()?;
    change(&mut store.list);
    write(&store)?;
    Ok(store.list)
}

/// Saves `scenario` under `name`, replacing one of the same name; returns the new list.
pub fn save(name: &str, scenario: Scenario, base: Option<&str>) -> Result<Vec<Saved>, String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(format!("a name is 1 to {MAX_NAME} characters"));
    }
    let mut store = read()?;
    put(
        &mut store,
        Saved {
            name: name.to_string(),
            scenario,
            base: base.map(str::to_string),
        },
    );
    write(&store)?;
    Ok(store.list)
}

/// Adds `saved` last. A name is one entry: it replaces the one listed under that name, or one
/// this build cannot decode; past `MAX_SAVED` the oldest listed goes.
fn put(store: &mut Store, saved: Saved) {
    store
        .kept
        .retain(|entry| entry_name(entry) != Some(&saved.name));
    store.list.retain(|s| s.name != saved.name);
    store.list.push(saved);
    if store.list.len() > MAX_SAVED {
        store.list.remove(0);
    }
}

/// The name an entry gives itself, decodable or not.
fn entry_name(entry: &Value) -> Option<&str> {
    entry.get("name")?.as_str()
}

/// Whether a scenario is saved under `name`, whether or not this build can list it (Save asks
/// before it replaces one).
pub fn has(name: &str) -> bool {
    read().is_ok_and(|store| {
        let name = name.trim();
        store.list.iter().any(|s| s.name == name)
            || store.kept.iter().any(|e| entry_name(e) == Some(name))
    })
}

/// Puts back a scenario deleted from position `at` (Undo); returns the new list.
pub fn restore(s: Saved, at: usize) -> Result<Vec<Saved>, String> {
    update(|list| {
        list.retain(|x| x.name != s.name);
        list.insert(at.min(list.len()), s);
    })
}

/// Deletes the scenario saved under `name`; returns the new list.
pub fn delete(name: &str) -> Result<Vec<Saved>, String> {
    update(|list| list.retain(|s| s.name != name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_array_with_an_object_may_list_saved_scenarios() {
        let one = serde_json::to_string(&vec![entry("a")]).unwrap();
        assert!(may_list_some(&one));
        assert!(may_list_some(&format!("  {one}")));
        for none in [
            "",
            "  ",
            "[]",
            "[ ]",
            "null",
            "garbage",
            "{\"a\": 1}",
            "[1, 2]",
        ] {
            assert!(!may_list_some(none), "{none:?}");
        }
    }

    fn entry(name: &str) -> Value {
        let scenario = bulkpool_allocator::presets::find("s1").unwrap().scenario();
        serde_json::to_value(Saved {
            name: name.into(),
            scenario,
            base: Some("s1".into()),
        })
        .unwrap()
    }

    #[test]
    fn entries_this_build_cannot_decode_are_kept_and_written_back() {
        let mut newer = entry("newer");
        newer["scenario"]["a_field_of_a_later_format"] = Value::from(1);
        let text = Value::Array(vec![entry("one"), newer.clone(), entry("two")]).to_string();
        let mut store = parse(Some(&text)).unwrap();
        let names: Vec<_> = store.list.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["one", "two"]);
        assert_eq!(store.kept, [newer.clone()]);
        // Deleting "one" writes "two" and the kept entry, unchanged.
        store.list.retain(|s| s.name != "one");
        let written: Vec<Value> = serde_json::from_str(&serialize(&store).unwrap()).unwrap();
        assert_eq!(written, [entry("two"), newer]);
    }

    #[test]
    fn a_name_is_one_entry_even_where_this_build_cannot_decode_it() {
        let mut newer = entry("same");
        newer["scenario"]["a_field_of_a_later_format"] = Value::from(1);
        let other = {
            let mut e = entry("other");
            e["scenario"]["a_field_of_a_later_format"] = Value::from(2);
            e
        };
        let text = Value::Array(vec![newer, other.clone()]).to_string();
        let mut store = parse(Some(&text)).unwrap();
        assert!(store.list.is_empty() && store.kept.len() == 2);
        let replacement: Saved = serde_json::from_value(entry("same")).unwrap();
        put(&mut store, replacement.clone());
        assert_eq!(store.list, [replacement]);
        assert_eq!(
            store.kept,
            [other],
            "only the entry of that name is replaced"
        );
        assert_eq!(entry_name(&Value::from(3)), None);
    }

    #[test]
    fn past_the_most_the_oldest_listed_goes() {
        let mut store = parse(None).unwrap();
        for i in 0..=MAX_SAVED {
            put(
                &mut store,
                serde_json::from_value(entry(&format!("n{i}"))).unwrap(),
            );
        }
        assert_eq!(store.list.len(), MAX_SAVED);
        assert_eq!(store.list[0].name, "n1");
    }

    #[test]
    fn an_unchanged_entry_is_written_back_as_it_was_read() {
        // A field of a later build's entry, beside the ones this build reads.
        let mut later = entry("later");
        later["pinned"] = Value::from(true);
        let text = Value::Array(vec![later.clone(), entry("two")]).to_string();
        let mut store = parse(Some(&text)).unwrap();
        assert_eq!(store.list.len(), 2, "both listed");
        store.list.retain(|s| s.name != "two");
        let written: Vec<Value> = serde_json::from_str(&serialize(&store).unwrap()).unwrap();
        assert_eq!(written, [later]);
    }

    #[test]
    fn a_store_that_is_not_a_json_array_is_an_error_and_nothing_is_an_empty_list() {
        for text in ["{}", "not json", "null", "[1, 2"] {
            assert!(parse(Some(text)).is_err(), "{text}");
        }
        let empty = parse(None).unwrap();
        assert!(empty.list.is_empty() && empty.kept.is_empty());
        assert_eq!(serialize(&empty).unwrap(), "[]");
    }
}
