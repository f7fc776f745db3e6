//! Getting the files out of the page: copy, download one file, download all as a tar
//! archive. Everything happens in the browser; the archive is built here, in Rust.

use wasm_bindgen::JsCast as _;

/// A POSIX tar archive (ustar) of `(name, text)` files, as `tar -xf` reads it.
pub fn tar(files: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, text) in files {
        let mut header = [0u8; 512];
        let put = |header: &mut [u8; 512], at: usize, bytes: &[u8]| {
            header[at..at + bytes.len()].copy_from_slice(bytes);
        };
        let name = name.as_bytes();
        put(&mut header, 0, &name[..name.len().min(100)]);
        put(&mut header, 100, b"0000644\0");
        put(&mut header, 108, b"0000000\0");
        put(&mut header, 116, b"0000000\0");
        put(
            &mut header,
            124,
            format!("{:011o}\0", text.len()).as_bytes(),
        );
        put(&mut header, 136, b"00000000000\0");
        put(&mut header, 148, b"        ");
        header[156] = b'0';
        put(&mut header, 257, b"ustar\0");
        put(&mut header, 263, b"00");
        let sum: u32 = header.iter().map(|&b| u32::from(b)).sum();
        put(&mut header, 148, format!("{sum:06o}\0 ").as_bytes());
        out.extend_from_slice(&header);
        out.extend_from_slice(text.as_bytes());
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

/// Save `bytes` as a file named `name` (a download, from a `blob:` URL).
pub fn download(name: &str, bytes: &[u8], mime: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(anchor) = document.create_element("a") {
        if let Ok(anchor) = anchor.dyn_into::<web_sys::HtmlAnchorElement>() {
            anchor.set_href(&url);
            anchor.set_download(name);
            anchor.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Put `text` on the clipboard (the browser may ask the user first).
pub fn copy(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

#[cfg(test)]
mod tests {
    use super::tar;

    #[test]
    fn tar_archives_have_valid_headers_and_padding() {
        let archive = tar(&[("Dockerfile", "FROM a\n"), ("deployment.yaml", "")]);
        assert_eq!(archive.len(), 512 + 512 + 512 + 1024);
        assert_eq!(&archive[0..10], b"Dockerfile");
        assert_eq!(&archive[257..263], b"ustar\0");
        assert_eq!(&archive[124..136], b"00000000007\0");
        // The checksum is the sum of the header bytes with the checksum field as spaces.
        let mut header = archive[0..512].to_vec();
        header[148..156].copy_from_slice(b"        ");
        let sum: u32 = header.iter().map(|&b| u32::from(b)).sum();
        let written = std::str::from_utf8(&archive[148..154]).expect("octal");
        assert_eq!(u32::from_str_radix(written, 8).expect("number"), sum);
        assert_eq!(&archive[512..519], b"FROM a\n");
        assert!(archive[519..1024].iter().all(|&b| b == 0));
        assert_eq!(&archive[1024..1039], b"deployment.yaml");
    }
}
