use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FileTabsProps {
    /// Label and finding count of each file.
    pub tabs: Vec<(&'static str, usize)>,
    pub active: usize,
    pub on_select: Callback<usize>,
}

/// The row of file tabs above the editor.
#[component]
pub fn FileTabs(props: &FileTabsProps) -> Html {
    html! {
        <div class="tabs" role="tablist" aria-label="Files to lint">
            { for props.tabs.iter().enumerate().map(|(i, (label, count))| {
                let selected = i == props.active;
                let onclick = props.on_select.reform(move |_: MouseEvent| i);
                html! {
                    <button
                        type="button"
                        role="tab"
                        class={classes!("tab", selected.then_some("selected"))}
                        aria-selected={selected.to_string()}
                        aria-controls="editor"
                        {onclick}
                    >
                        { *label }
                        if *count > 0 {
                            <span class="badge" aria-label={format!("{count} findings")}>{ *count }</span>
                        }
                    </button>
                }
            }) }
        </div>
    }
}
