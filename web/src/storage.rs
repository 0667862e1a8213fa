//! The browser's local storage, if the page may use it. A page in a sandboxed frame (an embed
//! without `allow-same-origin`), or in a browser that blocks site data, may not: reading
//! `window.localStorage` throws there. gloo-storage's `LocalStorage` turns that into a
//! JavaScript exception (`expect_throw` in its `raw`) that no Rust code catches and that leaves
//! Yew's scheduler stopped mid-render: the page froze. Here such a page keeps nothing and works.

/// The site's local storage, or `None` where the page may not have it.
pub fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The text stored under `key`, if the page has a storage and it has the key.
pub fn get(key: &str) -> Option<String> {
    // Not through `read`: the first module calls this, and needs no error's text.
    local()?.get_item(key).ok().flatten()
}

/// The text stored under `key`, `Ok(None)` if there is none; `Err` if the page has no storage
/// or the browser would not read it (so that a caller does not write over what it could not
/// read).
pub fn read(key: &str) -> Result<Option<String>, String> {
    let storage = local().ok_or(NO_STORAGE)?;
    storage
        .get_item(key)
        .map_err(|e| format!("the browser would not read its storage ({e:?})"))
}

const NO_STORAGE: &str = "this page may not use the browser's storage";

/// Stores `value` under `key`; an error says why not (no storage, or the browser refused:
/// its quota, or private browsing).
pub fn set(key: &str, value: &str) -> Result<(), String> {
    let storage = local().ok_or(NO_STORAGE)?;
    storage
        .set_item(key, value)
        .map_err(|e| format!("the browser refused to store it ({e:?})"))
}
