//! The semantic model rules read: build stages, what each stage sets (user, workdir,
//! env, ports, healthcheck, entrypoint/cmd), what it copies and runs, and which stage
//! is shipped.

use std::collections::HashMap;

use super::syntax::instruction::{Command, Flag, Form};
use super::syntax::tree::{Dockerfile, Instruction, Keyword, Word};
use super::{expand_args, GlobalArgs, ImageRef};
use crate::knowledge::packages::{is_pip, is_python, PackageManager};

/// A Dockerfile read as build stages.
#[derive(Debug)]
pub struct Model<'a> {
    pub source: &'a str,
    pub dockerfile: &'a Dockerfile,
    pub global_args: GlobalArgs,
    pub stages: Vec<Stage<'a>>,
    /// Lower-cased stage name → index of the last stage with that name.
    names: HashMap<String, usize>,
    /// By stage index: see [`Model::in_runnable_image`].
    runnable: Vec<bool>,
}

/// What a stage is built on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// `FROM scratch`: an empty filesystem.
    Scratch,
    /// An earlier stage, by index.
    Stage(usize),
    /// An image reference with build arguments expanded.
    Image(String),
    /// An image named by a build argument we cannot resolve.
    Unknown,
}

/// One `FROM` and the instructions up to the next.
#[derive(Debug)]
pub struct Stage<'a> {
    pub index: usize,
    pub from: &'a Instruction,
    /// The image word as written.
    pub image: Option<Word>,
    /// The name after `AS`.
    pub name: Option<Word>,
    pub base: Base,
    pub platform: Option<Flag>,
    /// The instructions after `FROM`, up to the next `FROM`.
    pub instructions: &'a [Instruction],
    /// Whether this stage is the image `docker build` produces by default (the last).
    pub shipped: bool,
    /// Whether this stage's files end up in the shipped image: the final stage and the
    /// stages it is built `FROM`.
    pub in_shipped_image: bool,
    /// A file with no `FROM` at all (a snippet), read as one stage on an unknown base
    /// from its first instruction (`from` is that instruction, not a `FROM`): rules that
    /// judge the whole image (its user, health check, build tools) leave it alone.
    pub fragment: bool,
    copies: Vec<Copy<'a>>,
    runs: Vec<Run<'a>>,
    trigger_runs: Vec<Run<'a>>,
}

impl<'a> Stage<'a> {
    /// A stage from its `FROM` (for a fragment: its first instruction), what that says
    /// (image word, name, base, platform) and the instructions after it.
    fn new(
        source: &str,
        index: usize,
        from: &'a Instruction,
        (image, name, base, platform): (Option<Word>, Option<Word>, Base, Option<Flag>),
        instructions: &'a [Instruction],
        fragment: bool,
    ) -> Self {
        let runs_of = |instructions: &mut dyn Iterator<Item = &'a Instruction>| {
            instructions
                .filter(|i| i.keyword == Keyword::Run)
                .map(|instruction| Run {
                    instruction,
                    commands: instruction.commands(source),
                })
                .collect()
        };
        Self {
            index,
            from,
            image,
            name,
            base,
            platform,
            instructions,
            shipped: fragment,
            in_shipped_image: false,
            fragment,
            copies: instructions
                .iter()
                .filter(|i| i.keyword == Keyword::Copy || i.keyword == Keyword::Add)
                .map(Copy::new)
                .collect(),
            runs: runs_of(&mut instructions.iter()),
            trigger_runs: runs_of(&mut instructions.iter().filter_map(|i| i.trigger.as_deref())),
        }
    }
}

/// A port from `EXPOSE`: `8080`, `8080/tcp`, `53/udp`, or a range `8000-8010`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExposedPort {
    pub word: Word,
    /// The first port of the range; `None` when the word is not a number in 0..=65535
    /// (or names a build argument).
    pub port: Option<u16>,
    /// The last port of a range (the same as `port` for a single port).
    pub last: Option<u16>,
    /// `tcp` unless the word says otherwise.
    pub protocol: String,
}

impl ExposedPort {
    fn parse(word: Word) -> Self {
        let (ports, protocol) = match word.text.split_once('/') {
            Some((ports, protocol)) => (ports, protocol.to_ascii_lowercase()),
            None => (word.text.as_str(), "tcp".to_owned()),
        };
        let (first, last) = ports.split_once('-').unwrap_or((ports, ports));
        Self {
            port: first.parse().ok(),
            last: last.parse().ok(),
            protocol,
            word,
        }
    }
}

impl<'a> Stage<'a> {
    /// The image reference this stage starts from, split into parts.
    pub fn image_ref(&self) -> Option<ImageRef<'_>> {
        match &self.base {
            Base::Image(reference) => Some(ImageRef::parse(reference)),
            _ => None,
        }
    }

    /// Instructions with this keyword.
    pub fn all(&self, keyword: Keyword) -> impl Iterator<Item = &Instruction> {
        self.instructions
            .iter()
            .filter(move |i| i.keyword == keyword)
    }

    /// The last instruction with this keyword.
    pub fn last(&self, keyword: Keyword) -> Option<&Instruction> {
        self.instructions
            .iter()
            .rev()
            .find(|i| i.keyword == keyword)
    }

    /// The last `USER` of this stage and its user word (`app` in `USER app:app`).
    pub fn user(&self) -> Option<(&Instruction, Word)> {
        let instruction = self.last(Keyword::User)?;
        let word = instruction.unquoted_body_words().into_iter().next()?;
        Some((instruction, word))
    }

    /// Where findings about the stage's base point: the image word, else `FROM`.
    pub fn image_range(&self) -> crate::engine::text::TextRange {
        self.image
            .as_ref()
            .map_or(self.from.keyword_range, |w| w.range)
    }

    /// How findings name this stage: its `AS` name, else its index.
    pub fn label(&self) -> String {
        self.name
            .as_ref()
            .map_or_else(|| self.index.to_string(), |n| n.text.clone())
    }

    /// `COPY` and `ADD` instructions (read once, when the model is built).
    pub fn copies(&self) -> &[Copy<'a>] {
        &self.copies
    }

    /// The `COPY` or `ADD` read from `instruction`, one of this stage's.
    pub fn copy_of(&self, instruction: &Instruction) -> Option<&Copy<'a>> {
        self.copies
            .iter()
            .find(|c| std::ptr::eq(c.instruction, instruction))
    }

    /// The `RUN` read from `instruction`, one of this stage's.
    pub fn run_of(&self, instruction: &Instruction) -> Option<&Run<'a>> {
        self.runs
            .iter()
            .find(|r| std::ptr::eq(r.instruction, instruction))
    }

    /// `RUN` instructions with their simple commands (split once, when the model is
    /// built).
    pub fn runs(&self) -> &[Run<'a>] {
        &self.runs
    }

    /// `RUN` instructions registered with `ONBUILD`: they run in builds that use this
    /// image as their base, so only rules about how a command is written read them.
    pub fn trigger_runs(&self) -> &[Run<'a>] {
        &self.trigger_runs
    }

    /// Ports declared with `EXPOSE` in this stage.
    pub fn exposed_ports(&self) -> Vec<ExposedPort> {
        self.all(Keyword::Expose)
            .flat_map(Instruction::unquoted_body_words)
            .map(ExposedPort::parse)
            .collect()
    }

    /// `ARG`s declared in this stage: `(name word, default value if any)`.
    pub fn args(&self) -> Vec<(Word, Option<String>)> {
        self.all(Keyword::Arg).flat_map(arg_declarations).collect()
    }

    /// The stage's working directory after its own `WORKDIR`s, resolving relative
    /// ones against the previous (`None` when the stage sets none).
    pub fn workdir(&self) -> Option<String> {
        let mut dir: Option<String> = None;
        for instruction in self.all(Keyword::Workdir) {
            let path = instruction
                .body()
                .trim()
                .trim_matches(['"', '\''])
                .to_owned();
            dir = Some(if path.starts_with('/') || dir.is_none() {
                if path.starts_with('/') {
                    path
                } else {
                    format!("/{path}")
                }
            } else {
                format!("{}/{path}", dir.unwrap_or_default().trim_end_matches('/'))
            });
        }
        dir
    }

    /// The stage's last `HEALTHCHECK`.
    pub fn healthcheck(&self) -> Option<&Instruction> {
        self.last(Keyword::Healthcheck)
    }

    /// The stage's last `ENTRYPOINT`.
    pub fn entrypoint(&self) -> Option<&Instruction> {
        self.last(Keyword::Entrypoint)
    }

    /// The stage's last `CMD`.
    pub fn cmd(&self) -> Option<&Instruction> {
        self.last(Keyword::Cmd)
    }

    /// The value the variable `name` has in this stage where `before` (a source
    /// offset) is: the last `ENV` value or `ARG` default for it above that point, else
    /// the default of a global `ARG` the stage declares again without one. `None` when
    /// the value is only known at build time.
    pub fn value_before(&self, name: &str, before: usize, global: &GlobalArgs) -> Option<String> {
        let mut value = None;
        for instruction in self
            .instructions
            .iter()
            .take_while(|i| i.range.start() < before)
        {
            match instruction.keyword {
                Keyword::Env => {
                    for (key, v) in key_values(instruction) {
                        if key.text == name {
                            value = Some(v);
                        }
                    }
                }
                Keyword::Arg => {
                    for (key, v) in arg_declarations(instruction) {
                        if key.text == name {
                            value = v.or_else(|| global.value(name).map(str::to_owned));
                        }
                    }
                }
                _ => {}
            }
        }
        value
    }

    /// `ENV` variables set in this stage: `(name word, value)`.
    pub fn env(&self) -> Vec<(Word, String)> {
        self.all(Keyword::Env).flat_map(key_values).collect()
    }

    /// Whether a `SHELL` instruction switches to something other than a POSIX shell
    /// (PowerShell, cmd), in which case shell-script rules do not apply.
    pub fn non_posix_shell(&self) -> bool {
        self.all(Keyword::Shell).any(|shell| match shell.form() {
            Form::Exec(words) => words.first().is_some_and(|w| {
                let program = w.text.rsplit(['/', '\\']).next().unwrap_or(&w.text);
                let program = program.to_ascii_lowercase();
                !(super::syntax::shell::is_posix_shell(&program) || program == "busybox")
            }),
            _ => false,
        })
    }
}

/// The names an `ARG` declares, each with its default value if it has one
/// (`ARG A=1 B` → `A: Some("1")`, `B: None`).
pub fn arg_declarations(instruction: &Instruction) -> Vec<(Word, Option<String>)> {
    let words = instruction.body_words();
    key_values(instruction)
        .into_iter()
        .zip(words)
        .map(|((name, value), word)| (name, word.text.contains('=').then_some(value)))
        .collect()
}

/// `ENV`, `ARG` or `LABEL` pairs: `k=v k2=v2`, or the old `ENV k v` form.
pub fn key_values(instruction: &Instruction) -> Vec<(Word, String)> {
    let escape = instruction.args.escape();
    let words = instruction.body_words();
    if instruction.keyword == Keyword::Env && words.first().is_some_and(|w| !w.text.contains('=')) {
        let Some(first) = words.first() else {
            return Vec::new();
        };
        let value = instruction
            .body()
            .get(first.text.len()..)
            .unwrap_or_default()
            .trim()
            .to_owned();
        return vec![(first.clone(), unquote(&value, escape))];
    }
    words
        .into_iter()
        .map(|word| match word.text.split_once('=') {
            Some((name, value)) => {
                let value = unquote(value, escape);
                let name_range = crate::engine::text::TextRange::new(
                    word.range.start(),
                    (word.range.start() + name.len()).min(word.range.end()),
                );
                (
                    Word {
                        text: name.to_owned(),
                        range: name_range,
                    },
                    value,
                )
            }
            None => (word, String::new()),
        })
        .collect()
}

/// An `ENV` or `LABEL` in the old `KEY value` form (no `=`): the key, and the value,
/// which is the rest of the instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyPair {
    pub key: Word,
    /// The value as written, continuations removed (quotes and escapes kept).
    pub value: String,
    /// The value's source range (it may cover continued lines).
    pub value_range: crate::engine::text::TextRange,
}

/// The `KEY value` of an `ENV` or `LABEL` written in the old form, if it is.
pub fn legacy_key_value(instruction: &Instruction) -> Option<LegacyPair> {
    if !matches!(instruction.keyword, Keyword::Env | Keyword::Label) {
        return None;
    }
    let words = instruction.body_words();
    let (key, rest) = words.split_first()?;
    if key.text.contains('=') || rest.is_empty() {
        return None;
    }
    let body = instruction.body();
    let value = body.get(key.text.len()..)?.trim();
    let last = rest.last()?;
    Some(LegacyPair {
        key: key.clone(),
        value: value.to_owned(),
        value_range: rest[0].range.cover(last.range),
    })
}

/// Remove quotes and escapes from a value as BuildKit's word processing does: the
/// escape character escapes anything outside quotes, only `"`, `$` and itself inside
/// double quotes, and nothing inside single quotes.
fn unquote(value: &str, escape: char) -> String {
    let mut out = String::with_capacity(value.len());
    let mut quote = None;
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if q == c => quote = None,
            (Some('\''), c) => out.push(c),
            (Some(_), c) if c == escape => match chars.peek() {
                Some(&next) if next == '"' || next == '$' || next == escape => {
                    out.push(next);
                    chars.next();
                }
                _ => out.push(c),
            },
            (None, c) if c == escape => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            (_, c) => out.push(c),
        }
    }
    out
}

/// A `COPY` or `ADD`.
#[derive(Debug, Clone)]
pub struct Copy<'a> {
    pub instruction: &'a Instruction,
    pub is_add: bool,
    pub from: Option<Flag>,
    pub chown: Option<Flag>,
    pub chmod: Option<Flag>,
    pub sources: Vec<Word>,
    pub destination: Option<Word>,
}

impl<'a> Copy<'a> {
    fn new(instruction: &'a Instruction) -> Self {
        let flags = instruction.flags();
        let find = |name: &str| flags.iter().rev().find(|f| f.name == name).cloned();
        let mut arguments = instruction.arguments();
        // `COPY <<EOF /dest`: the heredoc marker is the source.
        let destination = arguments.pop();
        Self {
            instruction,
            is_add: instruction.keyword == Keyword::Add,
            from: find("from"),
            chown: find("chown"),
            chmod: find("chmod"),
            sources: arguments,
            destination,
        }
    }
}

/// A `RUN` and the simple commands it runs.
#[derive(Debug, Clone)]
pub struct Run<'a> {
    pub instruction: &'a Instruction,
    pub commands: Vec<Command>,
}

/// A package-manager command: `apt-get install -y curl`, `python -m pip install x`.
#[derive(Debug, Clone)]
pub struct PackageCommand<'c> {
    pub manager: PackageManager,
    pub command: &'c Command,
    /// Index in `command.words` of the subcommand (`install`), if any.
    pub subcommand_index: Option<usize>,
}

impl<'c> PackageCommand<'c> {
    /// Recognise a package-manager invocation.
    pub fn recognise(command: &'c Command) -> Option<Self> {
        // Options before the subcommand that take a value (`apt-get -o X=Y install`).
        const VALUED: &[&str] = &["-o", "-c", "-t", "-C", "-X", "--repo", "--setopt"];
        let program = command.program()?;
        let words = &command.words;
        let (manager, first_arg) = match program {
            p if is_python(p) => {
                // `python -m pip install ...`
                let m = words.iter().position(|w| w.text == "-m")?;
                if !words.get(m + 1).is_some_and(|w| is_pip(&w.text)) {
                    return None;
                }
                (PackageManager::Pip, m + 2)
            }
            p => (PackageManager::from_program(p)?, 1),
        };
        let mut subcommand_index = None;
        let mut i = first_arg;
        while let Some(word) = words.get(i) {
            if !word.text.starts_with('-') {
                subcommand_index = Some(i);
                break;
            }
            i += if VALUED.contains(&word.text.as_str()) {
                2
            } else {
                1
            };
        }
        Some(Self {
            manager,
            command,
            subcommand_index,
        })
    }

    /// The subcommand (`install`, `update`, `add`...).
    pub fn subcommand(&self) -> Option<&str> {
        let index = self.subcommand_index?;
        Some(self.command.words[index].text.as_str())
    }

    pub fn subcommand_word(&self) -> Option<&Word> {
        self.command.words.get(self.subcommand_index?)
    }

    /// From the program to the subcommand (`apt-get install`): where findings about the
    /// invocation point.
    pub fn command_range(&self) -> crate::engine::text::TextRange {
        let program = self.command.words[0].range;
        self.subcommand_word()
            .map_or(program, |w| program.cover(w.range))
    }

    /// Words after the subcommand.
    pub fn rest(&self) -> &'c [Word] {
        match self.subcommand_index {
            Some(i) => &self.command.words[i + 1..],
            None => &[],
        }
    }

    /// Whether any option among all the words equals one of `options` (also
    /// `--opt=value` forms for long options).
    pub fn has_option(&self, options: &[&str]) -> bool {
        self.command.words.iter().skip(1).any(|w| {
            options.contains(&w.text.as_str())
                || w.text
                    .split_once('=')
                    .is_some_and(|(name, _)| name.starts_with("--") && options.contains(&name))
        })
    }

    /// Whether a short-option cluster (`-yq`) or a long option sets `short`/`long`.
    pub fn has_flag(&self, short: char, long: &[&str]) -> bool {
        self.command.words.iter().skip(1).any(|w| {
            let t = w.text.as_str();
            long.contains(&t)
                || (t.starts_with('-') && !t.starts_with("--") && t[1..].contains(short))
        })
    }

    /// The value of an option among `names` (`--target /deps`, `--target=/deps`,
    /// `-t /deps`), if given.
    pub fn option_value(&self, names: &[&str]) -> Option<&'c str> {
        let words = &self.command.words;
        words.iter().enumerate().skip(1).find_map(|(i, w)| {
            if names.contains(&w.text.as_str()) {
                return words.get(i + 1).map(|v| v.text.as_str());
            }
            let (name, value) = w.text.split_once('=')?;
            (name.starts_with("--") && names.contains(&name)).then_some(value)
        })
    }

    /// Package arguments after the subcommand: words that are not options (and not
    /// values of options that take one, as listed in `valued`).
    pub fn packages(&self, valued: &[&str]) -> Vec<&'c Word> {
        match self.subcommand_index {
            Some(i) => self.command.operands(i + 1, valued),
            None => Vec::new(),
        }
    }
}

/// How many `FROM <stage>` hops are followed.
const MAX_ANCESTRY: usize = 64;

impl<'a> Model<'a> {
    /// Build the model of a parsed Dockerfile.
    pub fn new(source: &'a str, dockerfile: &'a Dockerfile) -> Self {
        let global_args = dockerfile.global_args();
        let from_positions: Vec<usize> = dockerfile
            .instructions
            .iter()
            .enumerate()
            .filter(|(_, i)| i.keyword == Keyword::From)
            .map(|(n, _)| n)
            .collect();
        let mut stages: Vec<Stage<'a>> = Vec::new();
        let mut names: HashMap<String, usize> = HashMap::new();
        if from_positions.is_empty() {
            if let Some(first) = dockerfile
                .instructions
                .iter()
                .position(|i| i.keyword != Keyword::Arg)
            {
                let instructions = &dockerfile.instructions[first..];
                stages.push(Stage::new(
                    source,
                    0,
                    &dockerfile.instructions[first],
                    (None, None, Base::Unknown, None),
                    instructions,
                    true,
                ));
            }
        }
        for (index, &at) in from_positions.iter().enumerate() {
            let end = from_positions
                .get(index + 1)
                .copied()
                .unwrap_or(dockerfile.instructions.len());
            let from = &dockerfile.instructions[at];
            let platform = from.flag("platform");
            let mut words = from.body_words().into_iter();
            let image = words.next();
            let name = match words.next() {
                Some(w) if w.text.eq_ignore_ascii_case("as") => words.next(),
                _ => None,
            };
            let base = match &image {
                None => Base::Unknown,
                Some(word) => match expand_args(&word.text, &global_args) {
                    None => Base::Unknown,
                    Some(resolved) => {
                        let lower = resolved.to_ascii_lowercase();
                        if lower == "scratch" {
                            Base::Scratch
                        } else if let Some(&parent) = names.get(&lower) {
                            Base::Stage(parent)
                        } else {
                            Base::Image(resolved)
                        }
                    }
                },
            };
            if let Some(name) = &name {
                // A later stage with the same name shadows the earlier one.
                names.insert(name.text.to_ascii_lowercase(), index);
            }
            let instructions = &dockerfile.instructions[at + 1..end];
            let mut stage = Stage::new(
                source,
                index,
                from,
                (image, name, base, platform),
                instructions,
                false,
            );
            stage.shipped = index + 1 == from_positions.len();
            stages.push(stage);
        }
        let mut model = Self {
            source,
            dockerfile,
            global_args,
            runnable: vec![false; stages.len()],
            stages,
            names,
        };
        if let Some(last) = model.stages.last() {
            let shipping: Vec<usize> = model.ancestry(last).iter().map(|s| s.index).collect();
            for index in shipping {
                model.stages[index].in_shipped_image = true;
            }
        }
        let runnable: Vec<usize> = model
            .stages
            .iter()
            .filter(|s| {
                s.shipped
                    || s.instructions
                        .iter()
                        .any(|i| matches!(i.keyword, Keyword::Cmd | Keyword::Entrypoint))
            })
            .flat_map(|target| model.ancestry(target).into_iter().map(|s| s.index))
            .collect();
        for index in runnable {
            model.runnable[index] = true;
        }
        model
    }

    /// The stage `docker build` produces by default.
    pub fn shipped(&self) -> Option<&Stage<'a>> {
        self.stages.last()
    }

    /// Whether `stage`'s files end up in an image someone runs: the shipped one, or a
    /// target whose stage sets its own `CMD` or `ENTRYPOINT` (a `dev` or `test` stage that
    /// `docker build --target` makes and starts), counting the stages each is built on.
    /// Worked out once, in [`Model::new`].
    pub fn in_runnable_image(&self, stage: &Stage<'a>) -> bool {
        self.runnable.get(stage.index).copied().unwrap_or(false)
    }

    /// The earlier stages a `FROM` built from a build argument may name: for
    /// `FROM binaries-$TARGETOS`, every stage whose name starts with `binaries-`. Empty
    /// when the base is known, or its name does not start with text of its own.
    pub fn stages_named_by_argument(&self, stage: &Stage<'a>) -> Vec<&Stage<'a>> {
        if !matches!(stage.base, Base::Unknown) {
            return Vec::new();
        }
        let Some(prefix) = stage
            .image
            .as_ref()
            .and_then(|w| w.text.split('$').next())
            .filter(|p| !p.is_empty())
        else {
            return Vec::new();
        };
        self.stages[..stage.index]
            .iter()
            .filter(|s| {
                s.name.as_ref().is_some_and(|n| {
                    n.text.len() > prefix.len()
                        && n.text.is_char_boundary(prefix.len())
                        && n.text[..prefix.len()].eq_ignore_ascii_case(prefix)
                })
            })
            .collect()
    }

    /// The stage and the stages it is built on, nearest first.
    pub fn ancestry(&self, stage: &'a Stage<'a>) -> Vec<&Stage<'a>> {
        let mut chain = vec![stage];
        let mut current = stage;
        while let Base::Stage(parent) = current.base {
            // Chains longer than this are not real builds; stop so hostile input stays linear.
            if parent >= current.index || chain.len() > MAX_ANCESTRY {
                break;
            }
            current = &self.stages[parent];
            chain.push(current);
        }
        chain
    }

    /// The image the chain of a stage finally starts from.
    pub fn root_base(&self, stage: &'a Stage<'a>) -> &Base {
        &self.root_stage(stage).base
    }

    /// The first stage of a stage's `FROM <stage>` chain: the one naming the image.
    pub fn root_stage(&self, stage: &'a Stage<'a>) -> &Stage<'a> {
        self.ancestry(stage).last().copied().unwrap_or(stage)
    }

    /// The effective `USER` of a stage, looking through the stages it is built on.
    pub fn effective_user(&self, stage: &'a Stage<'a>) -> Option<(&Instruction, Word)> {
        self.ancestry(stage).into_iter().find_map(Stage::user)
    }

    /// Whether the stage or the stages it is built on install a program named `tool`
    /// with a package manager, or copy a file of that name into the image.
    pub fn provides(&self, stage: &'a Stage<'a>, tool: &str) -> bool {
        let suffix = format!("/{tool}");
        self.ancestry(stage).iter().any(|s| {
            s.runs().iter().any(|run| {
                run.commands
                    .iter()
                    .filter_map(PackageCommand::recognise)
                    .any(|p| {
                        p.packages(&[])
                            .iter()
                            .any(|w| w.text.split('=').next() == Some(tool))
                    })
            }) || s.copies().iter().any(|c| {
                c.destination
                    .as_ref()
                    .is_some_and(|d| d.text.ends_with(&suffix))
                    || c.sources.iter().any(|w| w.text.ends_with(&suffix))
            })
        })
    }

    /// The last instruction with `keyword` in the stage or the stages it is built on.
    pub fn effective(&self, stage: &'a Stage<'a>, keyword: Keyword) -> Option<&Instruction> {
        self.ancestry(stage)
            .into_iter()
            .find_map(|s| s.last(keyword))
    }

    /// The stage a `COPY --from=` value names: a stage name or index.
    pub fn stage_named(&self, name: &str) -> Option<&Stage<'a>> {
        if let Ok(index) = name.parse::<usize>() {
            return self.stages.get(index);
        }
        self.names
            .get(&name.to_ascii_lowercase())
            .and_then(|&i| self.stages.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    const SRC: &str = "ARG PY=3.13\nFROM python:${PY}-slim AS build\nRUN python -m pip install --user -r requirements.txt\nFROM build AS test\nUSER app\nFROM gcr.io/distroless/python3-debian13:nonroot\nCOPY --from=build --chown=65532:65532 /root/.local /home/nonroot/.local\nENV A=1 B=\"two words\"\nENV OLD style value\n";

    #[test]
    fn values_are_unquoted_as_buildkit_does() {
        let values = |src: &str| -> Vec<String> {
            let df = parse(src);
            df.instructions
                .iter()
                .filter(|i| i.keyword == Keyword::Env)
                .flat_map(key_values)
                .map(|(_, v)| v)
                .collect()
        };
        assert_eq!(
            values("FROM a\nENV A=\"x\\\"y\" B=\"c:\\d\" C='a\\b' D=e\\ f\n"),
            ["x\"y", "c:\\d", "a\\b", "e f"]
        );
        assert_eq!(
            values("# escape=`\nFROM a\nENV P=C:\\app Q=\"`\"q`\"\"\n"),
            ["C:\\app", "\"q\""]
        );
    }

    #[test]
    fn legacy_pairs() {
        let src = "FROM a\nENV A b c\nLABEL k \"v w\"\nENV A=b\nLABEL x=1 y=2\nENV ONLY\n";
        let df = parse(src);
        let pairs: Vec<_> = df
            .instructions
            .iter()
            .filter_map(legacy_key_value)
            .map(|p| (p.key.text, p.value, p.value_range.slice(src).to_owned()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("A".into(), "b c".into(), "b c".into()),
                ("k".into(), "\"v w\"".into(), "\"v w\"".into())
            ]
        );
    }

    #[test]
    fn ports_args_workdir_and_commands() {
        let src = "FROM a\nARG V=1 NAME\nWORKDIR app\nWORKDIR src\nEXPOSE 8080 53/udp 9000-9010 $P\nHEALTHCHECK CMD x\nENTRYPOINT [\"e\"]\nCMD [\"c\"]\nONBUILD RUN make\n";
        let df = parse(src);
        let model = Model::new(src, &df);
        let stage = &model.stages[0];
        let ports: Vec<(Option<u16>, Option<u16>, &str)> = stage
            .exposed_ports()
            .iter()
            .map(|p| {
                (
                    p.port,
                    p.last,
                    if p.protocol == "udp" { "udp" } else { "tcp" },
                )
            })
            .collect();
        assert_eq!(
            ports,
            [
                (Some(8080), Some(8080), "tcp"),
                (Some(53), Some(53), "udp"),
                (Some(9000), Some(9010), "tcp"),
                (None, None, "tcp"),
            ]
        );
        let args: Vec<(String, Option<String>)> =
            stage.args().into_iter().map(|(w, v)| (w.text, v)).collect();
        assert_eq!(
            args,
            [
                ("V".to_owned(), Some("1".to_owned())),
                ("NAME".to_owned(), None)
            ]
        );
        assert_eq!(stage.workdir().as_deref(), Some("/app/src"));
        assert_eq!(stage.healthcheck().map(Instruction::body), Some("CMD x"));
        assert_eq!(stage.entrypoint().map(Instruction::body), Some("[\"e\"]"));
        assert_eq!(stage.cmd().map(Instruction::body), Some("[\"c\"]"));
        assert!(stage.runs().is_empty());
        assert_eq!(stage.trigger_runs().len(), 1);
        assert_eq!(stage.trigger_runs()[0].commands[0].program(), Some("make"));
    }

    #[test]
    fn stages_bases_and_shipped() {
        let df = parse(SRC);
        let model = Model::new(SRC, &df);
        assert_eq!(model.stages.len(), 3);
        assert_eq!(model.stages[0].base, Base::Image("python:3.13-slim".into()));
        assert_eq!(model.stages[1].base, Base::Stage(0));
        assert!(model.stages[2].shipped);
        let in_image: Vec<bool> = model.stages.iter().map(|s| s.in_shipped_image).collect();
        assert_eq!(in_image, [false, false, true]);
        let src = "FROM a AS base\nFROM b AS unused\nFROM base\n";
        let df = parse(src);
        let chain = Model::new(src, &df);
        let in_image: Vec<bool> = chain.stages.iter().map(|s| s.in_shipped_image).collect();
        assert_eq!(in_image, [true, false, true]);
        assert_eq!(
            model.effective_user(&model.stages[1]).map(|(_, w)| w.text),
            Some("app".into())
        );
        assert_eq!(
            model.root_base(&model.stages[1]),
            &Base::Image("python:3.13-slim".into())
        );
        let copies = model.stages[2].copies();
        assert_eq!(
            copies[0].from.as_ref().and_then(|f| f.value.as_deref()),
            Some("build")
        );
        assert_eq!(copies[0].sources[0].text, "/root/.local");
        assert_eq!(
            copies[0].destination.as_ref().map(|w| w.text.as_str()),
            Some("/home/nonroot/.local")
        );
        let env: Vec<_> = model.stages[2]
            .env()
            .into_iter()
            .map(|(k, v)| (k.text, v))
            .collect();
        assert_eq!(
            env,
            [
                ("A".into(), "1".into()),
                ("B".into(), "two words".into()),
                ("OLD".into(), "style value".into())
            ]
        );
    }

    #[test]
    fn from_flags_image_and_name() {
        let src = "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nFROM scratch\n";
        let df = parse(src);
        let model = Model::new(src, &df);
        let build = &model.stages[0];
        assert_eq!(
            build.platform.as_ref().map(|f| f.range.slice(src)),
            Some("--platform=$BUILDPLATFORM")
        );
        assert_eq!(
            build.image.as_ref().map(|w| w.text.as_str()),
            Some("golang:1.23")
        );
        assert_eq!(build.name.as_ref().map(|w| w.text.as_str()), Some("build"));
        assert_eq!(model.stages[1].base, Base::Scratch);
        assert!(model.stages[1].name.is_none());
    }

    #[test]
    fn package_commands() {
        let df = parse(SRC);
        let model = Model::new(SRC, &df);
        let run = model.stages[0].runs().first().expect("run");
        let pip = PackageCommand::recognise(&run.commands[0]).expect("pip");
        assert_eq!(pip.manager, PackageManager::Pip);
        assert_eq!(pip.subcommand(), Some("install"));
        assert!(pip.has_option(&["--user"]));
        assert!(pip.packages(&["-r"]).is_empty());
        let src =
            "FROM a\nRUN apt-get -qy install --no-install-recommends curl=8.* ca-certificates\n";
        let df = parse(src);
        let commands = df.instructions[1].commands(src);
        let apt = PackageCommand::recognise(&commands[0]).expect("apt");
        assert_eq!(apt.subcommand(), Some("install"));
        assert!(apt.has_flag('y', &["--yes"]));
        let packages: Vec<_> = apt.packages(&[]).iter().map(|w| w.text.as_str()).collect();
        assert_eq!(packages, ["curl=8.*", "ca-certificates"]);
    }
}
