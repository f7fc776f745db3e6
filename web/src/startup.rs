//! Which files the page starts with, and the workspace their edits are kept in, from
//! the page's address: a share link's (`#code/…`), else a rule's example (`?try=CODE`),
//! else a lesson's (`#lesson/ID`, or `?lesson=ID` for an embedding page), else an
//! example's (`?example=ID`), else the user's own (their last draft, or the first
//! example). Files from elsewhere never overwrite the user's own: they open in a
//! workspace of their own (`away` says what it is, and the page offers the way back),
//! and their edits come back when the same source is opened again.
//!
//! Pure: the address is parsed here ([`Address::parse`]), JavaScript only loads what it
//! names ([`Found`], by `js::find_startup`) and [`choose`] decides.

use bulkhead_rules::Checklist;

use crate::document::Document;
use crate::samples;

/// A lesson as `lessons.js` has it, and where it sits in the course.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LessonView {
    pub id: String,
    pub title: String,
    pub explanation: String,
    pub goal: String,
    pub passes: Vec<Checklist>,
    pub absent: Vec<String>,
    pub no_errors: bool,
    pub final_base: Option<String>,
    pub hints: Vec<String>,
    pub reference: String,
    /// The solution, as a unified diff of the starting files.
    pub solution: String,
    /// The starting files.
    pub document: Document,
    /// Its place in the course (0-based), the number of lessons, the lessons either
    /// side, and the lessons this browser has seen solved.
    pub index: u32,
    pub count: u32,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub done: Vec<String>,
    /// Every lesson of the course: `(id, title)`.
    pub course: Vec<(String, String)>,
}

/// How an embedding page configured the playground (`?embed=1&readonly=1&panels=...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    pub read_only: bool,
    /// Which panels to show: `findings`, `checklist`, `export`.
    pub panels: Vec<String>,
}

/// Where drafts are kept: the user's own files, a lesson's, or the last files visited
/// from elsewhere (by their source: the share link's fragment, `try:CODE`, `example:ID`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Workspace {
    Mine,
    Lesson(String),
    Visit(String),
}

/// What the page's address asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    /// The fragment, when it is a share link's (`#code/…`).
    pub share: Option<String>,
    pub try_rule: Option<String>,
    pub lesson: Option<String>,
    pub example: Option<String>,
    pub embed: Option<Embed>,
}

impl Address {
    /// `search` and `hash` as `location` has them (`?a=b`, `#x`), read as the browser's
    /// `URLSearchParams` and `decodeURIComponent` would.
    pub fn parse(search: &str, hash: &str) -> Self {
        let param = |key: &str| query_param(search, key).filter(|v| !v.is_empty());
        let lesson = hash
            .strip_prefix("#lesson/")
            .map(|id| percent_decode(id, false))
            .or_else(|| param("lesson"));
        Self {
            share: hash.starts_with("#code/").then(|| hash.to_owned()),
            try_rule: param("try"),
            lesson,
            example: param("example"),
            embed: (query_param(search, "embed").as_deref() == Some("1")).then(|| Embed {
                read_only: query_param(search, "readonly").as_deref() == Some("1"),
                panels: query_param(search, "panels")
                    .unwrap_or_default()
                    .split(',')
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect(),
            }),
        }
    }
}

/// The first value of `key` in a query string, decoded.
fn query_param(search: &str, key: &str) -> Option<String> {
    search
        .strip_prefix('?')
        .unwrap_or(search)
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .find(|(k, _)| percent_decode(k, true) == key)
        .map(|(_, v)| percent_decode(v, true))
}

/// `%XX` escapes (and, in a query, `+` for a space) decoded; a malformed escape is kept
/// as it is, and bytes that are not UTF-8 become U+FFFD.
fn percent_decode(text: &str, query: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| {
            bytes
                .get(at)
                .and_then(|b| char::from(*b).to_digit(16))
                .and_then(|d| u8::try_from(d).ok())
        };
        match bytes[i] {
            b'%' => {
                if let (Some(high), Some(low)) = (hex(i + 1), hex(i + 2)) {
                    out.push(high * 16 + low);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b'+' if query => out.push(b' '),
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What the sources the address names hold (loaded by JavaScript: the fragment, the
/// rule docs, the course, the examples).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// The share link's files and the bulkhead version that made it (empty: one from
    /// before links said), or why the link could not be read.
    pub shared: Option<Result<(Document, String), String>>,
    /// The asked rule's example, if it has one.
    pub tried: Option<Document>,
    /// The course, when a lesson was asked for, and the lessons solved in this browser.
    pub course: Vec<LessonView>,
    pub solved: Vec<String>,
    /// The asked example's files, when they are not in the page (`examples.js`).
    pub example: Option<Document>,
}

/// The page's start-up choices.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Startup {
    /// The files to start with (none: the first example).
    pub document: Option<Document>,
    /// Where they came from, or why the link could not be used.
    pub notice: Option<String>,
    /// Embed mode: minimal chrome, configured by URL parameters.
    pub embed: Option<Embed>,
    /// Where their edits are kept (none in embed mode, which keeps no drafts).
    pub workspace: Option<Workspace>,
    /// For a share link: the bulkhead version that made it (empty: one from before
    /// links said).
    pub link_version: Option<String>,
    /// `?try=CODE`: the rule whose example the files are, to jump to its finding.
    pub focus_rule: Option<String>,
    /// `#lesson/ID`: the lesson the files are the start of, in its course.
    pub lesson: Option<LessonView>,
    /// Files from elsewhere (a share link, an example, a lesson): what they are.
    pub away: Option<String>,
    /// Those files as they came, before this browser's edits (what Reset opens).
    pub original: Option<Document>,
}

/// The lesson at `index` of `course`, with its neighbours, the course's titles and
/// what this browser has solved.
fn in_course(course: &[LessonView], index: usize, solved: &[String]) -> LessonView {
    let id = |i: Option<usize>| i.and_then(|i| course.get(i)).map(|l| l.id.clone());
    LessonView {
        index: u32::try_from(index).unwrap_or(u32::MAX),
        count: u32::try_from(course.len()).unwrap_or(u32::MAX),
        previous: id(index.checked_sub(1)),
        next: id(index.checked_add(1)),
        done: solved.to_vec(),
        course: course
            .iter()
            .map(|l| (l.id.clone(), l.title.clone()))
            .collect(),
        ..course[index].clone()
    }
}

/// The start-up choices for `address`, from what its sources hold; `draft` reads a
/// workspace's last draft (never asked in embed mode).
pub fn choose(
    address: Address,
    found: Found,
    draft: &dyn Fn(&Workspace) -> Option<Document>,
) -> Startup {
    let embedded = address.embed.is_some();
    // The files as last edited in `workspace`, else as they came.
    let open = |workspace: Workspace, document: Document, away: String| Startup {
        document: Some(
            (!embedded)
                .then(|| draft(&workspace))
                .flatten()
                .unwrap_or_else(|| document.clone()),
        ),
        original: Some(document),
        workspace: (!embedded).then_some(workspace),
        away: Some(away),
        embed: address.embed.clone(),
        ..Startup::default()
    };
    let notice = match found.shared {
        Some(Ok((document, version))) => {
            let source = address.share.clone().unwrap_or_default();
            return Startup {
                link_version: Some(version),
                ..open(
                    Workspace::Visit(source),
                    document,
                    "the files of a share link".to_owned(),
                )
            };
        }
        Some(Err(error)) => Some(error),
        None => None,
    };
    if let (Some(rule), Some(document)) = (&address.try_rule, found.tried) {
        return Startup {
            notice: Some(format!("The example of {rule}, from its documentation.")),
            focus_rule: Some(rule.clone()),
            ..open(
                Workspace::Visit(format!("try:{rule}")),
                document,
                format!("the example of {rule}"),
            )
        };
    }
    let lesson = address
        .lesson
        .as_ref()
        .and_then(|id| found.course.iter().position(|l| l.id == *id));
    if let Some(index) = lesson {
        let lesson = in_course(&found.course, index, &found.solved);
        let away = format!("lesson {}, “{}”", index + 1, lesson.title);
        return Startup {
            notice,
            lesson: Some(lesson.clone()),
            ..open(Workspace::Lesson(lesson.id.clone()), lesson.document, away)
        };
    }
    // The first example is the page's own; the others come from examples.js.
    let example = address.example.as_deref().and_then(|id| {
        let known = samples::find(id);
        let document = found.example.or_else(|| known.map(samples::document))?;
        let away = known.map_or_else(
            || "an example".to_owned(),
            |e| format!("the example “{}”", e.title),
        );
        Some((id, document, away))
    });
    if let Some((id, document, away)) = example {
        return Startup {
            notice,
            ..open(Workspace::Visit(format!("example:{id}")), document, away)
        };
    }
    Startup {
        document: (!embedded).then(|| draft(&Workspace::Mine)).flatten(),
        notice,
        workspace: (!embedded).then_some(Workspace::Mine),
        embed: address.embed,
        ..Startup::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bulkhead_rules::FileKind;

    fn document(text: &str) -> Document {
        Document {
            files: vec![(
                "Dockerfile".to_owned(),
                FileKind::Dockerfile,
                text.to_owned(),
            )],
            ..Document::default()
        }
    }

    fn lesson(id: &str) -> LessonView {
        LessonView {
            id: id.to_owned(),
            title: format!("Title of {id}"),
            document: document(id),
            ..LessonView::default()
        }
    }

    fn no_drafts(_: &Workspace) -> Option<Document> {
        None
    }

    #[test]
    fn the_address_is_read_as_the_browser_reads_it() {
        let address = Address::parse(
            "?try=DF003&example=a%20b+c&embed=1&readonly=1&panels=findings,,export",
            "#lesson/base%2Dslim",
        );
        assert_eq!(address.try_rule.as_deref(), Some("DF003"));
        assert_eq!(address.example.as_deref(), Some("a b c"));
        assert_eq!(address.lesson.as_deref(), Some("base-slim"));
        assert_eq!(address.share, None);
        let embed = address.embed.expect("embed=1");
        assert!(embed.read_only);
        assert_eq!(embed.panels, ["findings", "export"]);

        let address = Address::parse("?lesson=x&embed=0&try=", "#code/abc");
        assert_eq!(
            address.lesson.as_deref(),
            Some("x"),
            "an embedding page's ?lesson="
        );
        assert_eq!(address.share.as_deref(), Some("#code/abc"));
        assert_eq!(address.embed, None);
        assert_eq!(address.try_rule, None, "an empty value names nothing");
        assert_eq!(
            percent_decode("%zz%4", false),
            "%zz%4",
            "malformed escapes stay"
        );
        assert_eq!(percent_decode("%E2%9C%94+", false), "✔+");
    }

    #[test]
    fn a_share_link_comes_first_and_keeps_its_edits_apart() {
        let address = Address::parse("?try=DF003&example=compose", "#code/xyz");
        let found = Found {
            shared: Some(Ok((document("shared"), "0.1.0".to_owned()))),
            tried: Some(document("tried")),
            ..Found::default()
        };
        let edited = |w: &Workspace| {
            (*w == Workspace::Visit("#code/xyz".to_owned())).then(|| document("edited"))
        };
        let startup = choose(address, found, &edited);
        assert_eq!(startup.document, Some(document("edited")));
        assert_eq!(startup.original, Some(document("shared")));
        assert_eq!(startup.link_version.as_deref(), Some("0.1.0"));
        assert_eq!(
            startup.workspace,
            Some(Workspace::Visit("#code/xyz".to_owned()))
        );
        assert_eq!(startup.away.as_deref(), Some("the files of a share link"));
        assert_eq!(startup.focus_rule, None);
    }

    #[test]
    fn a_damaged_link_says_so_and_the_next_source_opens() {
        let address = Address::parse("?try=DF003", "#code/cut");
        let found = Found {
            shared: Some(Err("damaged".to_owned())),
            tried: Some(document("tried")),
            ..Found::default()
        };
        let startup = choose(address.clone(), found, &no_drafts);
        assert_eq!(startup.document, Some(document("tried")));
        assert_eq!(startup.focus_rule.as_deref(), Some("DF003"));
        assert_eq!(
            startup.workspace,
            Some(Workspace::Visit("try:DF003".to_owned()))
        );
        // Nothing else named: the user's own draft, and the link's error.
        let found = Found {
            shared: Some(Err("damaged".to_owned())),
            ..Found::default()
        };
        let mine = |w: &Workspace| (*w == Workspace::Mine).then(|| document("mine"));
        let startup = choose(address, found, &mine);
        assert_eq!(startup.document, Some(document("mine")));
        assert_eq!(startup.notice.as_deref(), Some("damaged"));
        assert_eq!(startup.workspace, Some(Workspace::Mine));
        assert_eq!(startup.away, None);
    }

    #[test]
    fn a_lesson_opens_in_its_course_with_its_own_edits() {
        let course = vec![lesson("a"), lesson("b"), lesson("c")];
        let found = Found {
            course,
            solved: vec!["a".to_owned()],
            ..Found::default()
        };
        let edited =
            |w: &Workspace| (*w == Workspace::Lesson("b".to_owned())).then(|| document("edited b"));
        let startup = choose(
            Address::parse("?example=compose", "#lesson/b"),
            found.clone(),
            &edited,
        );
        let view = startup.lesson.expect("the lesson");
        assert_eq!((view.index, view.count), (1, 3));
        assert_eq!(
            (view.previous.as_deref(), view.next.as_deref()),
            (Some("a"), Some("c"))
        );
        assert_eq!(view.course[2], ("c".to_owned(), "Title of c".to_owned()));
        assert_eq!(view.done, ["a"]);
        assert_eq!(startup.document, Some(document("edited b")));
        assert_eq!(startup.original, Some(document("b")));
        assert_eq!(startup.away.as_deref(), Some("lesson 2, “Title of b”"));
        let first = choose(Address::parse("", "#lesson/a"), found.clone(), &no_drafts)
            .lesson
            .expect("a");
        assert_eq!((first.previous, first.next.as_deref()), (None, Some("b")));
        // An unknown lesson: on to the example.
        let startup = choose(
            Address::parse("?example=compose", "#lesson/nope"),
            found,
            &no_drafts,
        );
        assert_eq!(startup.lesson, None);
        assert_eq!(
            startup.workspace,
            Some(Workspace::Visit("example:compose".to_owned()))
        );
        assert_eq!(
            startup.away.as_deref(),
            Some("the example “Compose: a web app and its database”")
        );
    }

    #[test]
    fn the_first_example_is_the_pages_own_and_an_unknown_one_is_ignored() {
        let first = samples::find("first-flask").expect("the page's example");
        let startup = choose(
            Address::parse("?example=first-flask", ""),
            Found::default(),
            &no_drafts,
        );
        assert_eq!(startup.document, Some(samples::document(first)));
        assert_eq!(startup.original, Some(samples::document(first)));
        let startup = choose(
            Address::parse("?example=nope", ""),
            Found::default(),
            &no_drafts,
        );
        assert_eq!((startup.document, startup.away), (None, None));
        assert_eq!(startup.workspace, Some(Workspace::Mine));
    }

    #[test]
    fn an_embed_reads_no_drafts_and_keeps_none() {
        let asked = std::cell::Cell::new(0);
        let draft = |_: &Workspace| {
            asked.set(asked.get() + 1);
            Some(document("draft"))
        };
        let startup = choose(
            Address::parse("?embed=1&example=first-flask", ""),
            Found::default(),
            &draft,
        );
        assert_eq!(
            startup.document,
            Some(samples::document(
                samples::find("first-flask").expect("exists")
            ))
        );
        assert_eq!(startup.workspace, None);
        let startup = choose(Address::parse("?embed=1", ""), Found::default(), &draft);
        assert_eq!((startup.document, startup.workspace), (None, None));
        assert!(startup.embed.is_some());
        assert_eq!(asked.get(), 0);
    }
}
