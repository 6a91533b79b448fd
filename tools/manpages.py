#!/usr/bin/env python3
"""Writes a man page per command of auditlog, generated from the command definitions: the JSON
that swift-argument-parser dumps with `auditlog --experimental-dump-help` (each command's
abstract, discussion with its examples, arguments and options with their help, value names and
defaults). Python standard library only; the same binary and date give the same bytes.

    manpages.py BINARY OUTDIR [--date YYYY-MM-DD]

Pages: auditlog.1 and auditlog-COMMAND.1 (section 1, roff `man` macros), each naming the others
in SEE ALSO. `man -l OUTDIR/auditlog-report.1` reads one without installing it.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path


def roff(text: str) -> str:
    """Text made safe for roff: backslashes escaped, and a line that would start with a control
    character ('.' or "'") protected by a zero-width escape."""
    out = []
    for line in text.replace("\\", "\\e").split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        out.append(line.replace("-", "\\-"))
    return "\n".join(out)


def option_synopsis(arg: dict) -> str:
    names = [("--" if n["kind"] == "long" else "-") + n["name"] for n in arg.get("names", [])]
    if arg["kind"] == "positional":
        head = f"<{arg.get('valueName', 'value')}>"
    elif arg["kind"] == "flag":
        head = ", ".join(names)
    else:
        head = ", ".join(names) + f" <{arg.get('valueName', 'value')}>"
    return head + (" ..." if arg.get("isRepeating") else "")


def discussion_blocks(text: str) -> list:
    """The discussion as paragraphs and example blocks: a line indented by two spaces is a command
    of an example, kept verbatim (never wrapped); other lines are prose, re-flowed by man."""
    blocks, prose, example = [], [], []
    for line in text.split("\n"):
        if line.startswith("  ") and line.strip():
            if prose:
                blocks.append(("p", " ".join(prose)))
                prose = []
            example.append(line[2:].rstrip())  # relative indent kept: a continued line stays under its command
        elif not line.strip():
            if prose:
                blocks.append(("p", " ".join(prose)))
                prose = []
            if example:
                blocks.append(("ex", example))
                example = []
        else:
            if example:
                blocks.append(("ex", example))
                example = []
            prose.append(line.strip())
    if prose:
        blocks.append(("p", " ".join(prose)))
    if example:
        blocks.append(("ex", example))
    return blocks


def page(command: dict, path: list, date: str, others: list) -> str:
    name = "-".join(path)
    title = name.upper()
    lines = [f'.TH "{title}" "1" "{date}" "auditlog" "User Commands"', ".SH NAME",
             f"{roff(' '.join(path))} \\- {roff(command.get('abstract', ''))}", ".SH SYNOPSIS"]
    shown = [a for a in command.get("arguments", []) if a.get("shouldDisplay", True)]
    synopsis = " ".join((f"[{option_synopsis(a)}]" if a.get("isOptional") else option_synopsis(a)) for a in shown)
    subcommands = [s for s in command.get("subcommands", []) if s.get("shouldDisplay", True)]
    lines.append(f".B {roff(' '.join(path))}")
    if subcommands:
        lines.append(roff("<command> [<options>]"))
    if synopsis:
        lines.append(roff(synopsis))
    if command.get("discussion"):
        lines.append(".SH DESCRIPTION")
        for kind, body in discussion_blocks(command["discussion"]):
            if kind == "p":
                lines += [".PP", roff(body)]
            else:
                lines += [".PP", ".nf", ".RS 4"] + [roff(b) for b in body] + [".RE", ".fi"]
    if shown:
        lines.append(".SH OPTIONS")
        for a in shown:
            lines += [".TP", f".B {roff(option_synopsis(a))}"]
            help_text = a.get("abstract", "")
            if "defaultValue" in a and a["defaultValue"] not in ("", None):
                help_text += f" (default: {a['defaultValue']})"
            lines.append(roff(help_text))
            if a.get("discussion"):
                lines += [".IP", roff(a["discussion"])]
    if subcommands:
        lines.append(".SH COMMANDS")
        for s in subcommands:
            lines += [".TP", f".B {roff(s['commandName'])}", roff(s.get("abstract", ""))]
    lines.append(".SH SEE ALSO")
    lines.append(",\n".join(f".BR {o} (1)" for o in others if o != name))
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary")
    parser.add_argument("outdir")
    parser.add_argument("--date", default="")
    args = parser.parse_args()
    dump = subprocess.run([args.binary, "--experimental-dump-help"], capture_output=True, check=True, timeout=60).stdout
    root = json.loads(dump)["command"]
    commands = [([root["commandName"]], root)] + [
        ([root["commandName"], s["commandName"]], s) for s in root.get("subcommands", []) if s.get("shouldDisplay", True)]
    names = ["-".join(p) for p, _ in commands]
    out = Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)
    for path, command in commands:
        (out / f"{'-'.join(path)}.1").write_text(page(command, path, args.date, names), encoding="utf-8")
    print(f"{len(commands)} man pages in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
