use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub name: &'static str,
    pub label: &'static str,
    pub text: String,
    /// A UTF-16 range to select and reveal (set when a finding is clicked).
    pub selection: Option<(u32, u32)>,
    pub on_edit: Callback<String>,
}

/// The text editor for one file (a plain textarea until the CodeMirror editor lands).
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let textarea = use_node_ref();

    {
        let textarea = textarea.clone();
        use_effect_with(props.selection, move |selection| {
            if let (Some((start, end)), Some(element)) =
                (selection, textarea.cast::<HtmlTextAreaElement>())
            {
                let _ = element.focus();
                let _ = element.set_selection_range(*start, *end);
            }
        });
    }

    let oninput = props
        .on_edit
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());

    html! {
        <div class="editor" id="editor" role="tabpanel">
            <textarea
                ref={textarea}
                class="code"
                data-testid="editor"
                name={props.name}
                aria-label={format!("{} editor", props.label)}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                value={props.text.clone()}
                {oninput}
            />
        </div>
    }
}
