//! Images that start an app by a convention of their own (tiangolo's
//! `uvicorn-gunicorn-fastapi`, `uwsgi-nginx-flask`: the Dockerfile only copies
//! `/app/main.py`, and the image's start script serves its `app`). The variants have no
//! such script, so they run the same app with the server the catalog names for the image
//! (`app_command`), add that server to the install, and say what they assumed.

use super::analysis::{App, Entry};
use super::Context;
use crate::dockerfile::{Base, ImageRef, Model};
use crate::knowledge::catalog::catalog;

/// Where these images look for the app.
const APP_FOLDER: &str = "/app";

/// Give `app` the command its image starts it with by convention, when the Dockerfile
/// has none and the catalog knows the image's; returns the notes saying so.
pub(super) fn apply(model: &Model<'_>, context: &Context, app: &mut App) -> Vec<String> {
    let Some(shipped) = model.shipped() else {
        return Vec::new();
    };
    let Base::Image(reference) = model.root_base(shipped) else {
        return Vec::new();
    };
    let image = ImageRef::parse(reference);
    let Some(facts) = catalog().facts(&image) else {
        return Vec::new();
    };
    let Some((program, args)) = facts.app_command.split_first() else {
        return Vec::new();
    };
    if app.entry.is_some() {
        return Vec::new();
    }
    app.entry = Some(Entry::Script {
        name: (*program).to_owned(),
        args: args.iter().map(|a| (*a).to_owned()).collect(),
    });
    let workdir = app
        .workdir
        .get_or_insert_with(|| APP_FOLDER.to_owned())
        .clone();
    let mut added = Vec::new();
    for package in facts.app_packages {
        let name = package_name(package);
        let listed = app.packages.iter().any(|p| package_name(p) == name)
            || app
                .requirement_sources
                .iter()
                .filter_map(|file| context.text(file))
                .flat_map(str::lines)
                .any(|line| package_name(line) == name);
        if !listed {
            app.packages.push((*package).to_owned());
            added.push(*package);
        }
    }
    let port = bind_port(facts.app_command);
    let mut notes = vec![format!(
        "`{}` starts the app by its own convention (the `app` object of {workdir}/main.py, or the module uwsgi.ini names), with a start script these bases do not have: the variants run the same app as `{}`{}. If your app is elsewhere (`app/main.py`, another name), change the module in the command.",
        image.repository,
        facts.app_command.join(" "),
        if added.is_empty() {
            String::new()
        } else {
            format!(", and install {}", added.join(", "))
        }
    )];
    if let (Some(theirs), Some(ours)) = (facts.app_port, port) {
        if app.port.is_none_or(|p| p == theirs) {
            app.port = Some(ours);
            notes.push(format!("The image listened on port {theirs}, which a non-root user cannot open: the variants listen on {ours}. Point your Service's targetPort (or the published port) at {ours}."));
        }
    }
    notes
}

/// `Flask==3.1.0` and `flask` are both `flask`.
fn package_name(requirement: &str) -> String {
    requirement
        .trim()
        .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
        .replace('_', "-")
}

/// The port of `-b 0.0.0.0:8080` in a server's command line.
fn bind_port(command: &[&str]) -> Option<u16> {
    let at = command.iter().position(|w| matches!(*w, "-b" | "--bind"))?;
    command.get(at + 1)?.rsplit(':').next()?.parse().ok()
}
