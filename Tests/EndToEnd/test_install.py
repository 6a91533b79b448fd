"""tools/install: the binary with a man page per command and shell completions, all generated from
the command definitions. The commands and their options are read here from `--help` (not from
the dump the generator reads); each page renders with groff without a warning, names the
command's abstract and every option, and keeps every help example on one line; bash completes
command names and options through the installed script; the installed binary has no DWARF
sections but keeps its symbol table."""
import os
import re
import subprocess

import pytest

from conftest import ROOT, binary_path


@pytest.fixture(scope="module")
def prefix(tmp_path_factory):
    prefix = tmp_path_factory.mktemp("install")
    env = dict(os.environ, AUDITLOG_INSTALL_BIN=str(binary_path()))
    proc = subprocess.run([str(ROOT / "tools/install"), str(prefix)], capture_output=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode()
    return prefix


def help_text(*command):
    """`auditlog COMMAND --help` as an 80-column terminal shows it, whatever the caller's $COLUMNS."""
    env = dict(os.environ, COLUMNS="80")
    return subprocess.run([str(binary_path()), *command, "--help"], capture_output=True, check=True, env=env,
                          timeout=60).stdout.decode()


def commands():
    text = help_text()
    section = text.split("SUBCOMMANDS:")[1]
    return [m.group(1) for m in re.finditer(r"^  (\S+)", section, re.MULTILINE) if m.group(1) != "See"]


def rendered(page):
    env = dict(os.environ, MANWIDTH="100", MAN_KEEP_FORMATTING="0")
    proc = subprocess.run(["groff", "-k", "-man", "-Tutf8", "-ww", "-P", "-cbou", str(page)], capture_output=True, env=env, timeout=60)
    assert proc.stderr == b"", proc.stderr.decode()
    # A word groff hyphenated at the end of a line (U+2010, then the break) is read whole: the
    # page's own hyphens are written \- and render as ASCII.
    return re.sub("\u2010\n\\s*", "", proc.stdout.decode())


def test_every_command_has_a_man_page_with_its_abstract_options_and_whole_examples(prefix):
    names = commands()
    assert "report" in names and "check" in names and len(names) > 20
    man1 = prefix / "share/man/man1"
    for name in names:
        page = man1 / f"auditlog-{name}.1"
        assert page.is_file(), f"no man page for {name}"
        text = rendered(page)
        flat = re.sub(r"\s+", " ", text)
        help = help_text(name)
        abstract = re.sub(r"\s+", " ", help.split("OVERVIEW:")[1].split("\n\n")[0]).strip()
        assert abstract in flat, f"{name}: the abstract"
        for option in set(re.findall(r"^  +(?:-\w, )?(--[a-z][a-z-]*)", help.split("OPTIONS:")[1], re.MULTILINE)):
            assert option in text, f"{name}: {option}"
        for example in re.findall(r"^\s+(auditlog .*)$", help.split("Examples:")[1] if "Examples:" in help else "", re.MULTILINE):
            assert any(line.strip() == example.strip() for line in text.splitlines()), f"{name}: example wrapped: {example}"
    assert "auditlog-report" in rendered(man1 / "auditlog.1")


def complete(prefix, words):
    script = prefix / "share/bash-completion/completions/auditlog"
    line = " ".join(words)
    program = (f'source "{script}"; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; COMP_LINE="{line}"; '
               f'COMP_POINT=${{#COMP_LINE}}; _auditlog auditlog "{words[-1]}" "{words[-2]}"; printf "%s\\n" "${{COMPREPLY[@]}}"')
    proc = subprocess.run(["bash", "-c", program], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout.decode().split()


def test_bash_completes_commands_and_options_and_the_other_shells_get_scripts(prefix):
    assert complete(prefix, ["auditlog", "rep"]) == ["report"]
    assert "--lang" in complete(prefix, ["auditlog", "report", "--la"])
    assert set(complete(prefix, ["auditlog", "ver"])) == {"verify", "verify-proof"}
    for path in ["share/zsh/site-functions/_auditlog", "share/fish/vendor_completions.d/auditlog.fish"]:
        text = (prefix / path).read_text()
        assert all(name in text for name in commands()), path
    assert subprocess.run([str(prefix / "bin/auditlog"), "--version"], capture_output=True, timeout=60).stdout.strip() == b"0.1.0"


def test_the_installed_binary_has_no_debug_sections_but_keeps_its_symbols(prefix):
    def sections(path):
        out = subprocess.run(["readelf", "-S", "-W", str(path)], capture_output=True, text=True, check=True).stdout
        return {word for line in out.splitlines() for word in line.replace("]", "] ").split() if word.startswith(".")}

    built = sections(binary_path())
    installed = sections(prefix / "bin/auditlog")
    assert ".debug_info" in built and ".debug_info" not in installed
    assert ".symtab" in installed
