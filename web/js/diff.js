// A unified diff pasted into the editor (as copied from a pull request) opens as the
// files it changes: each file's new side, with the lines the diff does not show left
// blank so line numbers match; the lines it shows (context and added) and those it adds.
// The app (web/src/diff_view.rs) takes it from there: what is not shown is unknown.

/** Whether `text` is a unified diff: file headers and at least one hunk. */
export function isDiff(text) {
  return /^\+\+\+ /m.test(text) && /^--- /m.test(text) && /^@@ -\d+(,\d+)? \+\d+(,\d+)? @@/m.test(text);
}

/** The files of a unified diff: [{ name, text, added, seen: [line numbers, 1-based] }]. */
export function diffFiles(text) {
  const files = [];
  let file = null;
  let line = 0;
  for (const raw of text.replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n")) {
    if (raw.startsWith("+++ ")) {
      const name = raw.slice(4).replace(/^b\//, "").split("\t")[0].trim();
      file = name === "/dev/null" ? null : { name, lines: [], added: [], seen: [] };
      if (file) files.push(file);
      continue;
    }
    const hunk = raw.match(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/);
    if (hunk && file) {
      line = Number(hunk[1]);
      while (file.lines.length < line - 1) file.lines.push("");
      continue;
    }
    if (!file || line === 0 || raw.startsWith("\\")) continue;
    if (raw.startsWith("+")) {
      file.lines.push(raw.slice(1));
      file.added.push(line);
      file.seen.push(line);
      line += 1;
    } else if (raw.startsWith(" ") || raw === "") {
      file.lines.push(raw.slice(1));
      file.seen.push(line);
      line += 1;
    } else if (!raw.startsWith("-")) {
      line = 0; // the end of this file's hunks (a `diff --git` or `index` line)
    }
  }
  return files.map((f) => ({ name: f.name, text: `${f.lines.join("\n")}\n`, added: f.added, seen: f.seen }));
}
