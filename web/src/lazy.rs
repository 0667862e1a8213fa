//! The second WebAssembly module, loaded on first use. The first render needs the player only;
//! the help, the tour's card, Explore, the editor, Mine, the importer, the texts of Copy ▾ and
//! Predict's questions live in `bulkpool-extra` (`src/bin/extra.rs` over `crate::extra`), a
//! module of its own that this one imports the first time one of them is shown.
//!
//! `Lazy` is the place on the page where such a feature goes: an element of its own that the
//! other module renders into with its own Yew app, given JSON arguments (`crate::bridge`),
//! sending back JSON messages. `call` runs one of its functions (a text, the questions).
//!
//! The module's name: the page's `<meta name="bulkpool-extra">` (scripts/build.sh names it
//! after its hash, so a cache never pairs an old one with a new player), else the name Trunk
//! gives it (`trunk serve`). Its URL is relative to the page, so a site under any sub-path works.
//!
//! Tests register `crate::extra` itself (`use_local`): both apps then run in one module.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;
use yew::prelude::*;

/// A feature mounted into an element: its arguments change, or it goes.
pub trait Mounted {
    fn update(&self, args: &str);
    fn unmount(&self);
}

/// `crate::extra::mount`, for tests that run both apps in one module.
pub type MountFn = fn(&str, &Element, &str, Rc<dyn Fn(String)>) -> Box<dyn Mounted>;
/// `crate::extra::call`.
pub type CallFn = fn(&str, &str) -> Result<String, String>;

thread_local! {
    static LOCAL: RefCell<Option<(MountFn, CallFn)>> = const { RefCell::new(None) };
}

/// Runs the second module's features inside this one (browser tests of the whole app).
pub fn use_local(mount: MountFn, call: CallFn) {
    LOCAL.with(|l| *l.borrow_mut() = Some((mount, call)));
}

fn local() -> Option<(MountFn, CallFn)> {
    LOCAL.with(|l| *l.borrow())
}

#[wasm_bindgen(inline_js = r#"
let loading = null;
export function extra_name() {
  const m = document.querySelector('meta[name="bulkpool-extra"]');
  return (m && m.content) || "bulkpool-extra";
}
export function load_extra(name) {
  if (!loading) {
    const at = (file) => new URL(file, document.baseURI).href;
    loading = import(at(name + ".js"))
      .then(async (m) => { await m.default({ module_or_path: at(name + "_bg.wasm") }); return m; })
      .catch((e) => { loading = null; throw e; });
  }
  return loading;
}
"#)]
extern "C" {
    fn extra_name() -> String;
    fn load_extra(name: &str) -> js_sys::Promise;

    /// The other module's exports (`src/bin/extra.rs`).
    type ExtraModule;
    #[wasm_bindgen(method, catch)]
    fn mount(
        this: &ExtraModule,
        kind: &str,
        host: &Element,
        args: &str,
        send: &js_sys::Function,
    ) -> Result<JsMounted, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn call(this: &ExtraModule, name: &str, args: &str) -> Result<String, JsValue>;

    type JsMounted;
    #[wasm_bindgen(method, catch)]
    fn update(this: &JsMounted, args: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch)]
    fn unmount(this: &JsMounted) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch)]
    fn free(this: &JsMounted) -> Result<(), JsValue>;
}

/// A feature in the other module, and the closure it sends its messages through.
struct Remote {
    handle: JsMounted,
    _send: Closure<dyn Fn(String)>,
}

impl Mounted for Remote {
    fn update(&self, args: &str) {
        let _ = self.handle.update(args);
    }
    fn unmount(&self) {
        let _ = self.handle.unmount();
        let _ = self.handle.free();
    }
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

async fn module() -> Result<ExtraModule, String> {
    JsFuture::from(load_extra(&extra_name()))
        .await
        .map(JsCast::unchecked_into)
        .map_err(|e| format!("could not load {}: {}", extra_name(), describe(&e)))
}

/// Starts loading the other module (a feature is about to be needed).
pub fn prefetch() {
    if local().is_none() {
        wasm_bindgen_futures::spawn_local(async {
            let _ = module().await;
        });
    }
}

/// Mounts feature `kind` into `host`.
async fn mount_in(
    kind: &str,
    host: &Element,
    args: &str,
    send: Rc<dyn Fn(String)>,
) -> Result<Box<dyn Mounted>, String> {
    if let Some((mount, _)) = local() {
        return Ok(mount(kind, host, args, send));
    }
    let m = module().await?;
    let send = Closure::<dyn Fn(String)>::new(move |msg: String| send(msg));
    let handle = m
        .mount(kind, host, args, send.as_ref().unchecked_ref())
        .map_err(|e| describe(&e))?;
    Ok(Box::new(Remote {
        handle,
        _send: send,
    }))
}

/// Runs the other module's function `name` (`crate::extra::call`).
pub async fn call(name: &str, args: &str) -> Result<String, String> {
    if let Some((_, call)) = local() {
        return call(name, args);
    }
    module().await?.call(name, args).map_err(|e| describe(&e))
}

#[derive(Properties, PartialEq)]
pub struct LazyProps {
    /// Which feature (`crate::extra::mount`).
    pub kind: &'static str,
    /// Its arguments, JSON (`crate::bridge`).
    pub args: AttrValue,
    /// Its messages, JSON.
    pub on_msg: Callback<String>,
    #[prop_or_default]
    pub class: Classes,
    /// Shown until the feature is there (nothing by default).
    #[prop_or_default]
    pub children: Html,
}

#[derive(Clone, PartialEq)]
enum Status {
    Loading,
    Ready,
    Failed(String),
}

/// The element a feature of the other module renders into, mounted when this first renders
/// and unmounted when this goes.
#[function_component]
pub fn Lazy(props: &LazyProps) -> Html {
    let host = use_memo((), |_| {
        gloo_utils::document()
            .create_element("div")
            .expect("a document can create a div")
    });
    let status = use_state(|| Status::Loading);
    let mounted = use_mut_ref(|| None::<Box<dyn Mounted>>);
    // The latest arguments and message callback: the feature mounts with the arguments of the
    // time it is ready, and its messages go to the callback of the latest render.
    let args = use_mut_ref(|| props.args.clone());
    let on_msg = use_mut_ref(|| props.on_msg.clone());
    *on_msg.borrow_mut() = props.on_msg.clone();
    {
        let (host, status, mounted, args, on_msg) = (
            host.clone(),
            status.clone(),
            mounted.clone(),
            args.clone(),
            on_msg.clone(),
        );
        let kind = props.kind;
        use_effect_with((), move |_| {
            let gone = Rc::new(std::cell::Cell::new(false));
            let send: Rc<dyn Fn(String)> = Rc::new(move |m| on_msg.borrow().emit(m));
            {
                let (gone, mounted) = (gone.clone(), mounted.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let now = args.borrow().clone();
                    let result = mount_in(kind, &host, &now, send).await;
                    match result {
                        Ok(m) if gone.get() => m.unmount(),
                        Ok(m) => {
                            // Arguments that changed while it loaded.
                            let latest = args.borrow().clone();
                            if latest != now {
                                m.update(&latest);
                            }
                            *mounted.borrow_mut() = Some(m);
                            status.set(Status::Ready);
                        }
                        Err(_) if gone.get() => {}
                        Err(e) => status.set(Status::Failed(e)),
                    }
                });
            }
            move || {
                gone.set(true);
                if let Some(m) = mounted.borrow_mut().take() {
                    m.unmount();
                }
            }
        });
    }
    {
        let (mounted, args) = (mounted.clone(), args.clone());
        use_effect_with(props.args.clone(), move |a| {
            *args.borrow_mut() = a.clone();
            if let Some(m) = mounted.borrow().as_ref() {
                m.update(a);
            }
        });
    }
    let note = match &*status {
        Status::Loading => props.children.clone(),
        Status::Ready => html! {},
        Status::Failed(e) => html! {
            <p class="notice lazy-failed" role="alert">
                { format!("This part of bulkpool did not load ({e}). Reloading the page may help.") }
            </p>
        },
    };
    html! {
        <div class={classes!("lazy", props.class.clone())} data-kind={props.kind} data-ready={(*status == Status::Ready).to_string()}>
            { note }
            { Html::VRef((*host).clone().into()) }
        </div>
    }
}
