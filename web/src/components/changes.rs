use yew::prelude::*;

use crate::export;

#[derive(Properties, PartialEq)]
pub struct ChangesProps {
    /// Each changed file and its unified diff against what the user wrote.
    pub diffs: Vec<(String, String)>,
    /// Every file: `(name, text)`, for the downloads.
    pub files: Vec<(String, String)>,
    /// The file in the editor.
    pub active: usize,
}

/// Export the files (copy, download one, download all as a tar archive) and show what
/// the fixes changed.
#[component]
pub fn Changes(props: &ChangesProps) -> Html {
    let (name, text) = props.files[props.active].clone();
    let on_copy = {
        let text = text.clone();
        Callback::from(move |_: MouseEvent| export::copy(&text))
    };
    let on_download = {
        let name = name.clone();
        Callback::from(move |_: MouseEvent| {
            export::download(&name, text.as_bytes(), "application/octet-stream");
        })
    };
    let on_download_all = {
        let files = props.files.clone();
        Callback::from(move |_: MouseEvent| {
            let entries: Vec<(&str, &str)> = files
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            export::download(
                "bulkhead-files.tar",
                &export::tar(&entries),
                "application/x-tar",
            );
        })
    };
    html! {
        <section class="changes" aria-label="Export and changes">
            <div class="export">
                <button type="button" data-testid="copy" onclick={on_copy}>{ format!("Copy {name}") }</button>
                <button type="button" data-testid="download" onclick={on_download}>{ format!("Download {name}") }</button>
                <button type="button" data-testid="download-all" onclick={on_download_all}>{ "Download all (.tar)" }</button>
            </div>
            if !props.diffs.is_empty() {
                <details class="diffs" open=true>
                    <summary>{ format!("Changes made by fixes ({})", props.diffs.len()) }</summary>
                    { for props.diffs.iter().map(|(file, diff)| diff_view(file, diff)) }
                </details>
            }
        </section>
    }
}

/// A unified diff, with added and removed lines marked (by class and by their `+`/`-`).
pub fn diff_view(file: &str, diff: &str) -> Html {
    html! {
        <pre class="diff" data-testid="diff" data-file={file.to_owned()} aria-label={format!("Changes to {file}")}>
            { for diff.lines().map(|line| {
                let class = match line.chars().next() {
                    Some('+') if !line.starts_with("+++") => "added",
                    Some('-') if !line.starts_with("---") => "removed",
                    _ => "context",
                };
                html! { <span class={class}>{ line }{ "\n" }</span> }
            }) }
        </pre>
    }
}
