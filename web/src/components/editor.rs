use std::cell::RefCell;
use std::rc::Rc;

use bulkhead_rules::FileKind;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::state::Text;

use crate::js::{self, EditorHandle};

/// A finding as the editor shows it: UTF-16 offsets into the current text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorFinding {
    pub from: u32,
    pub to: u32,
    pub severity: &'static str,
    pub code: &'static str,
    pub rule: &'static str,
    pub message: String,
    /// What the fix does, when it can be applied from the editor.
    pub fix: Option<String>,
    /// The finding's index in its file.
    pub index: usize,
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub name: String,
    pub kind: FileKind,
    pub label: String,
    pub text: Text,
    pub read_only: bool,
    /// The findings to underline; `None` while they are being recomputed (the editor
    /// keeps the old ones, moved along with the edits).
    pub findings: Option<Rc<Vec<EditorFinding>>>,
    /// A UTF-16 range to select and reveal (set when a finding is clicked).
    pub selection: Option<(u32, u32)>,
    pub on_edit: Callback<String>,
    pub on_fix: Callback<usize>,
    pub on_rule: Callback<String>,
}

type TextCallback = Closure<dyn Fn(String)>;

/// The editor and the callbacks it holds (text changed, fix, rule), dropped together.
struct Mounted {
    editor: EditorHandle,
    _callbacks: (TextCallback, Closure<dyn Fn(u32)>, TextCallback),
}

/// The CodeMirror editor for one file (web/js/editor.js): highlighting, squiggles, a
/// lint gutter, hover with the rule, and quick fixes.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let host = use_node_ref();
    let mounted: Rc<RefCell<Option<Mounted>>> = use_mut_ref(|| None);

    {
        let host = host.clone();
        let mounted = Rc::clone(&mounted);
        let on_edit = props.on_edit.clone();
        let on_fix = props.on_fix.clone();
        let on_rule = props.on_rule.clone();
        let options = js::object(&[
            ("name", JsValue::from_str(&props.name)),
            ("kind", JsValue::from_str(props.kind.as_str())),
            ("label", JsValue::from_str(&props.label)),
            ("text", JsValue::from_str(&props.text)),
            ("readOnly", JsValue::from_bool(props.read_only)),
            // The instructions to colour: the parser's own list.
            (
                "keywords",
                bulkhead_rules::dockerfile::Keyword::KNOWN
                    .iter()
                    .map(|k| JsValue::from_str(k.as_str()))
                    .collect::<js_sys::Array>()
                    .into(),
            ),
        ]);
        use_effect_with((), move |()| {
            let on_change = Closure::<dyn Fn(String)>::new(move |text| on_edit.emit(text));
            let on_fix = Closure::<dyn Fn(u32)>::new(move |index: u32| on_fix.emit(index as usize));
            let on_rule = Closure::<dyn Fn(String)>::new(move |code| on_rule.emit(code));
            let _ = js_sys::Reflect::set(&options, &"onChange".into(), on_change.as_ref());
            let _ = js_sys::Reflect::set(&options, &"onFix".into(), on_fix.as_ref());
            let _ = js_sys::Reflect::set(&options, &"onRule".into(), on_rule.as_ref());
            if let Some(element) = host.cast::<web_sys::Element>() {
                *mounted.borrow_mut() = Some(Mounted {
                    editor: js::mount_editor(&element, &options),
                    _callbacks: (on_change, on_fix, on_rule),
                });
            }
            move || {
                if let Some(editor) = mounted.borrow_mut().take() {
                    editor.editor.destroy();
                }
            }
        });
    }
    {
        let mounted = Rc::clone(&mounted);
        use_effect_with(props.text.clone(), move |text| {
            if let Some(m) = mounted.borrow().as_ref() {
                m.editor.set_text(text);
            }
        });
    }
    {
        let mounted = Rc::clone(&mounted);
        use_effect_with(props.findings.clone(), move |findings| {
            if let (Some(m), Some(findings)) = (mounted.borrow().as_ref(), findings) {
                m.editor.set_findings(&to_js(findings));
            }
        });
    }
    {
        let mounted = Rc::clone(&mounted);
        use_effect_with(props.selection, move |selection| {
            if let (Some(m), Some((from, to))) = (mounted.borrow().as_ref(), selection) {
                m.editor.select(*from, *to);
            }
        });
    }

    html! {
        <div class="editor" id="editor" role="tabpanel" ref={host} data-testid="editor-host" />
    }
}

fn to_js(findings: &[EditorFinding]) -> Array {
    findings
        .iter()
        .map(|f| {
            JsValue::from(js::object(&[
                ("from", JsValue::from(f.from)),
                ("to", JsValue::from(f.to)),
                ("severity", JsValue::from_str(f.severity)),
                ("code", JsValue::from_str(f.code)),
                ("rule", JsValue::from_str(f.rule)),
                ("message", JsValue::from_str(&f.message)),
                (
                    "fix",
                    f.fix.as_deref().map_or(JsValue::NULL, JsValue::from_str),
                ),
                (
                    "index",
                    JsValue::from(u32::try_from(f.index).unwrap_or(u32::MAX)),
                ),
            ]))
        })
        .collect()
}
