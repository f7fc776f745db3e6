use bulkhead_rules::{PssLevel, PSS_VERSION};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PssLevelProps {
    pub level: PssLevel,
    pub on_level: Callback<PssLevel>,
}

/// Which Pod Security Standards level the manifests must meet: findings against a
/// stricter level are not shown (a Namespace in the files may set its own).
#[component]
pub fn PssLevelPicker(props: &PssLevelProps) -> Html {
    let on_level = props.on_level.clone();
    let onchange = Callback::from(move |event: Event| {
        let value = event.target_unchecked_into::<HtmlSelectElement>().value();
        if let Some(level) = PssLevel::parse(&value) {
            on_level.emit(level);
        }
    });
    html! {
        <label class="pairing" title={format!("Pod Security Standards {PSS_VERSION}: Baseline findings are errors, Restricted-only findings warnings")}>
            { "Pods must meet " }
            <select data-testid="pss-level" {onchange}>
                { for PssLevel::ALL.iter().map(|level| html! {
                    <option value={level.as_str()} selected={*level == props.level}>
                        { format!("PSS {}", level.title()) }
                    </option>
                }) }
            </select>
        </label>
    }
}
