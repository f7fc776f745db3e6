"""Tests of the image harness's own reading of Dockerfiles (`./x test` runs them):
which emulated base stands in for a FROM line, and what the harness changes so that
buildah builds a file as BuildKit would."""

import unittest

import image_bases

DIGEST = "sha256:" + "ab" * 32


class Buildable(unittest.TestCase):
    def test_a_digest_pinned_base_builds_on_its_emulated_base(self):
        text, notes = image_bases.buildable(f"FROM python:3.12-slim@{DIGEST} AS base\nCMD [\"python\"]\n")
        self.assertEqual(text, "FROM python:3.12-slim AS base\nCMD [\"python\"]\n")
        self.assertEqual(len(notes), 1)
        self.assertIn("digest", notes[0])

    def test_a_digest_on_an_unknown_image_is_kept(self):
        source = f"FROM example.com/team/app@{DIGEST}\n"
        self.assertEqual(image_bases.buildable(source), (source, []))

    def test_relative_mount_targets_resolve_against_the_stage_workdir(self):
        source = (
            "FROM python:3.13-slim AS base\n"
            "WORKDIR /app\n"
            "RUN --mount=type=cache,target=/root/.cache/pip \\\n"
            "    --mount=type=bind,source=requirements.txt,target=requirements.txt \\\n"
            "    python -m pip install -r requirements.txt\n"
            "FROM base AS test\n"
            "WORKDIR src\n"
            "RUN --mount=type=bind,src=tests,dst=./tests python -m pytest tests\n"
        )
        text, notes = image_bases.buildable(source)
        self.assertIn("target=/root/.cache/pip", text)
        self.assertIn("source=requirements.txt,target=/app/requirements.txt", text)
        self.assertIn("src=tests,dst=/app/src/tests", text)
        self.assertEqual(len(notes), 2)

    def test_a_file_without_those_is_unchanged(self):
        source = "FROM python:3.13-slim\n# RUN --mount=type=bind,target=x is a comment\nRUN echo target=x\n"
        self.assertEqual(image_bases.buildable(source), (source, []))


class References(unittest.TestCase):
    def test_arg_templated_and_digest_pinned_bases_have_an_emulated_base(self):
        source = f"ARG PYTHON_VERSION=3.11\nFROM python:${{PYTHON_VERSION}}-slim@{DIGEST} as base\nFROM base\n"
        refs = image_bases.from_references(source)
        self.assertEqual(refs, [f"python:3.11-slim@{DIGEST}"])
        self.assertEqual(image_bases.alias(refs[0]), "python-3.11-slim")


if __name__ == "__main__":
    unittest.main()
