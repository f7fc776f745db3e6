// A pasted unified diff (web/js/diff.js): the files it changes, their new sides with the
// lines the diff does not show left blank, and the lines it adds.
import assert from "node:assert/strict";
import { test } from "node:test";
import { diffFiles, isDiff } from "../../web/js/diff.js";

const DIFF = `diff --git a/Dockerfile b/Dockerfile
index 1111111..2222222 100644
--- a/Dockerfile
+++ b/Dockerfile
@@ -3,3 +3,4 @@ FROM python:3.13-slim
 WORKDIR /app
-COPY . .
+COPY app.py .
+USER root
 CMD ["python", "app.py"]
diff --git a/k8s/pod.yaml b/k8s/pod.yaml
new file mode 100644
--- /dev/null
+++ b/k8s/pod.yaml
@@ -0,0 +1,2 @@
+kind: Pod
+spec: {hostNetwork: true}
`;

test("a unified diff becomes its files, new side, with the added lines", () => {
  assert.ok(isDiff(DIFF));
  assert.ok(!isDiff("FROM python:3.13\n--- not a diff\n"));
  const files = diffFiles(DIFF);
  assert.deepEqual(files.map((f) => f.name), ["Dockerfile", "k8s/pod.yaml"]);
  assert.equal(files[0].text, '\n\nWORKDIR /app\nCOPY app.py .\nUSER root\nCMD ["python", "app.py"]\n');
  assert.deepEqual(files[0].added, [4, 5]);
  // What it shows: its context lines and the added ones; 1 and 2 were not seen.
  assert.deepEqual(files[0].seen, [3, 4, 5, 6]);
  assert.equal(files[1].text, "kind: Pod\nspec: {hostNetwork: true}\n");
  assert.deepEqual(files[1].added, [1, 2]);
  assert.deepEqual(files[1].seen, [1, 2]);
});
