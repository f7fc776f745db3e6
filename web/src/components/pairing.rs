use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PairingProps {
    /// The container images of the manifest tabs.
    pub images: Vec<String>,
    /// The image the user chose (`None`: let bulkhead guess).
    pub chosen: Option<String>,
    pub on_pair: Callback<Option<String>>,
}

/// Which container image the Dockerfile builds, for the checks that read both files.
#[component]
pub fn Pairing(props: &PairingProps) -> Html {
    if props.images.is_empty() {
        return html! {};
    }
    let on_pair = props.on_pair.clone();
    let onchange = Callback::from(move |event: Event| {
        let value = event.target_unchecked_into::<HtmlSelectElement>().value();
        on_pair.emit((!value.is_empty()).then_some(value));
    });
    let chosen = props.chosen.clone().unwrap_or_default();
    html! {
        <label class="pairing">
            { "The Dockerfile builds " }
            <select data-testid="pairing" {onchange}>
                <option value="" selected={chosen.is_empty()}>{ "(guess from the names)" }</option>
                { for props.images.iter().map(|image| html! {
                    <option value={image.clone()} selected={*image == chosen}>{ image.clone() }</option>
                }) }
            </select>
        </label>
    }
}
